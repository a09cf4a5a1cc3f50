// The demo: `npm run demo` (dev server) and `npm run demo:build` (static site in demo/dist). Both serve the
// weights and sample images of STYLEGRAD_DATA_DIR (default ../shared/data beside the repository) under /data/;
// the page reads them from its `?data=` URL parameter, else VITE_STYLEGRAD_DATA_URL, else `data/`.
import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { ISOLATION_HEADERS } from './server/isolationHeaders.ts';
import { serveFolder } from './server/serveFolder.ts';

const demoRoot = import.meta.dirname;
const repoRoot = path.resolve(demoRoot, '..');
const dataDir = path.resolve(process.env.STYLEGRAD_DATA_DIR ?? path.join(repoRoot, '../shared/data'));

/** Mounts the data folder at /data on the dev and preview servers. */
function serveData(): Plugin {
  return {
    name: 'stylegrad-demo-data',
    configureServer(server) {
      server.middlewares.use('/data', serveFolder(dataDir));
    },
    configurePreviewServer(server) {
      server.middlewares.use('/data', serveFolder(dataDir));
    },
  };
}

export default defineConfig({
  root: demoRoot,
  base: './',
  resolve: { alias: { stylegrad: path.join(repoRoot, 'src/index.ts') } },
  server: { host: '127.0.0.1', headers: { ...ISOLATION_HEADERS } },
  preview: { host: '127.0.0.1', headers: { ...ISOLATION_HEADERS } },
  // Not minified: tfjs's threaded wasm backend sends the source text of its Emscripten factory to its workers
  // (Function.prototype.toString), which breaks when a minifier renames the module variables that text refers to.
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', minify: false, chunkSizeWarningLimit: 6000 },
  plugins: [serveData()],
});

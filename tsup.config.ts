import { defineConfig } from 'tsup';

// Two entries: the platform-neutral API ('stylegrad') and the Node-only entry ('stylegrad/node').
// ESM + CJS with declarations for both; tfjs packages stay external (peer dependencies).
export default defineConfig([{
  entry: { index: 'src/index.ts', 'node/index': 'src/node/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  splitting: false,
  treeshake: true,
  // import.meta.url in the CJS build (parseH5InWorker finds its worker script next to the bundle).
  shims: true,
},
// The `stylegrad` bin (package.json "bin": dist/cli/main.js): ESM only, with a shebang.
// Splitting: main.js stays small (the relaunching parent, src/cli/main.ts); the program is a chunk it imports.
{ entry: { main: 'src/cli/main.ts' }, outDir: 'dist/cli', format: ['esm'], banner: { js: '#!/usr/bin/env node' }, dts: false, sourcemap: true, clean: false, target: 'node20', splitting: true },
// The worker that parses .h5 files off the main thread (src/node/internal/parseH5InWorker.ts), beside each
// bundle that starts it: dist/node/index.{js,cjs} and dist/cli/main.js look for ./h5ParseWorker.js next to
// themselves. ESM only (a .js file under "type": "module"); a CJS parent can start an ESM worker.
{
  entry: { 'node/h5ParseWorker': 'src/node/internal/h5ParseWorker.ts', 'cli/h5ParseWorker': 'src/node/internal/h5ParseWorker.ts' },
  format: ['esm'], dts: false, sourcemap: true, clean: false, target: 'node20', splitting: false,
}]);

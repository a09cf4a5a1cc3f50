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
},
// The `stylegrad` bin (package.json "bin": dist/cli/main.js): ESM only, with a shebang.
{ entry: { 'cli/main': 'src/cli/main.ts' }, format: ['esm'], banner: { js: '#!/usr/bin/env node' }, dts: false, sourcemap: true, clean: false, target: 'node20', splitting: false }]);

import { defineConfig } from 'vitest/config';

// Unit suites run twice, once per backend (cpu, wasm). Heavy end-to-end suites on real weights live in
// test/e2e and run once, on the fastest backend present (see test/setup/fastest.ts). Browser suites
// (test/browser) drive real Chromium and pick their backends in the page: once, and one file at a time.
const unit = ['test/**/*.test.ts'];
const e2e = ['test/e2e/**/*.test.ts'];
const browser = ['test/browser/**/*.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'cpu', include: unit, exclude: [...e2e, ...browser], setupFiles: ['test/setup/cpu.ts'] } },
      // The seeded loader fuzz reads files, not kernels: once (cpu) is enough.
      { extends: true, test: { name: 'wasm', include: unit, exclude: [...e2e, ...browser, 'test/fuzz/**'], setupFiles: ['test/setup/wasm.ts'] } },
      {
        extends: true,
        test: { name: 'e2e', include: e2e, setupFiles: ['test/setup/fastest.ts'], testTimeout: 600_000 },
      },
      { extends: true, test: { name: 'browser', include: browser, testTimeout: 300_000, hookTimeout: 300_000, fileParallelism: false } },
    ],
  },
});

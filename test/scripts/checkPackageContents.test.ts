// scripts/check-package-contents.mjs, which scripts/check-package.mjs applies to `npm pack --dry-run --json`:
// a hand-written pack report that is fine, then one fault at a time, each named in one sentence.
import { expect, test } from 'vitest';
import { entryPoints, packageContentProblems, readmeLinks, type PackReport } from '../../scripts/check-package-contents.mjs';

const manifest = {
  main: './dist/index.cjs',
  module: './dist/index.js',
  types: './dist/index.d.ts',
  bin: { stylegrad: './dist/cli/main.js' },
  exports: {
    '.': { import: { types: './dist/index.d.ts', default: './dist/index.js' }, require: { default: './dist/index.cjs' } },
    './package.json': './package.json',
  },
};
const readme = '# x\n[Install](#install), [cli](docs/cli.md#the-main-job), [site](https://example.com/a.md)\n';
const good = ['package.json', 'README.md', 'LICENSE', 'dist/index.cjs', 'dist/index.js', 'dist/index.js.map', 'dist/index.d.ts', 'dist/cli/main.js', 'docs/cli.md'];

function pack(paths: string[], size = 1000): PackReport {
  return { files: paths.map((path) => ({ path, size: 10 })), size, unpackedSize: size * 4, entryCount: paths.length };
}
const maps = { 'dist/index.js.map': ['../src/index.ts', '../src/gram/gramMatrix.ts'] };

test('entry points are every target package.json names, once each, without ./', () => {
  expect(entryPoints(manifest).sort()).toEqual(['dist/cli/main.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.js', 'package.json']);
});

test('README links are relative files without their anchors; URLs and in-page anchors are not', () => {
  expect(readmeLinks(readme)).toEqual(['docs/cli.md']);
});

test('a complete package has no problems', () => {
  expect(packageContentProblems(pack(good), manifest, readme, maps)).toEqual([]);
});

test.each(['README.md', 'LICENSE', 'dist/index.cjs', 'dist/cli/main.js'])('a missing %s is named', (missing) => {
  const paths = good.filter((p) => p !== missing);
  expect(packageContentProblems(pack(paths), manifest, readme, maps)).toEqual([`${missing} is missing from the package.`]);
});

test('a guide the README links to must be packed', () => {
  expect(packageContentProblems(pack(good.filter((p) => p !== 'docs/cli.md')), manifest, readme, maps)).toEqual([
    'README.md links to docs/cli.md, which is not in the package.',
  ]);
});

test('tests, benchmarks, weights, generated docs and stray maps are refused', () => {
  const extra = ['test/gram/gramMatrix.test.ts', 'dist/gram.test.js', 'benchmarks/run.ts', 'dist/vgg19.h5', 'docs/api/index.html', 'dist/old.js.map'];
  expect(packageContentProblems(pack([...good, ...extra]), manifest, readme, maps)).toEqual([
    'test/gram/gramMatrix.test.ts is a development folder and must not be published.',
    'dist/gram.test.js is a test or benchmark and must not be published.',
    'benchmarks/run.ts is a development folder and must not be published.',
    'dist/vgg19.h5 is a weights file and must not be published.',
    'docs/api/index.html is generated docs or figures and must not be published.',
    'dist/old.js.map maps a file that is not in the package.',
  ]);
});

test('a source map of test code is refused', () => {
  const testMaps = { 'dist/index.js.map': ['../src/index.ts', '../test/helpers/tensors.ts'] };
  expect(packageContentProblems(pack(good), manifest, readme, testMaps)).toEqual([
    'dist/index.js.map maps test or benchmark code (../test/helpers/tensors.ts).',
  ]);
});

test('each size budget is checked against its own limit', () => {
  const budget = { size: 999, unpackedSize: 4000, entryCount: 9 };
  expect(packageContentProblems(pack(good, 1000), manifest, readme, maps, budget)).toEqual(['size 1000 is over the budget of 999.']);
  expect(packageContentProblems(pack([...good, 'docs/losses.md'], 999), manifest, readme, maps, budget)).toEqual([
    'entryCount 10 is over the budget of 9.',
  ]);
});

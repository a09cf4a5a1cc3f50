// The architecture rules of eslint.architecture.js fire: each fixture is a small source placed (virtually) at
// a path under src/, linted with exactly those rules, and the expected rule ids are compared.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, test } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function lint(file: string, code: string): Promise<string[]> {
  const url = pathToFileURL(path.join(root, 'eslint.architecture.js')).href;
  const { architecture } = (await import(url)) as { architecture: Linter.Config[] };
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser as Linter.Parser } }, ...architecture],
  });
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.map((m) => `${m.severity === 2 ? 'error' : 'warning'} ${m.ruleId ?? m.message}`);
}

describe('layering (DESIGN.md §1)', () => {
  test.each([
    ['upward: gram imports losses', 'src/gram/fixture.ts', "import { styleLoss } from '../losses/styleLoss';"],
    ['upward from a nested internal file', 'src/io/internal/fixture.ts', "import { createAdam } from '../../optimizers/createAdam';"],
    ['sideways: losses imports optimizers', 'src/losses/fixture.ts', "import { createAdam } from '../optimizers/createAdam';"],
    ['sideways: transfer imports feedforward', 'src/transfer/fixture.ts', "import { applyTransform } from '../feedforward/applyTransform';"],
    ['upward: node imports cli', 'src/node/fixture.ts', "export { program } from '../cli/program';"],
    ['the shared bottom imports a module', 'src/internal/fixture.ts', "import type { FeatureLoss } from '../losses/types';"],
    ['a module imports the index', 'src/losses/fixture.ts', "import { gramMatrix } from '../index';"],
    ['another module\'s internal/', 'src/transfer/fixture.ts', "import { pool2d } from '../extractors/internal/pool2d';"],
    ['another module\'s internal/, from inside an internal/', 'src/node/internal/fixture.ts', "import { checkManifest } from '../../io/internal/checkManifest';"],
    ['the CLI reaches into node/internal/', 'src/cli/fixture.ts', "import { temporarySibling } from '../node/internal/atomicSteps';"],
    ['node reaches into io/internal/ (no named exceptions any more)', 'src/node/fixture.ts', "import { withH5File } from '../io/internal/h5';"],
    ['Node-only code in a platform-neutral module', 'src/image/fixture.ts', "import { readFile } from 'node:fs/promises';"],
    ['a backend outside src/node', 'src/extractors/fixture.ts', "import '@tensorflow/tfjs-node';"],
  ])('%s is an error', async (_, file, code) => {
    expect(await lint(file, code)).toEqual(['error no-restricted-imports']);
  });

  test.each([
    ['down: losses imports gram', 'src/losses/fixture.ts', "import { gramMatrix } from '../gram/gramMatrix';"],
    ['down across two layers: cli imports io', 'src/cli/fixture.ts', "import { loadWeights } from '../io/loadWeights';"],
    ['the shared bottom', 'src/optimizers/internal/fixture.ts', "import { StylegradError } from '../../errors';\nimport { assertPositiveFinite } from '../../internal/validate';"],
    ['its own internal/', 'src/losses/fixture.ts', "import { featureLossHandle } from './internal/lossHandle';"],
    ['a lower module\'s public file: node uses io\'s manifest parser', 'src/node/fixture.ts', "import { parseModelJson } from '../io/parseModelJson';"],
    ['Node-only code in src/node', 'src/node/fixture.ts', "import { readFile } from 'node:fs/promises';"],
  ])('%s is allowed', async (_, file, code) => {
    expect(await lint(file, code)).toEqual([]);
  });
});

describe('named tidies and function length (DESIGN.md §5)', () => {
  test.each([
    ['tf.tidy(() => …)', "import * as tf from '@tensorflow/tfjs-core';\nexport const f = (): tf.Tensor => tf.tidy(() => tf.zeros([1]));"],
    ['tf.tidy(function …)', "import * as tf from '@tensorflow/tfjs-core';\nexport const f = (): tf.Tensor => tf.tidy(function () { return tf.zeros([1]); });"],
    ['tidy(() => …) imported by name', "import { tidy, zeros } from '@tensorflow/tfjs-core';\nexport const f = () => tidy(() => zeros([1]));"],
  ])('an anonymous %s is an error', async (_, code) => {
    expect(await lint('src/gram/fixture.ts', code)).toEqual(['error no-restricted-syntax']);
  });

  test('a named tidy is allowed', async () => {
    const code = "import * as tf from '@tensorflow/tfjs-core';\nexport const f = (): tf.Tensor => tf.tidy('fixture.zeros', () => tf.zeros([1]));";
    expect(await lint('src/gram/fixture.ts', code)).toEqual([]);
  });

  test('a function of 81 lines is an error, 80 lines and comments and blank lines are not counted', async () => {
    const body = (n: number): string => Array.from({ length: n }, (_, i) => `  const v${i} = ${i};\n  // comment\n\n`).join('');
    // n constants + `return 0;` + the opening and closing lines: 77 + 3 = 80 lines and 78 + 3 = 81.
    const fn = (n: number): string => `export function f(): number {\n${body(n)}  return 0;\n}\n`;
    expect(await lint('src/gram/fixture.ts', fn(77))).toEqual([]);
    expect(await lint('src/gram/fixture.ts', fn(78))).toEqual(['error max-lines-per-function']);
  });
});

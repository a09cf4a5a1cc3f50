// One linter for the repo: typescript-eslint (type-aware) + eslint-plugin-jsdoc for TSDoc on exports.
import js from '@eslint/js';
import jsdoc from 'eslint-plugin-jsdoc';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { architecture } from './eslint.architecture.js';

export default tseslint.config(
  { ignores: ['dist/**', 'demo/dist/**', 'test-output/**', 'docs/api/**', 'node_modules/**', 'coverage/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: { allowDefaultProject: ['*.js', '*.mjs', 'scripts/*.mjs', 'test/smoke/*.mjs', 'test/smoke/*.cjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-unnecessary-condition': 'off',
    },
  },
  // Layering (DESIGN.md §1), named tidies, no default exports, function length: see eslint.architecture.js.
  ...architecture,
  {
    files: ['src/**/*.ts'],
    ignores: ['src/internal/**', 'src/**/internal/**', 'src/**/internal*.ts'],
    plugins: { jsdoc },
    rules: {
      'jsdoc/require-jsdoc': ['error', { publicOnly: true, require: { FunctionDeclaration: true, ClassDeclaration: true, ArrowFunctionExpression: true }, contexts: ['TSInterfaceDeclaration', 'TSTypeAliasDeclaration'] }],
      'jsdoc/require-example': ['error', { contexts: ['ExportNamedDeclaration > FunctionDeclaration'] }],
      'jsdoc/require-param': ['error', { contexts: ['ExportNamedDeclaration > FunctionDeclaration'] }],
      'jsdoc/require-returns': ['error', { contexts: ['ExportNamedDeclaration > FunctionDeclaration'] }],
      'jsdoc/check-param-names': 'error',
      'jsdoc/require-hyphen-before-param-description': 'error',
    },
  },
  {
    // The demo page runs in browsers.
    files: ['demo/src/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Tests, benchmarks and examples index fixed-size arrays they built themselves.
    files: ['test/**/*.ts', 'benchmarks/**/*.ts', 'examples/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unnecessary-type-assertion': 'off', // tfjs fixtures: tf.zeros([..]) as tf.Tensor4D
      '@typescript-eslint/no-confusing-void-expression': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // CommonJS consumers (the smoke test's CJS half) use require by definition.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);

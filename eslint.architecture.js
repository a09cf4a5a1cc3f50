// Architecture rules for src/ (DESIGN.md §1 and §5), kept apart from eslint.config.js so that
// test/eslint/architecture.test.ts can lint small fixture sources against exactly these rules.
//
// Layers, arrows pointing down only:
//   cli → node → transfer / feedforward → losses / optimizers / extractors / image → gram / io
// Every module may also import the shared bottom: src/errors.ts, src/types.ts and src/internal/.
// A module's own internal/ folder is private to it; src/internal/ is the shared one.

/** What each module may import besides itself and the shared bottom. */
const BELOW = {
  cli: ['node', 'transfer', 'feedforward', 'losses', 'optimizers', 'extractors', 'image', 'gram', 'io'],
  node: ['index', 'transfer', 'feedforward', 'losses', 'optimizers', 'extractors', 'image', 'gram', 'io'],
  transfer: ['losses', 'optimizers', 'extractors', 'image', 'gram', 'io'],
  feedforward: ['losses', 'optimizers', 'extractors', 'image', 'gram', 'io'],
  losses: ['gram'],
  optimizers: [],
  extractors: ['io'],
  image: [],
  gram: [],
  io: [],
};
const MODULES = Object.keys(BELOW);

/** A relative specifier that starts at `./` or any number of `../` and then names one of `names`. */
const relative = (names) => `^(\\./|(\\.\\./)+)(${names.join('|')})(/|$)`;

const PLATFORM = [
  { group: ['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-backend-*'], message: 'The host registers the backend; only src/node may pick one (DESIGN.md §1).' },
  { group: ['node:*', 'fs', 'path', 'sharp'], message: 'Platform-neutral code: Node-only code lives in src/node (DESIGN.md §1).' },
];

/** no-restricted-imports patterns for the files of one module. */
function modulePatterns(name) {
  const patterns = [];
  const above = MODULES.filter((other) => other !== name && !BELOW[name].includes(other));
  if (!BELOW[name].includes('index')) above.push('index');
  if (above.length > 0) {
    const allowed = ['errors', 'types', 'internal', ...BELOW[name].filter((m) => m !== 'index')];
    patterns.push({ regex: relative(above), message: `Layering (DESIGN.md §1): ${name}/ may import only ${allowed.join(', ')}; never a layer above it or beside it.` });
  }
  for (const other of MODULES.filter((m) => m !== name)) {
    patterns.push({ regex: `^(\\./|(\\.\\./)+)${other}/internal/`, message: `${other}/internal/ is private to ${other}/: import its public files, or move a helper several modules need to src/internal/.` });
  }
  if (name !== 'node' && name !== 'cli') patterns.push(...PLATFORM);
  return patterns;
}

const layering = [
  ...MODULES.map((name) => ({
    files: [`src/${name}/**/*.ts`],
    rules: { 'no-restricted-imports': ['error', { patterns: modulePatterns(name) }] },
  })),
  {
    // The shared bottom imports no module at all.
    files: ['src/internal/**/*.ts', 'src/errors.ts', 'src/types.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { regex: relative([...MODULES, 'index']), message: 'Layering (DESIGN.md §1): errors, types and src/internal/ are the shared bottom; they import no module.' },
        ...PLATFORM,
      ] }],
    },
  },
  {
    // The platform-neutral entry point re-exports everything except the Node-only layers.
    files: ['src/index.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { regex: relative(['node', 'cli']), message: "Layering (DESIGN.md §1): Node-only code is exported from 'stylegrad/node', not from the platform-neutral index." },
        { regex: `^\\./(${MODULES.join('|')})/internal/`, message: 'The index re-exports public files only.' },
        ...PLATFORM,
      ] }],
    },
  },
];

const style = {
  files: ['src/**/*.ts'],
  rules: {
    'no-restricted-syntax': ['error',
      { selector: 'ExportDefaultDeclaration', message: 'Use named exports (DESIGN.md §5).' },
      {
        selector: ":matches(CallExpression[callee.property.name='tidy'], CallExpression[callee.name='tidy'])[arguments.0.type=/FunctionExpression$/]",
        message: "Name every tf.tidy scope: tf.tidy('module.what', () => …) (DESIGN.md §5).",
      },
    ],
    // Functions of at most ~80 lines (DESIGN.md §5); blank lines and comments are not counted.
    'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
  },
};

/** The architecture rules for src/, as flat-config objects. */
export const architecture = [...layering, style];

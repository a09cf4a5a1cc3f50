// Bundles an entry for browsers with esbuild (platform browser, ESM, code splitting, minified) and reports what
// Node would be needed for and how big the library's own code is. Shared by the bundle test and its self-check.
import { builtinModules } from 'node:module';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

/** What a browser build of one entry contains. */
export interface BrowserBundle {
  /** Every import of a Node built-in (`node:fs`, `fs`, `path`, …) found in the inputs or the outputs, as `importer -> path`. */
  readonly nodeImports: readonly string[];
  /** esbuild errors (a Node built-in that cannot be resolved for the browser shows up here). */
  readonly errors: readonly string[];
  /** Input files reachable from the entry chunk through static imports only (loaded with the page). */
  readonly staticInputs: readonly string[];
  /** Input files only reachable through a dynamic `import()` (loaded on first use). */
  readonly lazyInputs: readonly string[];
  /** Minified bytes of the entry chunk and the chunks it imports statically (externals excluded). */
  readonly minBytes: number;
  /** The same, gzipped (level 9). */
  readonly gzipBytes: number;
}

const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** True for `node:*` and the bare names of Node's built-in modules (and their subpaths, e.g. `fs/promises`). */
export function isNodeBuiltin(path: string): boolean {
  return path.startsWith('node:') || builtins.has(path) || builtins.has(path.split('/')[0] ?? '');
}

/**
 * Bundles `entry` (or inline `contents`) for the browser; `external` packages (tfjs) are left out of the bundle
 * and of the sizes.
 */
export async function browserBundle(entry: { file: string } | { contents: string; resolveDir: string }, external: readonly string[]): Promise<BrowserBundle> {
  const entryOptions: esbuild.BuildOptions = 'file' in entry
    ? { entryPoints: { index: entry.file } }
    : { stdin: { contents: entry.contents, resolveDir: entry.resolveDir, loader: 'ts', sourcefile: 'index.ts' } };
  let result: esbuild.BuildResult<{ metafile: true; write: false }>;
  try {
    result = await esbuild.build({
      ...entryOptions,
      bundle: true,
      platform: 'browser',
      format: 'esm',
      splitting: true,
      minify: true,
      metafile: true,
      write: false,
      outdir: 'bundle-out',
      external: [...external],
      logLevel: 'silent',
    });
  } catch (error) {
    const failure = error as esbuild.BuildFailure;
    if (!Array.isArray(failure.errors)) throw error;
    return { nodeImports: [], errors: failure.errors.map((e) => e.text), staticInputs: [], lazyInputs: [], minBytes: 0, gzipBytes: 0 };
  }
  const { inputs, outputs } = result.metafile;
  const nodeImports = Object.entries(inputs).flatMap(([file, input]) =>
    input.imports.filter((i) => isNodeBuiltin(i.path)).map((i) => `${file} -> ${i.path}`));
  for (const [file, output] of Object.entries(outputs)) {
    for (const i of output.imports) if (isNodeBuiltin(i.path)) nodeImports.push(`${file} -> ${i.path}`);
  }
  const entryChunk = Object.keys(outputs).find((f) => outputs[f]?.entryPoint !== undefined);
  if (entryChunk === undefined) throw new Error('esbuild produced no entry chunk');
  const loaded = new Set<string>();
  const visit = (chunk: string): void => {
    if (loaded.has(chunk)) return;
    loaded.add(chunk);
    for (const i of outputs[chunk]?.imports ?? []) if (i.kind === 'import-statement' && !i.external) visit(i.path);
  };
  visit(entryChunk);
  const chunkInputs = (chunks: Iterable<string>): string[] => [...chunks].flatMap((c) => Object.keys(outputs[c]?.inputs ?? {}));
  const staticInputs = chunkInputs(loaded);
  const lazyInputs = chunkInputs(Object.keys(outputs).filter((c) => !loaded.has(c) && c.endsWith('.js')));
  const texts = result.outputFiles.filter((f) => loaded.has(toMetaPath(f.path, Object.keys(outputs))));
  const minBytes = texts.reduce((sum, f) => sum + f.contents.byteLength, 0);
  const gzipBytes = texts.reduce((sum, f) => sum + gzipSync(f.contents, { level: 9 }).byteLength, 0);
  return { nodeImports, errors: [], staticInputs, lazyInputs, minBytes, gzipBytes };
}

/** The metafile's (relative) name of an output file given by absolute path. */
function toMetaPath(absolute: string, names: readonly string[]): string {
  return names.find((n) => absolute.endsWith(n.replace(/^(\.\.\/)+/, ''))) ?? absolute;
}

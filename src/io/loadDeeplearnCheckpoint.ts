import { StylegradError } from '../errors';
import { describe } from '../internal/validate';
import { assertFiniteArray } from '../internal/assertFiniteWeights';

/**
 * One variable of a deeplearn.js checkpoint: its shape and its float32 values (row-major).
 *
 * @example
 * ```ts
 * const kernel: CheckpointVariable = { shape: [9, 9, 3, 32], values: new Float32Array(9 * 9 * 3 * 32) };
 * ```
 * @category IO
 */
export interface CheckpointVariable {
  /** The shape the manifest gives. */
  readonly shape: readonly number[];
  /** `product(shape)` float32 values, row-major. */
  readonly values: Float32Array;
}

/**
 * A deeplearn.js checkpoint read into memory: variables by name (`Variable`, `Variable_1`, …).
 * Plain arrays, no tensors, so nothing needs disposing.
 *
 * @example
 * ```ts
 * const checkpoint: DeeplearnCheckpoint = await loadDeeplearnCheckpoint(manifest, fetchBytes);
 * console.log(Object.keys(checkpoint).length); // 48 for a fast-style network
 * ```
 * @category IO
 */
export type DeeplearnCheckpoint = Readonly<Record<string, CheckpointVariable>>;

/**
 * Reads the bytes of one checkpoint file, named as in the manifest (relative to the manifest). `expectedBytes`
 * (4 × the product of the variable's shape) lets a reader refuse a file of another size before reading it;
 * a StylegradError it throws is passed on unchanged.
 *
 * @example
 * ```ts
 * const fetchBytes: CheckpointFileFetcher = async (name) => (await fetch(`/models/udnie/${name}`)).arrayBuffer();
 * ```
 * @category IO
 */
export type CheckpointFileFetcher = (filename: string, expectedBytes: number) => Promise<ArrayBuffer | ArrayBufferView>;

const FN = 'loadDeeplearnCheckpoint';

/**
 * Loads a deeplearn.js checkpoint dump (the format of reiinakano's and ml5's fast-style networks):
 * a `manifest.json` mapping each variable name to `{ filename, shape }`, and one raw little-endian
 * float32 file per variable. Platform-neutral: the caller supplies the parsed manifest and a function
 * that fetches a file's bytes (`fetch` in a browser, `fs.readFile` in Node).
 *
 * @param manifest - The parsed `manifest.json`.
 * @param fetchBytes - Reads one file named in the manifest.
 * @returns The variables by name, as float32 arrays with their shapes.
 * @throws {@link StylegradError} when the manifest is malformed (a filename absolute or with `..`
 * included), a file cannot be read (naming the variable and the file), a file's byte length does not equal
 * 4 × the product of its shape (truncated or padded), or a value is NaN or ±Infinity (naming the variable).
 * @example
 * ```ts
 * const manifest = await (await fetch('/models/udnie/manifest.json')).json();
 * const checkpoint = await loadDeeplearnCheckpoint(manifest, async (name) =>
 *   (await fetch(`/models/udnie/${name}`)).arrayBuffer());
 * ```
 * @category IO
 */
export async function loadDeeplearnCheckpoint(
  manifest: unknown,
  fetchBytes: CheckpointFileFetcher,
): Promise<DeeplearnCheckpoint> {
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
    throw new StylegradError(FN, 'manifest', `must be an object mapping variable names to { filename, shape }; got ${describe(manifest)}.`);
  }
  if (typeof fetchBytes !== 'function') {
    throw new StylegradError(FN, 'fetchBytes', `must be a function (filename) => Promise<ArrayBuffer>; got ${describe(fetchBytes)}.`);
  }
  const entries = Object.entries(manifest as Record<string, unknown>).map(([name, entry]) => parseEntry(name, entry));
  if (entries.length === 0) throw new StylegradError(FN, 'manifest', 'lists no variables.');
  const loaded = await Promise.all(
    entries.map(async ({ name, filename, shape }) => {
      const count = shape.reduce((a, b) => a * b, 1);
      let bytes: ArrayBuffer | ArrayBufferView;
      try {
        bytes = await fetchBytes(filename, count * 4);
      } catch (error) {
        if (error instanceof StylegradError) throw error;
        const reason = error instanceof Error ? error.message : String(error);
        throw new StylegradError(FN, `manifest.${name}`, `names file '${filename}', which could not be read: ${reason}`);
      }
      const view = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      if (view.byteLength !== count * 4) {
        throw new StylegradError(
          FN,
          `manifest.${name}`,
          `has shape [${shape.join(', ')}] (${count} float32 = ${count * 4} bytes) but file '${filename}' holds ${view.byteLength} bytes.`,
        );
      }
      const values = new Float32Array(count);
      new Uint8Array(values.buffer).set(view);
      if (!littleEndianHost()) swapBytes(values);
      assertFiniteArray(FN, `manifest.${name}`, name, values, `file '${filename}'`);
      return [name, { shape, values }] as const;
    }),
  );
  return Object.fromEntries(loaded);
}

function parseEntry(name: string, entry: unknown): { name: string; filename: string; shape: number[] } {
  if (typeof entry !== 'object' || entry === null) {
    throw new StylegradError(FN, `manifest.${name}`, `must be { filename, shape }; got ${describe(entry)}.`);
  }
  const { filename, shape } = entry as { filename?: unknown; shape?: unknown };
  if (typeof filename !== 'string' || filename.length === 0) {
    throw new StylegradError(FN, `manifest.${name}.filename`, `must be a non-empty string; got ${describe(filename)}.`);
  }
  if (/^([\\/]|[a-z][a-z0-9+.-]*:)/i.test(filename) || filename.split(/[\\/]/).includes('..')) {
    throw new StylegradError(FN, `manifest.${name}.filename`, `is '${filename}'; files must be named relative to the manifest and stay inside its folder (no absolute paths, URLs or '..').`);
  }
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) {
    throw new StylegradError(FN, `manifest.${name}.shape`, `must be an array of non-negative integers; got ${describe(shape)}.`);
  }
  return { name, filename, shape: shape as number[] };
}

function littleEndianHost(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}

function swapBytes(values: Float32Array): void {
  const view = new DataView(values.buffer);
  for (let i = 0; i < values.length; i++) values[i] = view.getFloat32(i * 4, true);
}

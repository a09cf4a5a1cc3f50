// h5wasm, loaded on first use (its WebAssembly module is large and only needed for .h5 files), with a
// private in-memory file per call. HDF5 prints its error stack to the module's stderr (dozens of
// "HDF5-DIAG" lines per failure, bound to console.error when the module is built); that stream is captured
// instead, and every failure becomes one StylegradError naming the file and HDF5's own innermost reason.
import { StylegradError } from '../../errors';
import { isHdf5 } from '../isHdf5';

type H5wasm = typeof import('h5wasm');

/** The part of emscripten's FS used to take over stderr (fd 2, a TTY device). */
interface EmscriptenStreams {
  getStream(fd: number): { tty?: unknown } | undefined;
}

let modulePromise: Promise<H5wasm> | undefined;
let counter = 0;
let diagnostics: string[] = [];

/** The h5wasm module once its WebAssembly is ready, with its stderr captured into `diagnostics`. */
export async function h5wasmReady(): Promise<H5wasm> {
  modulePromise ??= import('h5wasm').then(async (m) => {
    const { FS } = await m.ready;
    captureStderr(FS as unknown as EmscriptenStreams);
    return m;
  });
  return modulePromise;
}

/** Replaces the TTY behind fd 2 by one that collects lines instead of printing them. */
function captureStderr(fs: EmscriptenStreams): void {
  const stream = fs.getStream(2);
  if (stream === undefined) return;
  const flush = (tty: { output: number[] }): void => {
    if (tty.output.length > 0) diagnostics.push(new TextDecoder().decode(new Uint8Array(tty.output)));
    tty.output = [];
    if (diagnostics.length > 400) diagnostics = diagnostics.slice(-200);
  };
  stream.tty = {
    input: [],
    output: [],
    ops: {
      put_char: (tty: { output: number[] }, value: number | null) => {
        if (value === null || value === 10) flush(tty);
        else if (value !== 0) tty.output.push(value);
      },
      fsync: flush,
    },
  };
}

/** HDF5's innermost reason for the first error reported since the last call (e.g. `truncated file: eof = 100, …`). */
function takeReason(): string | undefined {
  const next = diagnostics.findIndex((line, i) => i > 0 && line.startsWith('HDF5-DIAG'));
  const firstBlock = next < 0 ? diagnostics : diagnostics.slice(0, next);
  diagnostics = [];
  const reasons = firstBlock.map((line) => /#\d+: .* in \w+\(\): (.*)$/.exec(line)?.[1]).filter((r): r is string => r !== undefined);
  return reasons[reasons.length - 1];
}

/**
 * Opens `bytes` as an HDF5 file, runs `use`, then closes and deletes it. Any failure of HDF5 (opening, or
 * reading inside `use`) is a StylegradError naming `source`; StylegradErrors thrown by `use` pass through.
 */
export async function withH5File<T>(
  fn: string,
  argument: string,
  bytes: Uint8Array,
  source: string,
  use: (file: InstanceType<H5wasm['File']>, h5: H5wasm) => T,
): Promise<T> {
  if (!isHdf5(bytes)) {
    const head = Array.from(bytes.slice(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new StylegradError(fn, argument, `is not an HDF5 file: ${source} does not start with the HDF5 signature 89 48 44 46 0d 0a 1a 0a (got ${head || 'no bytes'}).`);
  }
  const h5 = await h5wasmReady();
  const { FS } = await h5.ready;
  const name = `/stylegrad-read-${++counter}.h5`;
  FS.writeFile(name, bytes);
  diagnostics = [];
  let file: InstanceType<H5wasm['File']> | undefined;
  try {
    file = new h5.File(name, 'r');
    return use(file, h5);
  } catch (error) {
    if (error instanceof StylegradError) throw error;
    const reason = takeReason() ?? (error instanceof Error ? error.message : String(error));
    throw new StylegradError(fn, argument, `is a corrupt HDF5 file: ${source} could not be read (${reason}).`);
  } finally {
    try {
      file?.close();
    } catch {
      // closing a corrupt file can fail too; the error above (or the result) is what matters
    }
    diagnostics = [];
    FS.unlink(name);
  }
}

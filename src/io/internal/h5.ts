// h5wasm, loaded on first use (its WebAssembly module is large and only needed for .h5 files), with a
// private in-memory file per call.
import { StylegradError } from '../../errors';

type H5wasm = typeof import('h5wasm');

let modulePromise: Promise<H5wasm> | undefined;
let counter = 0;

/** The h5wasm module once its WebAssembly is ready. */
export async function h5wasmReady(): Promise<H5wasm> {
  modulePromise ??= import('h5wasm').then(async (m) => {
    await m.ready;
    return m;
  });
  return modulePromise;
}

/** HDF5's 8-byte signature. */
const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** True when `bytes` starts with the HDF5 signature. */
export function isHdf5(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && SIGNATURE.every((b, i) => bytes[i] === b);
}

/** Opens `bytes` as an HDF5 file, runs `use`, then closes and deletes it. */
export async function withH5File<T>(fn: string, argument: string, bytes: Uint8Array, use: (file: InstanceType<H5wasm['File']>, h5: H5wasm) => T): Promise<T> {
  if (!isHdf5(bytes)) {
    const head = Array.from(bytes.slice(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new StylegradError(fn, argument, `is not an HDF5 file: it does not start with the HDF5 signature 89 48 44 46 0d 0a 1a 0a (got ${head || 'no bytes'}).`);
  }
  const h5 = await h5wasmReady();
  const { FS } = await h5.ready;
  const name = `/stylegrad-read-${++counter}.h5`;
  FS.writeFile(name, bytes);
  const file = new h5.File(name, 'r');
  try {
    return use(file, h5);
  } finally {
    file.close();
    FS.unlink(name);
  }
}

// Reading the files a weights manifest names, safely: each must be a regular file inside the model's folder
// (after following symlinks), its size is checked before it is read, and it is read with a bound — a
// manifest entry naming /dev/zero, a FIFO or a file outside the folder is refused, never read.
import { open, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { StylegradError } from '../../errors';
import type { ShardReader } from '../../io/decodeManifestWeights';

/** The largest model.json / manifest.json read (64 MiB): a manifest is text listing shapes, never this big. */
export const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

/** Reads a manifest file after checking it is a regular file of at most MAX_MANIFEST_BYTES. */
export async function readManifestText(fn: string, argument: string, file: string): Promise<string> {
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new StylegradError(fn, argument, `'${file}' is not a regular file.`);
    size = info.size;
  } catch (error) {
    if (error instanceof StylegradError) throw error;
    throw new StylegradError(fn, argument, `'${file}' could not be read (${(error as Error).message}).`);
  }
  if (size > MAX_MANIFEST_BYTES) {
    throw new StylegradError(fn, argument, `'${file}' is ${size} bytes; a manifest larger than ${MAX_MANIFEST_BYTES} bytes is refused (it is not a model.json).`);
  }
  return new TextDecoder().decode(await readBounded(file, size));
}

/** A ShardReader over `folder` that only reads regular files inside it (symlinks resolved). */
export function folderShardReader(fn: string, argument: string, folder: string): Required<ShardReader> {
  const resolve = async (relativePath: string): Promise<string> => {
    const root = await realpath(folder);
    const file = await realpath(path.join(folder, relativePath));
    const inside = path.relative(root, file);
    if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) {
      throw new StylegradError(fn, argument, `lists weight file '${relativePath}', which resolves to '${file}' outside the model's folder '${root}'; shard files must stay inside it.`);
    }
    const info = await stat(file);
    if (!info.isFile()) throw new StylegradError(fn, argument, `lists weight file '${relativePath}', which is not a regular file; shards must be regular files.`);
    return file;
  };
  return {
    size: async (relativePath) => (await stat(await resolve(relativePath))).size,
    read: async (relativePath, bytes) => readBounded(await resolve(relativePath), bytes),
  };
}

/** Reads exactly `bytes` bytes of `file`, failing if its size is not `bytes` (it changed since stat). */
async function readBounded(file: string, bytes: number): Promise<ArrayBuffer> {
  const handle = await open(file, 'r');
  try {
    const size = (await handle.stat()).size;
    if (size !== bytes) throw new Error(`'${file}' changed size while being read (${bytes} then ${size} bytes)`);
    const data = new Uint8Array(bytes);
    let offset = 0;
    while (offset < bytes) {
      const { bytesRead } = await handle.read(data, offset, bytes - offset, offset);
      if (bytesRead === 0) throw new Error(`'${file}' ended after ${offset} of ${bytes} bytes`);
      offset += bytesRead;
    }
    return data.buffer;
  } finally {
    await handle.close();
  }
}

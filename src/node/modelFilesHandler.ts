// A save-only IOHandler that writes a model's files into a folder writeFolderAtomic has not yet published.
import type * as tf from '@tensorflow/tfjs-core';
import { writeModelFiles } from './writeModelFiles';

/**
 * An IOHandler whose `save` writes the model files into an unpublished folder with {@link writeModelFiles}
 * (4 MiB shards, model.json).
 *
 * @param fn - The public function writing (for errors).
 * @param folder - The temporary folder of writeFolderAtomic.
 * @returns A save-only IOHandler.
 * @example
 * ```ts
 * await writeFolderAtomic(fn, 'folder', 'models/a', (dir) => saveTransformNet(net, modelFilesHandler(fn, dir)));
 * ```
 */
export function modelFilesHandler(fn: string, folder: string): tf.io.IOHandler {
  return { save: (artifacts) => writeModelFiles(fn, folder, 'model.json', artifacts, 4 * 1024 * 1024) };
}

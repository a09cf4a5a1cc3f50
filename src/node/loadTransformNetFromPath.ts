import { stat } from 'node:fs/promises';
import path from 'node:path';
import { StylegradError } from '../errors';
import { loadDeeplearnCheckpoint } from '../io/loadDeeplearnCheckpoint';
import { transformNetFromCheckpoint } from '../feedforward/transformNetFromCheckpoint';
import { loadTransformNet } from '../feedforward/loadTransformNet';
import type { TransformNet } from '../feedforward/types';
import { fileSystemIOHandler } from './fileSystemIOHandler';
import { folderShardReader, readManifestText } from './internal/folderFiles';

const FN = 'loadTransformNetFromPath';

/**
 * Loads a transformation network from a folder: a deeplearn.js checkpoint (`manifest.json` + raw
 * float32 files, the pretrained fast-style networks) or a stylegrad layers-model folder (`model.json` +
 * weight shards, as written by {@link saveTransformNetToPath}).
 *
 * @param folder - The model folder.
 * @returns The network (call `dispose()`).
 * @throws {@link StylegradError} when the folder does not exist, holds neither `model.json` nor
 * `manifest.json`, a manifest is malformed or over 64 MiB, a file is missing, outside the folder, not a regular
 * file or of the wrong length (checked before reading), a weight is NaN or ±Infinity, or a weight shape does
 * not match.
 * @example
 * ```ts
 * const net = await loadTransformNetFromPath('models/udnie');
 * ```
 * @category Node
 */
export async function loadTransformNetFromPath(folder: string): Promise<TransformNet> {
  if (typeof folder !== 'string' || folder.length === 0) throw new StylegradError(FN, 'folder', 'must be a non-empty path string.');
  const info = await stat(folder).catch(() => undefined);
  if (info?.isDirectory() !== true) throw new StylegradError(FN, 'folder', `'${folder}' is not a directory.`);
  const modelJson = path.join(folder, 'model.json');
  if ((await stat(modelJson).catch(() => undefined))?.isFile() === true) return loadTransformNet(fileSystemIOHandler(modelJson));
  const manifestPath = path.join(folder, 'manifest.json');
  if ((await stat(manifestPath).catch(() => undefined)) !== undefined) {
    const manifestText = await readManifestText(FN, 'folder', manifestPath);
    let manifest: unknown;
    try {
      manifest = JSON.parse(manifestText);
    } catch (error) {
      throw new StylegradError(FN, 'folder', `holds '${manifestPath}', which is not valid JSON: ${(error as Error).message}`);
    }
    const reader = folderShardReader(FN, 'folder', folder);
    const checkpoint = await loadDeeplearnCheckpoint(manifest, async (name, expected) => {
      const size = await reader.size(name);
      if (size !== expected) {
        throw new StylegradError(FN, 'folder', `holds '${name}' of ${size} bytes, but ${manifestPath} needs ${expected} bytes for it (4 per float32); the file is truncated, padded or not this checkpoint's.`);
      }
      return reader.read(name, size);
    });
    return transformNetFromCheckpoint(checkpoint);
  }
  throw new StylegradError(FN, 'folder', `'${folder}' holds neither model.json (stylegrad layers model) nor manifest.json (deeplearn.js checkpoint).`);
}

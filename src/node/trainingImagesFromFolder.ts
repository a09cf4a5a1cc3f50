import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { StylegradError } from '../errors';
import type { TrainingImages } from '../feedforward/trainTypes';
import { readImage } from './readImage';

/**
 * The training images of a folder.
 *
 * @example
 * ```ts
 * const images: FolderTrainingImages = await trainingImagesFromFolder('coco-subset');
 * console.log(images.files.length);
 * ```
 * @category Node
 */
export interface FolderTrainingImages extends TrainingImages {
  /** The image paths, sorted by name. */
  readonly files: readonly string[];
}

const EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.webp', '.tif', '.tiff', '.gif', '.avif']);

/**
 * The images of a folder (JPEG, PNG, WebP, TIFF, GIF, AVIF; sorted by name; not recursive) as
 * `trainTransformNet`'s content images, decoded one at a time when the trainer asks for them.
 *
 * @param folder - The folder.
 * @returns A {@link TrainingImages} loader; `files` lists the image paths.
 * @throws {@link StylegradError} when the folder cannot be read or holds no images.
 * @example
 * ```ts
 * const images = await trainingImagesFromFolder('data/coco-subset');
 * for await (const e of trainTransformNet({ net, extractor, style, images, steps: 4000 })) { … }
 * ```
 * @category Node
 */
export async function trainingImagesFromFolder(folder: string): Promise<FolderTrainingImages> {
  const fn = 'trainingImagesFromFolder';
  let entries: string[];
  try {
    entries = await readdir(folder);
  } catch (error) {
    throw new StylegradError(fn, 'folder', `'${folder}' could not be read (${(error as Error).message}).`);
  }
  const files = entries.filter((f) => EXTENSIONS.has(path.extname(f).toLowerCase())).sort().map((f) => path.join(folder, f));
  if (files.length === 0) throw new StylegradError(fn, 'folder', `'${folder}' holds no images (${[...EXTENSIONS].join(', ')}).`);
  return {
    count: files.length,
    files,
    load: (index) => readImage(files[index] ?? ''),
  };
}

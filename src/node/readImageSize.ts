import { readImageHeader, readImageSource } from './internal/imageSource';

/**
 * The size of an image file, as {@link readImageSize} returns it.
 *
 * @example
 * ```ts
 * const size: ImageFileSize = { width: 1024, height: 768 };
 * ```
 * @category Node
 */
export interface ImageFileSize {
  /** Width in pixels, as displayed (EXIF orientation applied). */
  readonly width: number;
  /** Height in pixels, as displayed. */
  readonly height: number;
}

/**
 * The size of an image file as a viewer shows it (EXIF orientation applied), read from its header without
 * decoding the pixels — to plan work before reading the image.
 *
 * @param path - The image file.
 * @returns `{ width, height }` in pixels.
 * @throws {@link StylegradError} with the same messages as `readImage`: missing, a folder, unreadable, empty or
 *   not an image.
 * @example
 * ```ts
 * import { readImageSize } from 'stylegrad/node';
 * const { width, height } = await readImageSize('tubingen.jpg'); // 1024, 768
 * ```
 * @category Node
 */
export async function readImageSize(path: string): Promise<ImageFileSize> {
  const { width, height } = await readImageHeader('readImageSize', await readImageSource('readImageSize', path), `'${path}'`);
  return { width, height };
}

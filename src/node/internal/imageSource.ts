// Reading an image file's bytes and header with one clear error per way it can fail; shared by readImage and
// readImageSize so both say the same thing about the same file.
import { readFile, stat } from 'node:fs/promises';
import sharp, { type Metadata } from 'sharp';
import { StylegradError } from '../../errors';
import { describe } from '../../internal/validate';

/** The formats sharp decodes here, for messages. */
export const IMAGE_FORMATS = 'JPEG, PNG, WebP, GIF, TIFF or AVIF';

/**
 * The bytes of a file path (missing, folder, unreadable: each its own error) or of a Uint8Array.
 *
 * @param fn - The public function (for errors).
 * @param source - A path or the bytes.
 * @returns The bytes.
 * @throws {@link StylegradError} `readImage: source 'a.png' is a folder; give a … image file.` and the like.
 * @example
 * ```ts
 * const bytes = await readImageSource('readImage', 'a.png');
 * ```
 */
export async function readImageSource(fn: string, source: string | Uint8Array): Promise<Uint8Array> {
  if (source instanceof Uint8Array) return source;
  if (typeof source !== 'string') throw new StylegradError(fn, 'source', `must be a file path or a Uint8Array; got ${describe(source)}.`);
  const info = await stat(source).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new StylegradError(fn, 'source', `'${source}' does not exist; give a ${IMAGE_FORMATS} image file.`);
    throw new StylegradError(fn, 'source', `'${source}' could not be read (${(error as Error).message}).`);
  });
  if (info.isDirectory()) throw new StylegradError(fn, 'source', `'${source}' is a folder; give a ${IMAGE_FORMATS} image file.`);
  try {
    return await readFile(source);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') throw new StylegradError(fn, 'source', `'${source}' is not readable (permission denied).`);
    throw new StylegradError(fn, 'source', `'${source}' could not be read (${(error as Error).message}).`);
  }
}

/**
 * The format (upper case) and upright size (EXIF orientations 5..8 swap width and height) from the header alone.
 *
 * @param fn - The public function (for errors).
 * @param input - The bytes.
 * @param name - How to name the source in errors, e.g. `'a.png'` (quoted) or `the given bytes`.
 * @returns Format, width and height.
 * @throws {@link StylegradError} for empty bytes, or bytes that are no image sharp knows.
 * @example
 * ```ts
 * const { format, width, height } = await readImageHeader('readImage', bytes, "'a.png'");
 * ```
 */
export async function readImageHeader(fn: string, input: Uint8Array, name: string): Promise<{ format: string; width: number; height: number }> {
  if (input.byteLength === 0) throw new StylegradError(fn, 'source', `${name} ${name.startsWith("'") ? 'is' : 'are'} empty (0 bytes); give a ${IMAGE_FORMATS} image.`);
  let meta: Metadata;
  try {
    meta = await sharp(input).metadata();
  } catch {
    throw new StylegradError(fn, 'source', `${name} is not an image: its content is none of ${IMAGE_FORMATS}.`);
  }
  const upright = (meta.orientation ?? 1) >= 5;
  return { format: meta.format.toUpperCase(), width: upright ? meta.height : meta.width, height: upright ? meta.width : meta.height };
}

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { StylegradError } from '../../src/errors';
import { readImage } from '../../src/node/readImage';
import { writeImage } from '../../src/node/writeImage';
import { useTemporaryFolder } from '../helpers/useTemporaryFolder';

const images = resolve('../shared/data/images');
const dir = useTemporaryFolder('stylegrad-io-');

describe('readImage', () => {
  it('decodes a real baseline JPEG, resizing the longer side, as float32 0..255', async () => {
    const before = tf.memory().numTensors;
    const image = await readImage(join(images, 'content/tubingen.jpg'), { size: 128 });
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(image.shape).toEqual([96, 128, 3]); // 1024x768 -> 128x96
    expect(image.dtype).toBe('float32');
    const values = await image.data();
    expect(values.every((v) => Number.isInteger(v) && v >= 0 && v <= 255)).toBe(true);
    // A photo, not a flat or broken decode: the values spread over most of the range.
    expect(Math.max(...values) - Math.min(...values)).toBeGreaterThan(150);
    image.dispose();
  });

  it('decodes a real progressive JPEG at full size and as int32', async () => {
    expect((await sharp(join(images, 'content/stata.jpg')).metadata()).isProgressive).toBe(true);
    const image = await readImage(join(images, 'content/stata.jpg'), { dtype: 'int32' });
    expect(image.shape).toEqual([679, 1024, 3]);
    expect(image.dtype).toBe('int32');
    image.dispose();
  });

  it('reads back a progressive JPEG it wrote within JPEG error', async () => {
    // Smooth ramps compress well: a JPEG at quality 95 stays within a few levels of the source.
    const ramp = tf.tidy(() => {
      const x = tf.tile(tf.reshape(tf.linspace(0, 255, 32), [1, 32, 1]), [32, 1, 1]);
      const y = tf.tile(tf.reshape(tf.linspace(255, 0, 32), [32, 1, 1]), [1, 32, 1]);
      return tf.concat([x, y, tf.fill([32, 32, 1], 100)], 2) as tf.Tensor3D;
    });
    const path = join(dir(), 'ramp.jpg');
    await writeImage(ramp, path, { quality: 95, progressive: true });
    expect((await sharp(path).metadata()).isProgressive).toBe(true);
    const back = await readImage(path);
    const maxError = tf.tidy(() => tf.max(tf.abs(tf.sub(back, tf.round(ramp)))).dataSync()[0] ?? NaN);
    expect(maxError).toBeLessThan(8);
    tf.dispose([ramp, back]);
  });

  it('composites PNG alpha over the background (white by default)', async () => {
    // Pixels: opaque red; fully transparent green; black at alpha 128; white at alpha 0.
    const rgba = Buffer.from([255, 0, 0, 255, 0, 255, 0, 0, 0, 0, 0, 128, 255, 255, 255, 0]);
    const path = join(dir(), 'alpha.png');
    await sharp(rgba, { raw: { width: 2, height: 2, channels: 4 } }).png().toFile(path);
    const onWhite = await readImage(path);
    // Over white: red stays; transparent -> 255; black at 128/255 -> 255·(1 − 128/255) = 127.
    expect(Array.from(await onWhite.data())).toEqual([255, 0, 0, 255, 255, 255, 127, 127, 127, 255, 255, 255]);
    const onBlack = await readImage(path, { background: [0, 0, 0] });
    expect(Array.from(await onBlack.data())).toEqual([255, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    tf.dispose([onWhite, onBlack]);
  });

  it('expands a grayscale image to three equal channels', async () => {
    const grey = Buffer.from([0, 50, 100, 150, 200, 250]);
    const path = join(dir(), 'grey.png');
    await sharp(grey, { raw: { width: 3, height: 2, channels: 1 } }).toColourspace('b-w').png().toFile(path);
    expect((await sharp(path).metadata()).channels).toBe(1);
    const image = await readImage(path);
    expect(image.shape).toEqual([2, 3, 3]);
    expect(Array.from(await image.data())).toEqual([0, 0, 0, 50, 50, 50, 100, 100, 100, 150, 150, 150, 200, 200, 200, 250, 250, 250]);
    image.dispose();
  });

  it('applies the EXIF orientation (6 = rotate 90° clockwise)', async () => {
    // Stored 16 wide x 8 high, left half red, right half blue. Displayed rotated clockwise: 8 wide x 16 high,
    // the left half (red) on top.
    const raw = Buffer.alloc(16 * 8 * 3);
    for (let y = 0; y < 8; y++) {
      for (let x = 0; x < 16; x++) raw.set(x < 8 ? [255, 0, 0] : [0, 0, 255], (y * 16 + x) * 3);
    }
    const path = join(dir(), 'oriented.jpg');
    await sharp(raw, { raw: { width: 16, height: 8, channels: 3 } }).jpeg({ quality: 100 }).withMetadata({ orientation: 6 }).toFile(path);
    expect((await sharp(path).metadata()).orientation).toBe(6);
    const image = await readImage(path);
    expect(image.shape).toEqual([16, 8, 3]);
    const [topRed, bottomRed] = tf.tidy(() => [
      tf.slice(image, [2, 2, 0], [1, 1, 1]).dataSync()[0] ?? NaN,
      tf.slice(image, [13, 5, 0], [1, 1, 1]).dataSync()[0] ?? NaN,
    ]);
    expect(topRed).toBeGreaterThan(200);
    expect(bottomRed).toBeLessThan(50);
    image.dispose();
  });

  it('decodes encoded bytes and WebP, and resizes to an exact size', async () => {
    const bytes = await sharp({ create: { width: 10, height: 6, channels: 3, background: { r: 10, g: 20, b: 30 } } }).webp({ lossless: true }).toBuffer();
    const image = await readImage(new Uint8Array(bytes), { size: { width: 5, height: 4 } });
    expect(image.shape).toEqual([4, 5, 3]);
    expect(Array.from((await image.data()).slice(0, 3))).toEqual([10, 20, 30]);
    image.dispose();
  });

  it('rejects missing files, folders, empty, non-image and truncated files with one message each', async () => {
    const F = 'JPEG, PNG, WebP, GIF, TIFF or AVIF';
    const missing = join(dir(), 'nope.jpg');
    await expect(readImage(missing)).rejects.toThrow(`readImage: source '${missing}' does not exist; give a ${F} image file.`);
    const folder = join(dir(), 'folder.png');
    mkdirSync(folder);
    await expect(readImage(folder)).rejects.toThrow(`readImage: source '${folder}' is a folder; give a ${F} image file.`);
    const empty = join(dir(), 'empty.jpg');
    await writeFile(empty, '');
    await expect(readImage(empty)).rejects.toThrow(`readImage: source '${empty}' is empty (0 bytes); give a ${F} image.`);
    await expect(readImage(new Uint8Array(0))).rejects.toThrow(`readImage: source the given bytes are empty (0 bytes); give a ${F} image.`);
    const text = join(dir(), 'notes.jpg');
    await writeFile(text, 'this is not an image');
    await expect(readImage(text)).rejects.toThrow(StylegradError);
    await expect(readImage(text)).rejects.toThrow(`readImage: source '${text}' is not an image: its content is none of ${F}.`);
    // Cut before the end: libjpeg would fill the rest grey; the read must fail instead. Progressive (stata) too.
    for (const [source, bytes] of [['content/tubingen.jpg', 20_000], ['content/stata.jpg', 300_000]] as const) {
      const cut = join(dir(), `cut-${bytes}.jpg`);
      await writeFile(cut, (await readFile(join(images, source))).subarray(0, bytes));
      await expect(readImage(cut)).rejects.toThrow(
        `readImage: source '${cut}' is a truncated or corrupt JPEG image (VipsJpeg: premature end of JPEG image); re-export or re-download it.`,
      );
    }
    const png = join(dir(), 'cut.png');
    await writeFile(png, (await readFile(join(images, 'train/kodim01.png'))).subarray(0, 3000));
    await expect(readImage(png)).rejects.toThrow(/^readImage: source '.*cut\.png' is a truncated or corrupt PNG image \(.+\); re-export or re-download it\.$/);
  });

  it('rejects bad options with StylegradError', async () => {
    await expect(readImage(join(images, 'content/tubingen.jpg'), { size: 0 })).rejects.toThrow(/options.size must be a finite number > 0/);
    await expect(readImage(join(images, 'content/tubingen.jpg'), { dtype: 'uint8' as 'int32' })).rejects.toThrow(/options.dtype must be one of/);
  });
});

describe('writeImage', () => {
  it('rounds and clamps to 8 bits, losslessly in PNG, and does not dispose the tensor', async () => {
    const image = tf.tensor3d([-5, 300, 12.4, 12.6, 0, 255], [1, 2, 3]);
    const path = join(dir(), 'sub/clamped.png');
    const before = tf.memory().numTensors;
    await writeImage(image, path);
    expect(tf.memory().numTensors).toBe(before);
    const back = await readImage(path, { dtype: 'int32' });
    expect(Array.from(await back.data())).toEqual([0, 255, 12, 13, 0, 255]);
    expect(image.isDisposed).toBe(false);
    tf.dispose([image, back]);
  });

  it('writes a batch of one and grayscale, and picks the format from the extension', async () => {
    const image = tf.fill<tf.Rank.R4>([1, 4, 4, 3], 200);
    await writeImage(image, join(dir(), 'one.webp'));
    expect((await sharp(join(dir(), 'one.webp')).metadata()).format).toBe('webp');
    const grey = tf.fill<tf.Rank.R3>([4, 4, 1], 77);
    await writeImage(grey, join(dir(), 'grey.jpeg'));
    expect((await sharp(join(dir(), 'grey.jpeg')).metadata()).format).toBe('jpeg');
    expect((await readFile(join(dir(), 'grey.jpeg'))).length).toBeGreaterThan(0);
    tf.dispose([image, grey]);
  });

  it('rejects bad shapes, unknown extensions and bad quality', async () => {
    const image = tf.zeros<tf.Rank.R3>([4, 4, 3]);
    await expect(writeImage(tf.zeros([4, 4]) as unknown as tf.Tensor3D, join(dir(), 'a.png'))).rejects.toThrow(/writeImage: image must be/);
    await expect(writeImage(image, join(dir(), 'a.bmp'))).rejects.toThrow(/extension '\.bmp'/);
    await expect(writeImage(image, join(dir(), 'a.jpg'), { quality: 0 })).rejects.toThrow(/options.quality must be an integer 1..100/);
    image.dispose();
  });

  it('refuses NaN and ±Infinity pixels, naming the count and the first pixel, and writes nothing', async () => {
    const image = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, Number.NaN, 9, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0], [2, 2, 3]);
    const path = join(dir(), 'nan.png');
    await expect(writeImage(image, path)).rejects.toThrow(
      'writeImage: image has 3 non-finite values (NaN or ±Infinity), first at x 0, y 1; an image must hold finite numbers (0..255). Nothing was written.',
    );
    expect(existsSync(path)).toBe(false);
    image.dispose();
  });

  it('with overwrite: false leaves an existing file byte-for-byte unchanged and keeps the image as name-1', async () => {
    const path = join(dir(), 'kept.png');
    writeFileSync(path, 'not yours');
    const image = tf.zeros<tf.Rank.R3>([2, 2, 3]);
    await expect(writeImage(image, path, { overwrite: false })).rejects.toThrow(
      `writeImage: path '${path}' already exists; it was left as it is and this result was saved as '${join(dir(), 'kept-1.png')}' (allow overwriting to replace it; CLI: --force).`,
    );
    expect(readFileSync(path, 'utf8')).toBe('not yours');
    expect((await sharp(join(dir(), 'kept-1.png')).metadata()).format).toBe('png');
    await writeImage(image, path);
    expect((await sharp(path).metadata()).format).toBe('png');
    image.dispose();
  });
});

// The images and networks the stylize tests run on: the tiny two-layer extractor with two 16×16 test images
// (unit tests, fast on cpu and wasm) and VGG-19 with Tübingen and The Starry Night (end-to-end tests).
import type * as tf from '@tensorflow/tfjs-core';
import { dispose } from '@tensorflow/tfjs-core';
import type { FeatureExtractor } from '../../src/extractors/types';
import { CONTENT_IMAGE, STYLE_IMAGE, VGG19_WEIGHTS } from './sharedData';
import { testImage, tinyExtractor } from './tinyExtractor';

/** A network with a content and a style image; `dispose()` frees all three. */
export interface StylizeFixture {
  readonly extractor: FeatureExtractor;
  readonly content: tf.Tensor3D;
  readonly style: tf.Tensor3D;
  dispose(): void;
}

/** The tiny extractor (layers `a`, `b`) with `testImage(0)` as content and `testImage(2.5)` as style, 16×16. */
export function tinyFixture(): StylizeFixture {
  const extractor = tinyExtractor();
  const content = testImage(0);
  const style = testImage(2.5);
  return {
    extractor, content, style,
    dispose: () => {
      extractor.dispose();
      dispose([content, style]);
    },
  };
}

/** VGG-19 (8-bit weights) with Tübingen and The Starry Night read at `size` pixels on the longer side. */
export async function vggFixture(size: number): Promise<StylizeFixture> {
  // Imported here so the unit tests, which use only tinyFixture, do not load the Node image decoder.
  const [{ loadVgg19FromPath }, { readImage }] = await Promise.all([import('../../src/node/loadVgg19FromPath'), import('../../src/node/readImage')]);
  const extractor = await loadVgg19FromPath(VGG19_WEIGHTS);
  const content = await readImage(CONTENT_IMAGE, { size });
  const style = await readImage(STYLE_IMAGE, { size });
  return {
    extractor, content, style,
    dispose: () => {
      extractor.dispose();
      dispose([content, style]);
    },
  };
}

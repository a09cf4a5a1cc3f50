// Where a tile's core lies in a layer's feature grid. A network of 'same' convolutions and k×k pools of stride k
// maps an input region whose corner is a multiple of the layer's stride s onto the whole image's feature grid
// shifted by corner / s; so the features of a core are a slice of the region's features, and equal the whole
// image's there once the halo covers the receptive field.
import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../../errors';
import type { FeatureExtractor } from '../../extractors/types';
import type { PixelRect, Tile } from '../../image/tileGrid';

/** A rectangle in a feature grid, in the same fields as a pixel rectangle. */
export type FeatureRect = PixelRect;

/**
 * Each layer's stride, read from a probe of `2·align × 3·align` pixels: a layer is usable for tiling when its
 * feature grid there is exactly `(2·align / s) × (3·align / s)` for a power of two `s` dividing `align`.
 *
 * @throws {@link StylegradError} naming the layer when its grid is not regular (e.g. SqueezeNet's 'valid' stride-2
 *   first convolution) or its stride does not divide `align`.
 */
export function layerStrides(extractor: FeatureExtractor, layers: readonly string[], align: number): Map<string, number> {
  const features = tf.tidy('stylize.tileProbe', () => extractor.extract(tf.zeros<tf.Rank.R4>([1, 2 * align, 3 * align, 3]), layers));
  try {
    const strides = new Map<string, number>();
    for (const layer of layers) {
      const shape = (features[layer] as tf.Tensor4D).shape;
      const stride = (2 * align) / shape[1];
      const regular = Number.isInteger(stride) && (stride & (stride - 1)) === 0 && align % stride === 0 && shape[2] * stride === 3 * align;
      if (!regular) {
        throw new StylegradError('stylize', 'options.tiling', `needs layers whose feature grid is the input's divided by a power of two that divides align (${align}); ${extractor.id} layer '${layer}' maps ${2 * align}×${3 * align} pixels to ${shape[1]}×${shape[2]}. Use a VGG extractor, or no tiling.`);
      }
      strides.set(layer, stride);
    }
    return strides;
  } finally {
    tf.dispose(Object.values(features));
  }
}

/**
 * The core of `tile` in the feature grid of a layer of stride `stride`, relative to the region's grid (`local`)
 * and to the whole image's (`global`). Inner core edges are multiples of the stride; a core edge at the image's
 * edge ends where the region's grid ends (the region reaches the image's edge there), whatever the network's
 * rounding of sizes that are not multiples of the stride. A core may be empty in a coarse grid.
 */
export function coreInFeatures(tile: Tile, stride: number, regionGrid: { readonly height: number; readonly width: number }, image: { readonly height: number; readonly width: number }): { local: FeatureRect; global: FeatureRect } {
  const { core, region } = tile;
  const axis = (start: number, end: number, regionStart: number, regionCells: number, imageLength: number): [number, number, number] => {
    const from = start / stride;
    const to = end === imageLength ? regionStart / stride + regionCells : end / stride;
    return [from - regionStart / stride, Math.max(0, to - from), from];
  };
  const [localTop, height, top] = axis(core.top, core.top + core.height, region.top, regionGrid.height, image.height);
  const [localLeft, width, left] = axis(core.left, core.left + core.width, region.left, regionGrid.width, image.width);
  return { local: { top: localTop, left: localLeft, height, width }, global: { top, left, height, width } };
}

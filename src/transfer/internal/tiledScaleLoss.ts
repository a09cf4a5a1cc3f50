// One stylize scale's loss evaluated tile by tile (see tiledLoss.ts): the same terms as buildLoss.
import * as tf from '@tensorflow/tfjs-core';
import { resizeImage } from '../../image/resizeImage';
import type { LossTerms } from '../types';
import type { ColourPrepared } from './colourControl';
import type { ResolvedTiling, StylizePlan } from './resolveOptions';
import type { ScaleLoss } from './scaleLoss';
import { styleTargetSize } from './styleTargetSize';
import { createTiledLoss, type TiledLossSpec, type TiledValues } from './tiledLoss';

/** The tiled loss of scale number `scale` (`height`×`width`), reporting tile progress to `plan.onTile`. */
export function tiledScaleLoss(plan: StylizePlan, prepared: ColourPrepared, height: number, width: number, tiling: ResolvedTiling, scale: number): ScaleLoss {
  const made: tf.Tensor[] = [];
  try {
    const onTile = plan.onTile;
    const tiled = createTiledLoss({
      extractor: plan.extractor, channels: prepared.channels, height, width, tiling, signal: plan.signal,
      content: tiledContentTerm(plan, prepared, height, width, made),
      style: tiledStyleTerm(plan, prepared, height, width, made),
      tv: plan.tvWeight > 0 ? { weight: plan.tvWeight, kind: plan.tvKind, reduction: plan.tvReduction } : null,
      progress: (pass, tile, tiles) => onTile?.({ scale, pass, tile, tiles }),
    });
    return {
      tiles: tiled.tiles,
      objective: (log) => (x) => {
        const { values, gradient } = tiled.valueAndGradient(x);
        const terms = toLossTerms(values);
        log.push({ loss: terms.total, terms });
        return { loss: terms.total, gradient };
      },
      evaluate: (x) => toLossTerms(tiled.value(x)),
      setIteration: (iteration) => {
        tiled.setIteration(iteration);
      },
      dispose: () => {
        tiled.dispose();
      },
    };
  } finally {
    tf.dispose(made);
  }
}

/** The content term's settings with its image at this scale (pushed to `made`), or `null` when left out. */
function tiledContentTerm(plan: StylizePlan, prepared: ColourPrepared, height: number, width: number, made: tf.Tensor[]): TiledLossSpec['content'] {
  if (plan.mode === 'texture' || plan.contentWeight <= 0 || prepared.content === null) return null;
  const image = resizeImage(prepared.content, { height, width });
  made.push(image);
  return { image, layers: plan.contentLayers, weight: plan.contentWeight, reduction: plan.contentReduction };
}

/** The style term's settings with each style at its target size (pushed to `made`), or `null` when left out. */
function tiledStyleTerm(plan: StylizePlan, prepared: ColourPrepared, height: number, width: number, made: tf.Tensor[]): TiledLossSpec['style'] {
  if (plan.mode === 'content' || plan.styleWeight <= 0) return null;
  const images = prepared.styles.map(({ image, weight }) => {
    const resized = resizeImage(image, styleTargetSize(image.shape, height, width, plan.styleScale));
    made.push(resized);
    return { image: resized, weight };
  });
  return { images, layers: plan.styleLayers, weight: plan.styleWeight, reduction: plan.styleReduction, normalization: plan.gramNormalization };
}

function toLossTerms(values: TiledValues): LossTerms {
  const out: Record<string, number> = { total: values.total };
  for (const name of ['content', 'style', 'tv'] as const) if (values.terms[name] !== undefined) out[name] = values.terms[name];
  return out as unknown as LossTerms;
}

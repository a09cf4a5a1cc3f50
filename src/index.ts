// stylegrad: the platform-neutral API (browsers and Node). Node-only code is exported from 'stylegrad/node'.
// tfjs-core alone registers no gradient kernels ("gradient function not found for Sum"); tfjs-layers registers
// them all. Imported here, in the entry, so bundling keeps it (checked by test/smoke in plain Node).
import '@tensorflow/tfjs-layers';

export { StylegradError } from './errors';
export { NetworkMismatchError } from './extractors/networkMismatchError';
export type { FeatureMap } from './types';
export type { FeatureExtractor } from './extractors/types';
export type { BoxBounds, Objective, Optimizer, StepResult, StopReason, VariablesObjective } from './optimizers/types';
export { gramMatrix, type GramMatrixOptions, type GramNormalization } from './gram/gramMatrix';
export { contentLoss, type ContentLossOptions, type ContentReduction } from './losses/contentLoss';
export { styleLoss, type StyleLossOptions, type StyleReduction, type StyleSource } from './losses/styleLoss';
export { guidedStyleLoss, type GuidedStyleRegion } from './losses/guidedStyleLoss';
export { maskedContentLoss, type MaskedContentLossOptions } from './losses/maskedContentLoss';
export { blendStyleTargets } from './losses/blendStyleTargets';

export {
  gaussianWassersteinStyleLoss, type GaussianWassersteinStyleLossOptions,
} from './losses/gaussianWassersteinStyleLoss';
export { momentStyleLoss, type MomentStyleLossOptions } from './losses/momentStyleLoss';
export {
  slicedWassersteinStyleLoss, type SlicedWassersteinStyleLossOptions,
} from './losses/slicedWassersteinStyleLoss';
export { totalVariationLoss, type TotalVariationKind, type TotalVariationOptions } from './losses/totalVariationLoss';
export { combineLosses, type CombinedLoss, type LossBreakdown, type LossInput } from './losses/combineLosses';
export type { FeatureLoss, ImageLoss, LossTerm } from './losses/types';
export { resizeImage, type ImageSize } from './image/resizeImage';
export { rgbToYiq } from './image/rgbToYiq';
export { yiqToRgb } from './image/yiqToRgb';
export { matchColorStatistics, type MatchColorStatisticsOptions } from './image/matchColorStatistics';
export { matchHistogram } from './image/matchHistogram';
export { contactSheet, type ContactSheetOptions } from './image/contactSheet';
export { layerMasks, type LayerMasksOptions } from './image/layerMasks';
export { compositeMasked } from './image/compositeMasked';
export { tileGrid, type PixelRect, type Tile, type TileGridOptions } from './image/tileGrid';
export { createVggExtractor, type VggExtractorOptions } from './extractors/createVggExtractor';
export { loadVgg19 } from './extractors/loadVgg19';
export { preprocessImage, type Preprocessing } from './extractors/preprocessImage';
export { loadTfjsWeights, type LoadTfjsWeightsOptions } from './io/loadTfjsWeights';
export { loadKerasH5Weights } from './io/loadKerasH5Weights';
export { loadWeights, type WeightFileSource } from './io/loadWeights';
export type { WeightMap, WeightSource } from './io/types';
export { loadDeeplearnCheckpoint, type CheckpointFileFetcher, type CheckpointVariable, type DeeplearnCheckpoint } from './io/loadDeeplearnCheckpoint';
export type { TransformNet, TransformNetArchitecture } from './feedforward/types';
export { transformNetFromCheckpoint } from './feedforward/transformNetFromCheckpoint';
export { applyTransform, type ApplyTransformOptions, type TileProgressEvent } from './feedforward/applyTransform';
export { applyTransformTiled, type ApplyTransformTiledOptions } from './feedforward/applyTransformTiled';
export { createTransformNet, type CreateTransformNetOptions } from './feedforward/createTransformNet';
export { registerTransformNetLayers } from './feedforward/registerTransformNetLayers';
export { transformNetToLayersModel } from './feedforward/transformNetToLayersModel';
export { saveTransformNet } from './feedforward/saveTransformNet';
export { loadTransformNet } from './feedforward/loadTransformNet';
export { createSqueezeNetExtractor, type SqueezeNetExtractorOptions } from './extractors/createSqueezeNetExtractor';
export { loadSqueezeNet } from './extractors/loadSqueezeNet';
export { createAdam, type AdamOptimizer, type AdamOptions, type AdamResume, type AdamState, type AdamVariablesState } from './optimizers/createAdam';
export { createLbfgs, type LbfgsOptions, type LbfgsState } from './optimizers/createLbfgs';
export { fromLayersModel, type FromLayersModelOptions } from './extractors/fromLayersModel';
export { stylize } from './transfer/stylize';
export { stylizePresets } from './transfer/stylizePresets';
export { getPreset } from './transfer/getPreset';
export { scaleSchedule } from './transfer/scaleSchedule';
export type {
  ColourControl, DoneEvent, EarlyStoppingOptions, ImageEvent, IterationEvent, LayerSelection, LossTerms, MultiScaleOptions,
  OptimizerSpec, ScaleEvent, StyleImage, StyleLossKind, StylizeEvent, StylizeMode, StylizeOptions, StylizeRegion, StylizeSettings, TileProgress, TilingOptions, WarningEvent,
} from './transfer/types';
export { trainTransformNet } from './feedforward/trainTransformNet';
export type { TrainCheckpointEvent, TrainDoneEvent, TrainEvent, TrainingImages, TrainingLossRecord, TrainingState, TrainStepEvent, TrainTransformNetOptions } from './feedforward/trainTypes';
export type { TransformNetWeights } from './feedforward/types';
export { loadVgg16 } from './extractors/loadVgg16';
export { weightsToModelArtifacts, type WeightsToModelArtifactsOptions } from './io/weightsToModelArtifacts';
export { identifyNetwork } from './extractors/identifyNetwork';

// stylegrad: the platform-neutral API (browsers and Node). Node-only code is exported from 'stylegrad/node'.
import './internal/registerGradients';

export { StylegradError } from './errors';
export type { FeatureMap } from './types';
export type { FeatureExtractor } from './extractors/types';
export type { Objective, Optimizer, StepResult } from './optimizers/types';

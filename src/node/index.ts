// stylegrad/node: everything in 'stylegrad' plus the Node-only parts (filesystem, image codecs, backend choice).
export * from '../index';
export { readImage } from './readImage';
export type { ReadImageOptions } from './readImage';
export { writeImage } from './writeImage';
export type { WriteImageOptions } from './writeImage';
export { pickBackend } from './pickBackend';
export type { BackendCandidate, PickBackendOptions, PickedBackend } from './pickBackend';
export { fileSystemIOHandler, type FileSystemIOHandlerOptions } from './fileSystemIOHandler';
export { loadWeightsFromPath } from './loadWeightsFromPath';
export { loadVgg19FromPath } from './loadVgg19FromPath';
export { loadTransformNetFromPath } from './loadTransformNetFromPath';
export { saveTransformNetToPath } from './saveTransformNetToPath';
export { loadSqueezeNetFromPath } from './loadSqueezeNetFromPath';
export { plotLossCurve, type LossCurveOptions } from './plotLossCurve';
export { saveTrainingCheckpoint } from './saveTrainingCheckpoint';
export { loadTrainingCheckpoint } from './loadTrainingCheckpoint';
export { trainingImagesFromFolder } from './trainingImagesFromFolder';

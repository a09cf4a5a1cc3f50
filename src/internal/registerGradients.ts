// tfjs-core alone registers no gradient kernels ("gradient function not found for Sum"); importing
// tfjs-layers registers them all. Imported by src/index.ts so every consumer of the built package
// (plain Node ESM and CJS included, DESIGN.md §1) can differentiate our losses.
import '@tensorflow/tfjs-layers';

// One benchmark configuration in a fresh process (a tfjs backend cannot be cleanly swapped in-process, and
// peak RSS is per process): picks the backend, builds the extractor, then times
//   forward:        extract(image, [deepest])                       -> read back
//   forward + grad: tf.grad(x => Σ extract(x, [deepest])[deepest]) -> read back the input gradient
// and prints one line `BENCH_RESULT {json}`. Run by benchmarks/extractors.ts; argv[2] is the JSON config.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers'; // registers the gradients, as importing stylegrad does
import { pickBackend, type BackendCandidate } from '../../src/node/pickBackend';
import { measure } from './measure';
import { buildExtractor, DEEPEST, type Network } from './networks';

export interface WorkerConfig {
  readonly backend: BackendCandidate;
  readonly network: Network;
  readonly size: number;
  readonly fastInputGradient: boolean;
  readonly budgetSeconds: number;
  readonly maxRuns: number;
}

export interface WorkerResult extends WorkerConfig {
  readonly tfBackend: string;
  readonly forward: ReturnType<typeof measure>;
  readonly forwardGrad: ReturnType<typeof measure>;
  /** Bytes of live tensors before a step (weights + image). */
  readonly baselineBytes: number;
  /** tf.memory().numBytes high-water during one forward + gradient step (tf.profile), weights included. */
  readonly peakTensorBytes: number;
  /** The process's peak resident set size (process.resourceUsage().maxRSS). */
  readonly peakRssBytes: number;
  /** Σ|∂loss/∂image|, to compare with the PyTorch peer's gradAbsSum (same weights: should agree to ~1e-4). */
  readonly gradAbsSum: number;
  readonly leakedTensors: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as WorkerConfig;
process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
const picked = await pickBackend({ force: config.backend });
const extractor = await buildExtractor(config.network, config.fastInputGradient);
const layer = DEEPEST[config.network];
// The PyTorch peer's image: RGB value (7 h + 13 w + 29 c) mod 256, so the input gradients can be compared.
const pixels = new Float32Array(config.size * config.size * 3);
pixels.forEach((_, i) => {
  const c = i % 3;
  const w = Math.floor(i / 3) % config.size;
  const h = Math.floor(i / (3 * config.size));
  pixels[i] = (7 * h + 13 * w + 29 * c) % 256;
});
const image = tf.tensor4d(pixels, [1, config.size, config.size, 3]);
const lossOf = (x: tf.Tensor): tf.Scalar => {
  const features = extractor.extract(x as tf.Tensor4D, [layer]);
  return tf.sum(features[layer] as tf.Tensor);
};
const gradStep = (): tf.Tensor => tf.tidy('benchGradStep', () => tf.grad(lossOf)(image));

const tensorsBefore = tf.memory().numTensors;
const baselineBytes = tf.memory().numBytes;
// First call: profiled for peak tensor memory; it is also the warm-up (kernel set-up, allocations).
let profiledGrad: tf.Tensor | undefined;
const start = process.hrtime.bigint();
const profile = await tf.profile(() => {
  profiledGrad = gradStep();
  profiledGrad.dataSync();
  return profiledGrad;
});
const profiledSeconds = Number(process.hrtime.bigint() - start) / 1e9;
const peakTensorBytes = profile.peakBytes;
const gradAbsSum = tf.tidy(() => tf.sum(tf.abs(profiledGrad as tf.Tensor)).dataSync()[0] ?? NaN);
tf.dispose(profiledGrad);

const forwardGrad = measure(
  () => {
    const grad = gradStep();
    grad.dataSync();
    grad.dispose();
  },
  { budgetSeconds: config.budgetSeconds, maxRuns: config.maxRuns, warmupSeconds: profiledSeconds },
);
const forward = measure(
  () => {
    const out = tf.tidy('benchForward', () => extractor.extract(image, [layer])[layer] as tf.Tensor);
    out.dataSync();
    out.dispose();
  },
  { budgetSeconds: config.budgetSeconds / 3, maxRuns: config.maxRuns },
);
const leakedTensors = tf.memory().numTensors - tensorsBefore;
image.dispose();
extractor.dispose();

const result: WorkerResult = {
  ...config,
  tfBackend: picked.backend,
  forward,
  forwardGrad,
  baselineBytes,
  peakTensorBytes,
  peakRssBytes: process.resourceUsage().maxRSS * 1024,
  gradAbsSum,
  leakedTensors,
};
console.log(`BENCH_RESULT ${JSON.stringify(result)}`);

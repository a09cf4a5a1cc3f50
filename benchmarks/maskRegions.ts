// Quality, not speed: two regions, two styles (guided Gram matrices, Gatys et al. 2017, "Controlling Perceptual
// Factors in Neural Style Transfer", §4). `stylize` with `regions` stylises the left half of Tübingen like The
// Starry Night and the right half like The Scream (default preset, VGG-19); a control run blends both styles over
// the whole image without regions. For each run, region and layer (conv1_1..conv5_1) the script computes, with its
// own float64 loops, the region's guided Gram of the result (features weighted by the half mask averaged down to
// the layer's size, divided by C · Σ m²) and its squared distance to each style's Gram (whole style image, C·H·W),
// and reports the ratio other / own: above 1 means the region is nearer its own style.
//
//   npx tsx benchmarks/maskRegions.ts [--size 256] [--iterations 100]
//
// Writes benchmarks/results/mask-regions.{json,md} and docs/examples/mask-regions.jpg. See benchmarks/README.md.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { writeFileAtomic } from '../src/node/writeFileAtomic';
import { contactSheet, loadVgg19FromPath, pickBackend, readImage, stylize, writeImage, type FeatureExtractor, type StylizeOptions } from '../src/node/index';

const root = resolve(import.meta.dirname, '..');
const DATA = resolve(root, '../shared/data');
const { values: args } = parseArgs({ options: { size: { type: 'string', default: '256' }, iterations: { type: 'string', default: '100' } } });
const size = Number(args.size);
const iterations = Number(args.iterations);
const LAYERS = ['conv1_1', 'conv2_1', 'conv3_1', 'conv4_1', 'conv5_1'] as const;

/** Gram of `features` [1, h, w, C] weighted by `mask` (h × w, row-major), divided by C · Σ m², in float64. */
function guidedGram(features: tf.Tensor4D, mask: Float64Array): Float64Array {
  const [, h, w, c] = features.shape;
  const f = features.dataSync();
  const gram = new Float64Array(c * c);
  let mass = 0;
  for (let p = 0; p < h * w; p++) {
    const m2 = (mask[p] as number) ** 2;
    if (m2 === 0) continue;
    mass += m2;
    for (let i = 0; i < c; i++) {
      const a = m2 * (f[p * c + i] as number);
      if (a === 0) continue;
      for (let j = 0; j < c; j++) gram[i * c + j] = (gram[i * c + j] as number) + a * (f[p * c + j] as number);
    }
  }
  return gram.map((v) => v / (c * mass));
}

/** The H × W mask averaged over `block × block` squares (what k 2×2 VGG poolings see), dropping the remainder. */
function blockMean(mask: Float64Array, height: number, width: number, block: number): Float64Array {
  const [rows, columns] = [Math.floor(height / block), Math.floor(width / block)];
  const out = new Float64Array(rows * columns);
  for (let i = 0; i < rows; i++) for (let j = 0; j < columns; j++) {
    let s = 0;
    for (let y = 0; y < block; y++) for (let x = 0; x < block; x++) s += mask[(i * block + y) * width + j * block + x] as number;
    out[i * columns + j] = s / block ** 2;
  }
  return out;
}

const squaredDistance = (a: Float64Array, b: Float64Array): number => a.reduce((s, v, i) => s + (v - (b[i] as number)) ** 2, 0);

/** Gram (chw) of each style layer of `image`. */
function styleGrams(vgg: FeatureExtractor, image: tf.Tensor3D): Float64Array[] {
  const features = vgg.extract(image, [...LAYERS]);
  const grams = LAYERS.map((layer) => {
    const f = features[layer] as tf.Tensor4D;
    return guidedGram(f, new Float64Array(f.shape[1] * f.shape[2]).fill(1));
  });
  tf.dispose(Object.values(features));
  return grams;
}

async function run(options: StylizeOptions): Promise<{ image: tf.Tensor3D; seconds: number; deliveredLoss: number }> {
  const started = performance.now();
  for await (const event of stylize(options)) {
    if (event.type === 'done') return { image: event.image, seconds: (performance.now() - started) / 1000, deliveredLoss: event.deliveredLoss.total };
  }
  throw new Error('stylize ended without a done event');
}

const picked = await pickBackend({});
const vgg = await loadVgg19FromPath(`${DATA}/weights/vgg19-notop-uint8`);
const content = await readImage(`${DATA}/images/content/tubingen.jpg`, { size });
const starry = await readImage(`${DATA}/images/style/starry_night.jpg`, { size });
const scream = await readImage(`${DATA}/images/style/the_scream.jpg`, { size });
const [height, width] = [content.shape[0], content.shape[1]];
const leftValues = new Float64Array(height * width).map((_, p) => ((p % width) < width / 2 ? 1 : 0));
const planes = [leftValues, leftValues.map((v) => 1 - v)] as const;
const masks = planes.map((plane) => tf.tensor2d(Float32Array.from(plane), [height, width]));
const styles = [{ image: starry, weight: 1 }, { image: scream, weight: 1 }];
const targets = [styleGrams(vgg, starry), styleGrams(vgg, scream)];
const base: StylizeOptions = { content, style: styles, extractor: vgg, iterations, multiScale: false, earlyStopping: false };
const runs = {
  regions: await run({ ...base, regions: [{ mask: masks[0] as tf.Tensor2D, style: 0 }, { mask: masks[1] as tf.Tensor2D, style: 1 }] }),
  'control (both styles blended, no regions)': await run(base),
};

type Row = { run: string; region: string; layer: string; own: number; other: number; ratio: number };
const rows: Row[] = [];
const regionNames = ['left → The Starry Night', 'right → The Scream'];
for (const [name, result] of Object.entries(runs)) {
  const features = vgg.extract(result.image, [...LAYERS]);
  for (const [r, plane] of planes.entries()) {
    LAYERS.forEach((layer, l) => {
      const f = features[layer] as tf.Tensor4D;
      const gram = guidedGram(f, blockMean(plane, height, width, 2 ** l));
      const own = squaredDistance(gram, targets[r]?.[l] as Float64Array);
      const other = squaredDistance(gram, targets[1 - r]?.[l] as Float64Array);
      rows.push({ run: name, region: regionNames[r] as string, layer, own, other, ratio: other / own });
    });
  }
  tf.dispose(Object.values(features));
}

const summary = Object.entries(runs).map(([name, result]) => ({ run: name, seconds: result.seconds, deliveredLoss: result.deliveredLoss, minRatio: Math.min(...rows.filter((row) => row.run === name).map((row) => row.ratio)) }));
const md = [
  `# Two regions, two styles (${width}×${height}, ${iterations} L-BFGS iterations, default preset, VGG-19, ${picked.name})`,
  '',
  'Squared distance between each region\'s guided Gram (chw, mask averaged down to the layer) and each style\'s Gram; ratio = other / own (> 1: nearer its own style).',
  '',
  '| run | region | layer | to own style | to the other | ratio |',
  '|---|---|---|---|---|---|',
  ...rows.map((row) => `| ${row.run} | ${row.region} | ${row.layer} | ${row.own.toExponential(3)} | ${row.other.toExponential(3)} | ${row.ratio.toFixed(2)} |`),
  '',
  '| run | seconds | delivered loss | smallest ratio |',
  '|---|---|---|---|',
  ...summary.map((s) => `| ${s.run} | ${s.seconds.toFixed(0)} | ${s.deliveredLoss.toExponential(3)} | ${s.minRatio.toFixed(2)} |`),
  '',
].join('\n');
console.log(md);
await writeFileAtomic('maskRegions', 'json', resolve(root, 'benchmarks/results/mask-regions.json'), JSON.stringify({ size, width, height, iterations, backend: picked.name, rows, summary }, null, 2));
await writeFileAtomic('maskRegions', 'md', resolve(root, 'benchmarks/results/mask-regions.md'), md);

// Contact sheet: content, the left mask (white, framed in grey against the sheet's white), The Starry Night, The
// Scream, the two-region result, the control.
const maskImage = tf.tidy(() => {
  const frame = tf.pad(tf.zeros([height - 2, width - 2, 1]), [[1, 1], [1, 1], [0, 0]], 1);
  return tf.tile(tf.where(tf.cast(frame, 'bool'), tf.fill([height, width, 1], 136), tf.mul(tf.expandDims(masks[0] as tf.Tensor2D, 2), 255)), [1, 1, 3]) as tf.Tensor3D;
});
const sheet = contactSheet([content, maskImage, starry, scream, runs.regions.image, runs['control (both styles blended, no regions)'].image], { columns: 3, cellSize: 200, padding: 3 });
await writeImage(sheet, resolve(root, 'docs/examples/mask-regions.jpg'), { quality: 82 });
tf.dispose([sheet, maskImage, content, starry, scream, ...masks, ...Object.values(runs).map((r) => r.image)]);
vgg.dispose();

// Gram vs distribution style losses, scored on what none of them optimises directly (benchmarks/internal/
// styleMetrics.ts): a sliced Wasserstein distance to the style's VGG features with other random projections, the
// colour-histogram distance to the style, and the content distance (VGG conv4_2 MSE). Every loss gets the same
// budget of objective evaluations from the same start on the same pairs; each uses its preset's weights. Machine
// load changes the seconds column only.
//
//   npx tsx benchmarks/styleLosses.ts [--size 256] [--evaluations 100] [--losses gram,sliced-wasserstein,gaussian-w2]
//                                     [--pairs chicago:wave,golden_gate:the_scream,stata:composition_vii]
//
// Writes benchmarks/results/style-losses-<size>.{json,md} and docs/examples/style-losses.jpg (the contact sheet:
// one row per pair — content, style, then one result per loss). See benchmarks/README.md.
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { contactSheet } from '../src/index';
import { loadVgg19FromPath, pickBackend, readImage, stylize, writeImage, type StyleLossKind } from '../src/node/index';
import type { FeatureExtractor as Extractor } from '../src/extractors/types';
import { colourHistogramDistance, meanSquaredDifference, slicedWasserstein, type FeatureRows } from './internal/styleMetrics';

const root = resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    size: { type: 'string', default: '256' },
    evaluations: { type: 'string', default: '100' },
    losses: { type: 'string', default: 'gram,sliced-wasserstein,gaussian-w2' },
    pairs: { type: 'string', default: 'chicago:wave,golden_gate:the_scream,stata:composition_vii' },
  },
});
const size = Number(args.size);
const budget = Number(args.evaluations);
const losses = args.losses.split(',') as StyleLossKind[];
const DATA = resolve(root, '../shared/data');
const STYLE_LAYERS = ['conv1_1', 'conv2_1', 'conv3_1', 'conv4_1', 'conv5_1'];
const PROJECTIONS = 64;
const SCORE_SEED = 20261130;

interface Scores { readonly slicedWasserstein: number; readonly colourHistogram: number; readonly content: number }

function featureRows(extractor: Extractor, image: tf.Tensor3D, layers: readonly string[]): FeatureRows[] {
  const features = extractor.extract(image, layers);
  const out = layers.map((layer) => {
    const map = features[layer]!;
    const channels = map.shape[3]!;
    return { values: map.dataSync() as Float32Array, rows: map.size / channels, channels };
  });
  tf.dispose(Object.values(features));
  return out;
}

/** What every result of a pair is scored against: the style's features and pixels, the content's conv4_2. */
interface Reference { readonly style: FeatureRows[]; readonly stylePixels: Float32Array; readonly content: FeatureRows }

function reference(extractor: Extractor, style: tf.Tensor3D, content: tf.Tensor3D): Reference {
  return { style: featureRows(extractor, style, STYLE_LAYERS), stylePixels: style.dataSync() as Float32Array, content: featureRows(extractor, content, ['conv4_2'])[0]! };
}

/** Sliced-W summed over the style layers, colour W1 in grey levels, and conv4_2 MSE to the content. */
function score(extractor: Extractor, image: tf.Tensor3D, against: Reference): Scores {
  const mine = featureRows(extractor, image, [...STYLE_LAYERS, 'conv4_2']);
  const sliced = against.style.reduce((sum, target, i) => sum + slicedWasserstein(mine[i]!, target, PROJECTIONS, SCORE_SEED + i), 0);
  return {
    slicedWasserstein: sliced,
    colourHistogram: colourHistogramDistance(image.dataSync() as Float32Array, against.stylePixels),
    content: meanSquaredDifference(mine[STYLE_LAYERS.length]!.values, against.content.values),
  };
}

async function run(extractor: Extractor, content: tf.Tensor3D, style: tf.Tensor3D, styleLoss: StyleLossKind): Promise<{ image: tf.Tensor3D; evaluations: number; seconds: number }> {
  const started = performance.now();
  for await (const event of stylize({ content, style, extractor, size, styleLoss, iterations: budget, maxEvaluations: budget, earlyStopping: false, seed: 1 })) {
    if (event.type === 'done') return { image: event.image, evaluations: event.evaluations, seconds: (performance.now() - started) / 1000 };
  }
  throw new Error('stylize ended without a result');
}

const picked = await pickBackend({});
const vgg = await loadVgg19FromPath(`${DATA}/weights/vgg19-notop-uint8`);
const rows: ({ pair: string; loss: string; evaluations: number; seconds: number } & Scores)[] = [];
const sheet: tf.Tensor3D[] = [];
const loadStart = loadavg()[0] ?? Number.NaN;
for (const pair of args.pairs.split(',')) {
  const [contentName, styleName] = pair.split(':') as [string, string];
  const content = await readImage(`${DATA}/images/content/${contentName}.jpg`, { size });
  const style = await readImage(`${DATA}/images/style/${styleName}.jpg`, { size });
  const against = reference(vgg, style, content);
  rows.push({ pair, loss: '(content image)', evaluations: 0, seconds: 0, ...score(vgg, content, against) });
  sheet.push(content.clone(), style.clone());
  for (const loss of losses) {
    const result = await run(vgg, content, style, loss);
    rows.push({ pair, loss, evaluations: result.evaluations, seconds: result.seconds, ...score(vgg, result.image, against) });
    console.log(JSON.stringify(rows.at(-1)));
    sheet.push(result.image);
  }
  tf.dispose([content, style]);
}
vgg.dispose();

const grid = contactSheet(sheet, { columns: losses.length + 2, cellSize: size, padding: 4 });
await writeImage(grid, resolve(root, 'docs/examples/style-losses.jpg'), { quality: 70 });
tf.dispose([grid, ...sheet]);
const header = `<!-- written by benchmarks/styleLosses.ts; ${new Date().toISOString()}; backend ${picked.name}; 1-min load ${String(loadStart)} → ${String(loadavg()[0])} -->\n\n`;
const table = ['| pair (content:style) | style loss | evaluations | sliced-W to style (other projections) | colour W1 to style (levels) | conv4_2 MSE to content | seconds |', '|---|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.pair} | ${r.loss} | ${String(r.evaluations)} | ${r.slicedWasserstein.toPrecision(4)} | ${r.colourHistogram.toFixed(1)} | ${r.content.toPrecision(4)} | ${r.seconds.toFixed(0)} |`)].join('\n');
writeFileSync(resolve(root, `benchmarks/results/style-losses-${String(size)}.md`), `${header}${String(size)} px, ${String(budget)} objective evaluations each, VGG-19, each loss with its preset's weights. Lower is closer in every score column; the content image's own row is the starting point.\n\n${table}\n`);
writeFileSync(resolve(root, `benchmarks/results/style-losses-${String(size)}.json`), `${JSON.stringify({ size, budget, backend: picked.name, projections: PROJECTIONS, seed: SCORE_SEED, rows }, null, 1)}\n`);
console.log(table);

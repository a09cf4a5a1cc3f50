// Quality, not speed: the delivered 8-bit image's loss after a fixed number of objective evaluations, for the
// `default` preset as it is (single scale) and with its former coarse-to-fine schedule (`multiScale: true`), on
// image pairs the preset was not tuned on (it was tuned on tubingen × starry night). The budget is `maxEvaluations`,
// which stylize applies per scale: both schedules get the same evaluations at the output size and coarse-to-fine
// gets its coarse ones on top (the table counts all of them), so the comparison favours coarse-to-fine. Machine
// load does not change the answer.
//
//   npx tsx benchmarks/presetQuality.ts [--size 256] [--evaluations 300] [--pairs golden_gate:the_scream,...]
//
// Writes benchmarks/results/preset-quality-<size>.{json,md}. See benchmarks/README.md.
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { loadVgg19FromPath, pickBackend, readImage, stylize, type StylizeOptions } from '../src/node/index';

const root = resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    size: { type: 'string', default: '256' },
    evaluations: { type: 'string', default: '300' },
    pairs: { type: 'string', default: 'golden_gate:the_scream,hoovertowernight:composition_vii' },
  },
});
const size = Number(args.size);
const budget = Number(args.evaluations);
const DATA = resolve(root, '../shared/data');
const schedules: Readonly<Record<string, Partial<StylizeOptions>>> = { 'single scale (default)': {}, 'coarse-to-fine (multiScale: true)': { multiScale: true } };

const picked = await pickBackend({});
const vgg = await loadVgg19FromPath(`${DATA}/weights/vgg19-notop-uint8`);
const rows: { pair: string; schedule: string; evaluations: number; deliveredLoss: number; seconds: number }[] = [];
const loadStart = loadavg()[0] ?? Number.NaN;
for (const pair of args.pairs.split(',')) {
  const [contentName, styleName] = pair.split(':') as [string, string];
  const content = await readImage(`${DATA}/images/content/${contentName}.jpg`, { size });
  const style = await readImage(`${DATA}/images/style/${styleName}.jpg`, { size });
  for (const [schedule, overrides] of Object.entries(schedules)) {
    const started = performance.now();
    let evaluations = 0;
    for await (const event of stylize({ content, style, extractor: vgg, size, iterations: budget, maxEvaluations: budget, earlyStopping: false, ...overrides })) {
      if (event.type === 'iteration') evaluations = event.evaluations;
      if (event.type === 'done') {
        rows.push({ pair, schedule, evaluations, deliveredLoss: event.deliveredLoss.total, seconds: (performance.now() - started) / 1000 });
        event.image.dispose();
        console.log(`${pair} ${schedule}: delivered ${event.deliveredLoss.total.toExponential(4)} after ${String(evaluations)} evaluations`);
      }
    }
  }
  tf.dispose([content, style]);
}
vgg.dispose();
const header = `<!-- written by benchmarks/presetQuality.ts; ${new Date().toISOString()}; backend ${picked.name}; 1-min load ${String(loadStart)} → ${String(loadavg()[0])} -->\n\n`;
const table = ['| pair (content:style) | schedule | evaluations | delivered loss | seconds |', '|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.pair} | ${r.schedule} | ${String(r.evaluations)} | ${r.deliveredLoss.toExponential(4)} | ${r.seconds.toFixed(0)} |`)].join('\n');
writeFileSync(resolve(root, `benchmarks/results/preset-quality-${String(size)}.md`), `${header}Delivered 8-bit loss at ${String(size)} px, budget ${String(budget)} evaluations per scale (\`maxEvaluations\`); the evaluations column counts all scales.\n\n${table}\n`);
writeFileSync(resolve(root, `benchmarks/results/preset-quality-${String(size)}.json`), `${JSON.stringify({ size, budget, backend: picked.name, rows }, null, 1)}\n`);
console.log(table);

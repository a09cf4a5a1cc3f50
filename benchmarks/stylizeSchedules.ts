// Scale schedules compared by objective evaluations, not seconds (so a busy machine does not change the answer):
// for each candidate, the loss at the output size after each L-BFGS step there, with the evaluations spent at the
// output size, the pixel-weighted evaluations over all scales (an evaluation at a scale costs its pixels ÷ the
// output's pixels of a full-size one) and the seconds. Same images, network and loss as benchmarks/stylize.ts.
//
//   npx tsx benchmarks/stylizeSchedules.ts [--size 512] [--full 30] --only half-20,c2f-x2-20,single-h20
//
// Writes benchmarks/results/stylize-schedules-<candidate>-<size>.json. See benchmarks/README.md.
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { loadVgg19FromPath, pickBackend, readImage, resizeImage, stylize, type StylizeOptions } from '../src/node/index';

const root = resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: { size: { type: 'string', default: '512' }, full: { type: 'string', default: '30' }, only: { type: 'string', default: 'half-20' } },
});
const size = Number(args.size);
const fullBudget = Number(args.full);
const DATA = resolve(root, '../shared/data');

const candidates: Readonly<Record<string, Partial<StylizeOptions>>> = {
  single: { multiScale: false },
  'single-h20': { multiScale: false, optimizer: { name: 'lbfgs', historySize: 20 } },
  'half-20': { multiScale: { start: Math.round(size / 2), factor: 2, iterations: 20 } },
  'half-50': { multiScale: { start: Math.round(size / 2), factor: 2, iterations: 50 } },
  'c2f-x2-20': { multiScale: { start: Math.round(size / 4), factor: 2, iterations: 20 } },
};

const picked = await pickBackend({});
console.error(picked.reason);
const vgg = await loadVgg19FromPath(`${DATA}/weights/vgg19-notop-uint8`);
const whole = await readImage(`${DATA}/images/content/tubingen.jpg`);
const [h, w] = [whole.shape[0], whole.shape[1]];
const side = Math.min(h, w);
const content = tf.tidy(() => resizeImage(tf.slice(whole, [Math.floor((h - side) / 2), Math.floor((w - side) / 2), 0], [side, side, 3]), { height: size, width: size }));
whole.dispose();
const style = await readImage(`${DATA}/images/style/starry_night.jpg`, { size });

for (const name of args.only.split(',')) {
  const overrides = candidates[name];
  if (overrides === undefined) throw new Error(`--only: unknown '${name}'; valid: ${Object.keys(candidates).join(', ')}`);
  const loadStart = loadavg()[0] ?? Number.NaN;
  const started = performance.now();
  let scales = 1;
  let pixels = 1;
  let scaleStart = 0;
  // What the previous step reached: an iteration event reports the loss at the start of its step.
  let reached = { evaluations: 0, weighted: 0, seconds: 0 };
  const coarse: number[] = [];
  /** [evaluations at the output size, pixel-weighted evaluations over all scales, seconds, loss]. */
  const points: [number, number, number, number][] = [];
  for await (const event of stylize({ content, style, extractor: vgg, size, iterations: 1000, earlyStopping: false, ...overrides })) {
    if (event.type === 'scale') {
      if (event.scale > 0) coarse.push(reached.evaluations - scaleStart);
      scaleStart = reached.evaluations;
      scales = event.scales;
      pixels = (event.height * event.width) / (size * size);
    } else if (event.type === 'iteration') {
      if (event.scale === scales - 1) {
        points.push([reached.evaluations - scaleStart, Number(reached.weighted.toFixed(2)), Number(reached.seconds.toFixed(1)), event.loss.total]);
      }
      reached = { evaluations: event.evaluations, weighted: reached.weighted + (event.evaluations - reached.evaluations) * pixels, seconds: (performance.now() - started) / 1000 };
      if (event.scale === scales - 1 && event.evaluations - scaleStart >= fullBudget) break;
    }
  }
  const result = { candidate: name, overrides, size, backend: picked.name, coarseEvaluations: coarse, load: [loadStart, loadavg()[0] ?? Number.NaN], points };
  writeFileSync(resolve(root, `benchmarks/results/stylize-schedules-${name}-${String(size)}.json`), `${JSON.stringify(result)}\n`);
  console.log(`${name}: coarse ${coarse.join(' + ') || '0'} evaluations; ${points.map((p) => `${String(p[0])}:${p[3].toExponential(3)}`).join(' ')}`);
}
tf.dispose([content, style]);
vgg.dispose();

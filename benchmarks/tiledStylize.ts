// Tiled optimisation (docs/large-images.md): how exact, how good, how much memory and time.
//
//   npx tsx benchmarks/tiledStylize.ts --part halo      [--size 384] [--tile 128]
//   npx tsx benchmarks/tiledStylize.ts --part fidelity  [--size 1024] [--tile 256] [--iterations 40]
//   npx tsx benchmarks/tiledStylize.ts --part seams     --image result.png --tile 512 [--halo 96]
//   npx tsx benchmarks/tiledStylize.ts --part cli       --size 2048 [--max-memory 4] [--extra '--iterations 40']
//   npx tsx benchmarks/tiledStylize.ts --part crop      --image result.png --tile 384 --out docs/examples/large-image-corner.png
//   npx tsx benchmarks/tiledStylize.ts --part render
//
// halo: the tiled loss and gradient (VGG-19, default preset, tubingen × starry night at --size) against the
//   untiled ones, at halos 32, 64 and 96 (the receptive field of conv5_1 is 85 pixels): relative error of the loss,
//   of the gradient (max and mean), and the time of one evaluation each way.
// fidelity: stylize at --size untiled and with forced tiles (--tile), the same iterations and L-BFGS history:
//   delivered losses and their ratio (target: within 5%), wall time.
// seams: the mean gradient magnitude of an image across the tile borders of both grids a run used (unshifted and
//   shifted by half a tile) against inside the tiles (target: ≤ 1.1×).
// cli: the stylegrad CLI (built dist/, tfjs-node, default environment) at --size under /usr/bin/time -v: peak RSS,
//   wall time, scales, tiles and delivered loss; the result image is kept under benchmarks/results/tiled-<size>.png.
// crop: a 256×256 crop of --image centred on the corner shared by four cores of the unshifted grid nearest the
//   image's centre (written with writeImage; the row records where).
// Every part appends its row to benchmarks/results/tiled-stylize.json; render writes the .md table from it.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { combineLosses } from '../src/losses/combineLosses';
import { contentLoss } from '../src/losses/contentLoss';
import { styleLoss } from '../src/losses/styleLoss';
import { totalVariationLoss } from '../src/losses/totalVariationLoss';
import { createTiledLoss } from '../src/transfer/internal/tiledLoss';
import { getPreset, loadVgg19FromPath, pickBackend, readImage, stylize, tileGrid, writeImage, type StylizeOptions } from '../src/node/index';

const root = resolve(import.meta.dirname, '..');
const DATA = resolve(root, '../shared/data');
const OUT = resolve(root, 'benchmarks/results/tiled-stylize');
const { values: args } = parseArgs({
  options: {
    part: { type: 'string', default: 'halo' },
    size: { type: 'string' },
    tile: { type: 'string' },
    halo: { type: 'string', default: '96' },
    iterations: { type: 'string', default: '40' },
    image: { type: 'string' },
    'max-memory': { type: 'string' },
    extra: { type: 'string', default: '' },
    out: { type: 'string' },
  },
});

interface Row { part: string; date: string; load: number[]; [key: string]: unknown }

function append(row: { part: string; [key: string]: unknown }): void {
  const rows: Row[] = existsSync(`${OUT}.json`) ? (JSON.parse(readFileSync(`${OUT}.json`, 'utf8')) as Row[]) : [];
  rows.push({ ...row, date: new Date().toISOString(), load: loadavg().map((l) => Math.round(l * 10) / 10) });
  writeFileSync(`${OUT}.json`, `${JSON.stringify(rows, null, 2)}\n`);
  console.log(JSON.stringify(rows.at(-1)));
}

async function inputs(size: number): Promise<{ content: tf.Tensor3D; style: tf.Tensor3D }> {
  const content = await readImage(`${DATA}/images/content/tubingen.jpg`, { size });
  const style = await readImage(`${DATA}/images/style/starry_night.jpg`, { size });
  return { content, style };
}

async function haloPart(): Promise<void> {
  await pickBackend({ force: 'tfjs-node' });
  const size = Number(args.size ?? 384);
  const tileSize = Number(args.tile ?? 128);
  const vgg = await loadVgg19FromPath(`${DATA}/weights/vgg19-notop-uint8`);
  const { content, style } = await inputs(size);
  const [H, W] = [content.shape[0], content.shape[1]];
  const preset = getPreset('default');
  const contentLayers = preset.contentLayers as Record<string, number>;
  const styleLayers = preset.styleLayers as Record<string, number>;
  const styleFeatures = vgg.extract(style, Object.keys(styleLayers));
  const contentFeatures = vgg.extract(content, Object.keys(contentLayers));
  const loss = combineLosses({
    content: { loss: contentLoss(contentFeatures, { layers: contentLayers, reduction: 'mean' }), weight: 1 },
    style: { loss: styleLoss([{ features: styleFeatures, weight: 1 }], { layers: styleLayers, normalization: 'chw', reduction: 'mean' }), weight: 100 },
    tv: { loss: totalVariationLoss({ kind: 'l2', reduction: 'mean' }), weight: 10 },
  });
  tf.dispose([...Object.values(styleFeatures), ...Object.values(contentFeatures)]);
  // A point away from the content image: the content after a few style steps would do; noise on the content is enough.
  const x = tf.tidy(() => tf.clipByValue(tf.add(tf.expandDims<tf.Tensor4D>(content, 0), tf.randomUniform([1, H, W, 3], -40, 40, 'float32', 7)), 0, 255));
  let t0 = performance.now();
  const whole = tf.valueAndGrad((t: tf.Tensor) => loss({ image: t as tf.Tensor4D, features: vgg.extract(t as tf.Tensor4D, loss.layers) }).total)(x);
  const reference = { loss: whole.value.dataSync()[0] ?? NaN, grad: whole.grad.dataSync() };
  const untiledSeconds = (performance.now() - t0) / 1000;
  tf.dispose([whole.value, whole.grad]);
  for (const halo of [32, 64, 96]) {
    const tiled = createTiledLoss({
      extractor: vgg, channels: 3, height: H, width: W, tiling: { tileSize, halo, align: 16, historySize: 5, shift: false },
      content: { image: content, layers: contentLayers, weight: 1, reduction: 'mean' },
      style: { images: [{ image: style, weight: 1 }], layers: styleLayers, weight: 100, reduction: 'mean', normalization: 'chw' },
      tv: { weight: 10, kind: 'l2', reduction: 'mean' },
      progress: () => undefined, signal: null,
    });
    t0 = performance.now();
    const { values, gradient } = tiled.valueAndGradient(x);
    const tiledSeconds = (performance.now() - t0) / 1000;
    const g = gradient.dataSync();
    let [maxDiff, maxRef, sumDiff, sumRef] = [0, 0, 0, 0];
    for (let i = 0; i < g.length; i++) {
      const d = Math.abs((g[i] ?? 0) - (reference.grad[i] ?? 0));
      maxDiff = Math.max(maxDiff, d);
      maxRef = Math.max(maxRef, Math.abs(reference.grad[i] ?? 0));
      sumDiff += d;
      sumRef += Math.abs(reference.grad[i] ?? 0);
    }
    append({
      part: 'halo', size: `${W}x${H}`, tileSize, halo, tiles: tiled.tiles,
      lossRelativeError: Math.abs(values.total - reference.loss) / reference.loss,
      gradientMaxRelativeError: maxDiff / maxRef, gradientMeanRelativeError: sumDiff / sumRef,
      untiledSeconds, tiledSeconds,
    });
    gradient.dispose();
    tiled.dispose();
  }
  loss.dispose();
  tf.dispose([x, content, style]);
  vgg.dispose();
}

async function fidelityPart(): Promise<void> {
  await pickBackend({ force: 'tfjs-node' });
  const size = Number(args.size ?? 1024);
  const tileSize = Number(args.tile ?? 256);
  const iterations = Number(args.iterations);
  const vgg = await loadVgg19FromPath(`${DATA}/weights/vgg19-notop-uint8`);
  const { content, style } = await inputs(size);
  const base: StylizeOptions = { content, style, extractor: vgg, iterations, earlyStopping: false, optimizer: { name: 'lbfgs', historySize: 5 } };
  for (const tiled of [false, true]) {
    const t0 = performance.now();
    let tiles = 0;
    for await (const event of stylize({ ...base, ...(tiled ? { tiling: { tileSize, maxUntiledPixels: 0, historySize: 5 } } : {}) })) {
      if (event.type === 'scale') tiles = event.tiles;
      if (event.type === 'done') {
        append({ part: 'fidelity', size: `${content.shape[1]}x${content.shape[0]}`, tiled, tileSize: tiled ? tileSize : null, tiles, iterations: event.iterations, evaluations: event.evaluations, loss: event.loss.total, deliveredLoss: event.deliveredLoss.total, seconds: (performance.now() - t0) / 1000 });
        event.image.dispose();
      }
    }
  }
  tf.dispose([content, style]);
  vgg.dispose();
}

/**
 * Mean |∂x| + |∂y| over pixel pairs that straddle a tile border of either grid (unshifted, shifted by half a tile),
 * against all other pairs; and, as controls, the same ratio for the border lines moved by multiples of 16 pixels
 * (the same phase of VGG's stride-16 grid, whose pooling leaves a periodic texture, but no tile border) and by
 * other amounts. A seam shows as a ratio above the controls'.
 */
async function seamsPart(): Promise<void> {
  await pickBackend({ force: 'tfjs-node' });
  if (args.image === undefined || args.tile === undefined) throw new Error('--part seams needs --image and --tile');
  const tileSize = Number(args.tile);
  const image = await readImage(args.image);
  const [H, W] = [image.shape[0], image.shape[1]];
  const pixels = image.dataSync();
  image.dispose();
  const half = Math.max(16, Math.round(tileSize / 2 / 16) * 16);
  const rows = new Set<number>();
  const columns = new Set<number>();
  for (const offset of [0, half]) {
    for (const tile of tileGrid(H, W, { tileSize, halo: 0, align: 16, offset: [offset, offset] })) {
      if (tile.core.top > 0) rows.add(tile.core.top);
      if (tile.core.left > 0) columns.add(tile.core.left);
    }
  }
  // Mean |difference| across each column boundary j (between j − 1 and j) and each row boundary i.
  const across = { x: new Float64Array(W), y: new Float64Array(H) };
  const at = (y: number, x: number, c: number): number => pixels[(y * W + x) * 3 + c] ?? 0;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      for (let c = 0; c < 3; c++) {
        if (x > 0) across.x[x] = (across.x[x] ?? 0) + Math.abs(at(y, x, c) - at(y, x - 1, c)) / (3 * H);
        if (y > 0) across.y[y] = (across.y[y] ?? 0) + Math.abs(at(y, x, c) - at(y - 1, x, c)) / (3 * W);
      }
    }
  }
  const ratioFor = (shift: number): number => {
    const cs = [...columns].map((c) => c + shift).filter((c) => c > 0 && c < W);
    const rs = [...rows].map((r) => r + shift).filter((r) => r > 0 && r < H);
    const border = (cs.reduce((a, c) => a + (across.x[c] ?? 0) * H, 0) + rs.reduce((a, r) => a + (across.y[r] ?? 0) * W, 0)) / (cs.length * H + rs.length * W);
    let [sum, count] = [0, 0];
    for (let x = 1; x < W; x++) if (!cs.includes(x)) [sum, count] = [sum + (across.x[x] ?? 0) * H, count + H];
    for (let y = 1; y < H; y++) if (!rs.includes(y)) [sum, count] = [sum + (across.y[y] ?? 0) * W, count + W];
    return border / (sum / count);
  };
  const samePhase = [48, 96, 144, 176, 208].map((d) => ratioFor(-d));
  const otherPhase = [5, 11, 27, 61, 99].map((d) => ratioFor(-d));
  append({ part: 'seams', image: args.image.replace(`${root}/`, ''), size: `${W}x${H}`, tileSize, ratio: ratioFor(0), samePhaseControls: samePhase.map((r) => Math.round(r * 1000) / 1000), otherPhaseControls: otherPhase.map((r) => Math.round(r * 1000) / 1000) });
}

async function cropPart(): Promise<void> {
  await pickBackend({ force: 'tfjs-node' });
  if (args.image === undefined || args.tile === undefined || args.out === undefined) throw new Error('--part crop needs --image, --tile and --out');
  const tileSize = Number(args.tile);
  const image = await readImage(args.image);
  const [H, W] = [image.shape[0], image.shape[1]];
  const near = (length: number): number => Math.max(tileSize, Math.round(length / 2 / tileSize) * tileSize);
  const [cy, cx] = [near(H), near(W)];
  const crop = tf.slice(image, [cy - 128, cx - 128, 0], [256, 256, 3]);
  await writeImage(crop, resolve(root, args.out), { overwrite: true });
  tf.dispose([image, crop]);
  append({ part: 'crop', image: args.image.replace(`${root}/`, ''), out: args.out, corner: [cy, cx], size: `${W}x${H}`, tileSize });
}

function cliPart(): void {
  const size = Number(args.size ?? 2048);
  const output = resolve(root, `benchmarks/results/tiled-${size}.png`);
  const flags = ['--content', `${DATA}/images/content/tubingen.jpg`, '--style', `${DATA}/images/style/starry_night.jpg`, '--weights', `${DATA}/weights/vgg19-notop-uint8`,
    '--size', String(size), '--output', output, '--force', '--quiet', '--backend', 'tfjs-node',
    ...(args['max-memory'] === undefined ? [] : ['--max-memory', args['max-memory']]), ...args.extra.split(' ').filter((s) => s !== '')];
  // The CLI's output goes to a log file as it runs (a tiled run takes a while), read back at the end.
  const log = `${tmpdir()}/tiled-stylize-${size}.log`;
  const fd = openSync(log, 'w');
  const t0 = performance.now();
  const run = spawnSync('/usr/bin/time', ['-v', process.execPath, resolve(root, 'dist/cli/main.js'), ...flags], { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', fd, 'pipe'] });
  closeSync(fd);
  const seconds = (performance.now() - t0) / 1000;
  const peak = /Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr)?.[1];
  const stdout = readFileSync(log, 'utf8');
  const history = existsSync(output.replace(/\.png$/, '.loss.json')) ? (JSON.parse(readFileSync(output.replace(/\.png$/, '.loss.json'), 'utf8')) as { deliveredLoss: { total: number }; evaluations: number; iterations: number }) : null;
  append({
    part: 'cli', size, maxMemory: args['max-memory'] ?? null, extra: args.extra, exitCode: run.status, seconds, peakRssGB: peak === undefined ? null : (Number(peak) * 1024) / 1e9,
    stdout: stdout.split('\n').filter((l) => l !== '' && !l.startsWith('  ')), deliveredLoss: history?.deliveredLoss.total ?? null, iterations: history?.iterations ?? null, evaluations: history?.evaluations ?? null, cpus: cpus().length,
  });
}

function renderPart(): void {
  const rows = JSON.parse(readFileSync(`${OUT}.json`, 'utf8')) as Row[];
  const lines = ['# Tiled optimisation (benchmarks/tiledStylize.ts)', ''];
  const table = (part: string, columns: string[]): void => {
    const selected = rows.filter((r) => r.part === part);
    if (selected.length === 0) return;
    lines.push(`## ${part}`, '', `| ${columns.join(' | ')} |`, `|${columns.map(() => '---').join('|')}|`);
    for (const r of selected) lines.push(`| ${columns.map((c) => format(r[c])).join(' | ')} |`);
    lines.push('');
  };
  table('halo', ['size', 'tileSize', 'halo', 'tiles', 'lossRelativeError', 'gradientMaxRelativeError', 'gradientMeanRelativeError', 'untiledSeconds', 'tiledSeconds', 'load']);
  table('fidelity', ['size', 'tiled', 'tileSize', 'tiles', 'iterations', 'evaluations', 'loss', 'deliveredLoss', 'seconds', 'load']);
  table('seams', ['image', 'size', 'tileSize', 'ratio', 'samePhaseControls', 'otherPhaseControls']);
  table('cli', ['size', 'maxMemory', 'extra', 'exitCode', 'seconds', 'peakRssGB', 'iterations', 'evaluations', 'deliveredLoss', 'load']);
  writeFileSync(`${OUT}.md`, `${lines.join('\n')}\n`);
}

function format(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : Math.abs(value) < 1e-2 || Math.abs(value) >= 1e5 ? value.toExponential(2) : value.toFixed(2);
  if (Array.isArray(value)) return value.join(' ');
  return String(value);
}

const parts: Record<string, () => Promise<void> | void> = { halo: haloPart, fidelity: fidelityPart, seams: seamsPart, crop: cropPart, cli: cliPart, render: renderPart };
const part = parts[args.part];
if (part === undefined) throw new Error(`--part must be one of ${Object.keys(parts).join(', ')}`);
await part();

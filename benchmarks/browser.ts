// In-browser speed, measured in Debian's Chromium through the demo page (built and served as in test/browser):
// seconds per Gatys iteration (default preset: VGG-19, L-BFGS) at 128² and 256² per backend, VGG-19 weight-loading
// time, and feed-forward (udnie) milliseconds per image at 512². webgl runs on SwiftShader here, a CPU
// implementation of a GPU: a software stand-in, not a GPU figure. webgpu is tried and reported if it has no adapter.
//
//   npx tsx benchmarks/browser.ts [--backends wasm,webgl,webgpu] [--sizes 128,256] [--webgl-sizes 128] [--iterations 4] [--out browser]
//
// Writes benchmarks/results/<out>.{json,md}.
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { writeFileAtomic } from '../src/node/writeFileAtomic';
import { DATA, ROOT } from '../test/helpers/sharedData';
import { startDemoServer } from '../test/browser/demoServer';
import { pageBackend, waitForState } from '../test/browser/pageProbes';

const argv = process.argv.slice(2);
const get = (flag: string): string | undefined => {
  const i = argv.indexOf(flag);
  return i < 0 ? undefined : argv[i + 1];
};
const backends = (get('--backends') ?? 'wasm,webgl,webgpu').split(',');
const sizes = (get('--sizes') ?? '128,256').split(',').map(Number);
const iterations = Number(get('--iterations') ?? 4);
const out = get('--out') ?? 'browser';
/** Sizes for webgl, which runs on the CPU here (SwiftShader): 256² takes minutes per iteration on 2 cores. */
const webglSizes = (get('--webgl-sizes') ?? sizes.join(',')).split(',').map(Number);

interface Row {
  backend: string;
  renderer: string;
  weightLoadingMs?: number;
  secondsPerIteration: Record<string, { seconds: number; evaluationsPerIteration: number } | null>;
  feedForwardMs512?: number;
  note?: string;
}

/** Seconds per iteration over iterations 2..n of one run (the first includes the targets' features and warm-up). */
async function gatys(page: Page, size: number): Promise<{ seconds: number; evaluationsPerIteration: number; loadMs: number }> {
  await page.click('.tab[data-tab="optimise"]');
  await page.selectOption('#preset', 'default');
  await page.fill('#size', String(size));
  await page.fill('#iterations', String(iterations));
  await page.fill('#image-every', '1000');
  await page.click('#start');
  await waitForState(page, '#status', ['done'], 3_600_000);
  const read = async (element: string, name: string): Promise<number> => Number(await page.getAttribute(element, name));
  const first = await read('#stats', 'data-first-elapsed');
  const last = await read('#stats', 'data-elapsed');
  const n = await read('#stats', 'data-iterations');
  const evaluations = await read('#stats', 'data-evaluations');
  return { seconds: (last - first) / 1000 / (n - 1), evaluationsPerIteration: evaluations / n, loadMs: await read('#status', 'data-load-ms') };
}

/** The second of two applies of udnie to a 512×512 image (the first compiles shaders / warms up). */
async function feedForward(page: Page): Promise<number> {
  await page.click('.tab[data-tab="feedforward"]');
  await page.selectOption('#ff-network', 'fast-style/udnie');
  await page.setInputFiles('#ff-file', path.join(DATA, 'images/train/kodim01.png'));
  await page.fill('#ff-size', '512');
  for (let i = 0; i < 2; i++) {
    await page.click('#ff-apply');
    await waitForState(page, '#ff-status', ['done'], 600_000);
  }
  return Number(await page.getAttribute('#ff-status', 'data-ms'));
}

const server = await startDemoServer();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'] });
const chromiumVersion = browser.version();
const rows: Row[] = [];
try {
  for (const backend of backends) {
    const page = await browser.newPage();
    await page.goto(server.pageUrl(backend));
    const active = await pageBackend(page);
    const renderer = (await page.textContent('#backend-status')) ?? '';
    if (active.active !== backend) {
      rows.push({ backend, renderer: '', secondsPerIteration: {}, note: `not available: ${active.unavailable}` });
      console.info(`${backend}: not available (${active.unavailable})`);
      await page.close();
      continue;
    }
    const row: Row = { backend, renderer: renderer.replace(/^active: /, ''), secondsPerIteration: {} };
    for (const size of backend === 'webgl' ? webglSizes : sizes) {
      const result = await gatys(page, size);
      row.weightLoadingMs ??= result.loadMs;
      row.secondsPerIteration[String(size)] = { seconds: result.seconds, evaluationsPerIteration: result.evaluationsPerIteration };
      console.info(`${backend} ${size}²: ${result.seconds.toFixed(2)} s/iteration (${result.evaluationsPerIteration.toFixed(2)} evaluations/iteration)`);
    }
    row.feedForwardMs512 = await feedForward(page);
    console.info(`${backend}: VGG-19 weights ${row.weightLoadingMs?.toFixed(0)} ms, feed-forward 512² ${row.feedForwardMs512.toFixed(0)} ms`);
    rows.push(row);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}

const header = `| backend | Gatys s/iteration ${sizes.map((s) => `${s}²`).join(' | ')} | VGG-19 weight loading | feed-forward 512² |`;
const markdown = [
  `Chromium ${chromiumVersion} headless, ${os.cpus().length} cores, ${new Date().toISOString().slice(0, 10)}; default preset (VGG-19 uint8, L-BFGS), iterations 2..${iterations}; webgl = SwiftShader (software GPU).`,
  '',
  header,
  `|---|${sizes.map(() => '---|').join('')}---|---|`,
  ...rows.map((r) => r.note !== undefined
    ? `| ${r.backend} | ${sizes.map(() => '–').join(' | ')} | ${r.note} | – |`
    : `| ${r.backend === 'webgl' ? 'webgl (SwiftShader)' : r.backend} | ${sizes.map((s) => {
      const m = r.secondsPerIteration[String(s)];
      return m == null ? '–' : `${m.seconds.toFixed(2)} (${m.evaluationsPerIteration.toFixed(1)} eval/it)`;
    }).join(' | ')} | ${((r.weightLoadingMs ?? 0) / 1000).toFixed(2)} s | ${(r.feedForwardMs512 ?? 0).toFixed(0)} ms |`),
].join('\n');
console.info(`\n${markdown}`);
mkdirSync(path.join(ROOT, 'benchmarks/results'), { recursive: true });
await writeFileAtomic('benchmarks/browser', 'out', path.join(ROOT, `benchmarks/results/${out}.json`), `${JSON.stringify({ date: new Date().toISOString(), chromium: chromiumVersion, cores: os.cpus().length, iterations, rows }, null, 2)}\n`);
await writeFileAtomic('benchmarks/browser', 'out', path.join(ROOT, `benchmarks/results/${out}.md`), `${markdown}\n`);

// Reading the demo page from a test: canvas pixels, tf.memory() as the page shows it, run settings and state.
import type { Page } from 'playwright-core';

/** RGBA pixels of a canvas. */
export interface CanvasPixels {
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8Array;
}

/** The pixels of canvas `#id` (getImageData). */
export async function canvasPixels(page: Page, id: string): Promise<CanvasPixels> {
  const { width, height, data } = await page.evaluate((canvasId) => {
    const canvas = document.getElementById(canvasId) as HTMLCanvasElement;
    const context = canvas.getContext('2d');
    if (context === null) throw new Error(`#${canvasId} has no 2D context`);
    const image = context.getImageData(0, 0, canvas.width, canvas.height);
    return { width: canvas.width, height: canvas.height, data: Array.from(image.data) };
  }, id);
  return { width, height, rgba: Uint8Array.from(data) };
}

/** Mean absolute difference per RGB channel value between two same-sized RGBA images. */
export function meanAbsoluteDifference(a: CanvasPixels, b: CanvasPixels): number {
  if (a.width !== b.width || a.height !== b.height) throw new Error(`sizes differ: ${a.width}×${a.height} vs ${b.width}×${b.height}`);
  let sum = 0;
  for (let i = 0; i < a.rgba.length; i++) if (i % 4 !== 3) sum += Math.abs(a.rgba[i]! - b.rgba[i]!);
  return sum / ((a.rgba.length / 4) * 3);
}

/** The page's tf.memory().numTensors, read after the page's half-second refresh. */
export async function pageTensors(page: Page): Promise<number> {
  await page.waitForTimeout(700);
  return Number(await page.getAttribute('#memory', 'data-tensors'));
}

/** Waits until the page's backend is set (by its `?backend=` parameter) and returns it and any failure note. */
export async function pageBackend(page: Page): Promise<{ active: string; unavailable: string }> {
  await page.waitForSelector('#backend-status[data-active]:not([data-active=""])', { timeout: 120_000 });
  return {
    active: (await page.getAttribute('#backend-status', 'data-active')) ?? '',
    unavailable: (await page.getAttribute('#backend-status', 'data-unavailable')) ?? '',
  };
}

/** Numbers the run publishes on #stats. */
export async function runStats(page: Page): Promise<{ iterations: number; firstLoss: number; lastLoss: number }> {
  const read = async (name: string): Promise<number> => Number(await page.getAttribute('#stats', name));
  return { iterations: await read('data-iterations'), firstLoss: await read('data-first-loss'), lastLoss: await read('data-last-loss') };
}

/** Waits for `#status` to reach one of `states`; throws with the page's message on `error`. */
export async function waitForState(page: Page, selector: string, states: readonly string[], timeout: number): Promise<string> {
  const handle = await page.waitForFunction(
    ({ sel, wanted }) => {
      const element = document.querySelector<HTMLElement>(sel);
      const state = element?.dataset.state ?? '';
      return wanted.includes(state) || state === 'error' ? `${state}|${element?.textContent ?? ''}` : false;
    },
    { sel: selector, wanted: [...states] },
    { timeout, polling: 250 },
  );
  const [state = '', message = ''] = String(await handle.jsonValue()).split('|');
  if (state === 'error') throw new Error(`the page reports an error: ${message}`);
  return state;
}

/** Waits until the run has finished at least `n` iterations; throws with the page's message on an error. */
export async function waitForIterations(page: Page, n: number, timeout: number): Promise<void> {
  const handle = await page.waitForFunction(
    (wanted) => {
      const state = document.querySelector<HTMLElement>('#status')?.dataset.state;
      if (state === 'error') return `error|${document.querySelector('#status')?.textContent ?? ''}`;
      return Number(document.querySelector<HTMLElement>('#stats')?.dataset.iterations) >= wanted ? 'ok|' : false;
    },
    n,
    { timeout, polling: 100 },
  );
  const [state = '', message = ''] = String(await handle.jsonValue()).split('|');
  if (state === 'error') throw new Error(`the page reports an error: ${message}`);
}

// The optimisation tab: content + styles → stylize(), with Start / Stop (AbortSignal) / Continue, the image
// redrawn every few iterations, a loss curve per term, elapsed time and ETA, and a PNG download.
import * as tf from '@tensorflow/tfjs-core';
import { stylize, stylizePresets, type ColourControl, type StyleImage } from 'stylegrad';
import { byId } from './byId';
import { drawTensor, imageTensor } from './imageTensors';
import { createLossChart } from './lossChart';
import { formatSeconds } from './formatSeconds';
import { getExtractor, type ExtractorName } from './models';
import { createPicker, type Picker } from './picker';
import { CONTENT_SAMPLES, STYLE_SAMPLES } from './samples';

/** What the tab exposes to the rest of the page. */
export interface StylizeTab {
  /** Stops a run (if any) and forgets the current image (before the backend changes). */
  reset(): Promise<void>;
}

/**
 * Wires the optimisation tab's controls (ids in index.html).
 *
 * @returns The tab.
 */
export function setupStylizeTab(): StylizeTab {
  const content = createPicker(CONTENT_SAMPLES, 0, 'content');
  byId('content-picker', HTMLDivElement).append(content.element);
  const styles: { picker: Picker; weight: HTMLInputElement; row: HTMLElement }[] = [];
  const stylesBox = byId('style-pickers', HTMLDivElement);
  const addStyle = (initial: number): void => {
    const index = styles.length;
    const picker = createPicker(STYLE_SAMPLES, initial, `style${index}`);
    const weight = document.createElement('input');
    Object.assign(weight, { type: 'number', min: '0', step: '0.1', value: '1', id: `style${index}-weight`, title: 'blend weight' });
    const row = document.createElement('div');
    row.append(picker.element, 'weight ', weight);
    if (index > 0) {
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.textContent = 'Remove';
      remove.addEventListener('click', () => {
        row.remove();
        styles.splice(styles.findIndex((s) => s.row === row), 1);
      });
      row.append(remove);
    }
    stylesBox.append(row);
    styles.push({ picker, weight, row });
  };
  addStyle(0);
  byId('add-style', HTMLButtonElement).addEventListener('click', () => {
    addStyle(styles.length % STYLE_SAMPLES.length);
  });

  const preset = byId('preset', HTMLSelectElement);
  for (const [name, settings] of Object.entries(stylizePresets)) preset.add(new Option(`${name}${settings.extractor === undefined ? '' : ` (${settings.extractor})`}`, name));
  const start = byId('start', HTMLButtonElement);
  const stop = byId('stop', HTMLButtonElement);
  const resume = byId('continue', HTMLButtonElement);
  const download = byId('download', HTMLButtonElement);
  const canvas = byId('result', HTMLCanvasElement);
  const status = byId('status', HTMLParagraphElement);
  const stats = byId('stats', HTMLParagraphElement);
  const chart = createLossChart(byId('chart', SVGSVGElement));

  let controller: AbortController | undefined;
  let running: Promise<void> | undefined;
  /** The latest image shown (the start of "Continue"); owned here. */
  let current: tf.Tensor3D | undefined;
  let iterationOffset = 0;

  const setState = (state: 'idle' | 'loading' | 'running' | 'stopped' | 'done' | 'error', text: string): void => {
    status.dataset.state = state;
    status.textContent = text;
    const busy = state === 'loading' || state === 'running';
    start.disabled = busy;
    stop.disabled = !busy;
    resume.disabled = busy || current === undefined;
    download.disabled = busy || current === undefined;
  };
  const keep = (image: tf.Tensor3D): void => {
    current?.dispose();
    current = image;
  };

  const run = async (fromCurrent: boolean): Promise<void> => {
    controller = new AbortController();
    const { signal } = controller;
    const inputs: tf.Tensor3D[] = [];
    if (!fromCurrent) {
      chart.reset();
      iterationOffset = 0;
    }
    stats.dataset.iterations = String(iterationOffset);
    delete stats.dataset.firstLoss;
    delete stats.dataset.lastLoss;
    delete stats.dataset.deliveredLoss;
    delete stats.dataset.firstElapsed;
    try {
      setState('loading', 'Loading images and weights…');
      const loadStarted = performance.now();
      const extractor = await getExtractor(byId('extractor', HTMLSelectElement).value as ExtractorName, (f) => {
        setState('loading', `Loading weights… ${Math.round(f * 100)}%`);
      });
      status.dataset.loadMs = String(performance.now() - loadStarted);
      const contentImage = imageTensor(await content.image());
      inputs.push(contentImage);
      const style: StyleImage[] = [];
      for (const s of styles) {
        const image = imageTensor(await s.picker.image());
        inputs.push(image);
        style.push({ image, weight: Number(s.weight.value) });
      }
      const colour = byId('colour', HTMLSelectElement).value;
      // A clone: `current` is replaced (and disposed) by the run's own images while the run still reads `init`.
      const init = fromCurrent && current !== undefined ? tf.clone(current) : undefined;
      if (init !== undefined) inputs.push(init);
      const firstOffset = iterationOffset;
      let first: number | undefined;
      setState('running', 'Running…');
      for await (const event of stylize({
        content: contentImage,
        style,
        extractor,
        preset: preset.value,
        size: Number(byId('size', HTMLInputElement).value),
        iterations: Number(byId('iterations', HTMLInputElement).value),
        imageEvery: Math.max(1, Number(byId('image-every', HTMLInputElement).value)),
        ...(init === undefined ? {} : { init }),
        ...(colour === '' ? {} : { colour: colour as ColourControl }),
        signal,
      })) {
        if (event.type === 'iteration') {
          const n = firstOffset + event.totalIterations;
          iterationOffset = n;
          first ??= event.loss.total;
          chart.add(n, event.loss);
          const eta = (event.elapsed / event.totalIterations) * (event.plannedIterations - event.totalIterations);
          stats.dataset.iterations = String(n);
          stats.dataset.firstLoss = String(first);
          stats.dataset.lastLoss = String(event.loss.total);
          stats.dataset.firstElapsed ??= String(event.elapsed);
          stats.dataset.elapsed = String(event.elapsed);
          stats.dataset.evaluations = String(event.evaluations);
          stats.textContent = `iteration ${event.totalIterations}/${event.plannedIterations} · elapsed ${formatSeconds(event.elapsed)} · ETA ${formatSeconds(eta)} · loss ${event.loss.total.toExponential(3)}`;
        } else if (event.type === 'image') {
          await drawTensor(event.image, canvas);
          keep(event.image);
        } else if (event.type === 'done') {
          await drawTensor(event.image, canvas);
          keep(event.image);
          stats.dataset.lastLoss = String(event.loss.total);
          stats.dataset.deliveredLoss = String(event.deliveredLoss.total);
          setState('done', `Done: ${event.iterations} iterations in ${formatSeconds(event.elapsed)} (${event.stopReason}); loss ${event.loss.total.toExponential(3)}.`);
        } else if (event.type === 'warning') {
          console.warn(event.message);
        }
      }
    } catch (error) {
      if (signal.aborted) setState('stopped', `Stopped after iteration ${iterationOffset}. Continue resumes from the image shown.`);
      else setState('error', error instanceof Error ? error.message : String(error));
    } finally {
      tf.dispose(inputs);
    }
  };
  const launch = (fromCurrent: boolean): void => {
    running = run(fromCurrent);
  };
  start.addEventListener('click', () => {
    launch(false);
  });
  resume.addEventListener('click', () => {
    launch(true);
  });
  stop.addEventListener('click', () => {
    controller?.abort(new DOMException('Stopped by the user', 'AbortError'));
  });
  download.addEventListener('click', () => {
    canvas.toBlob((blob) => {
      if (blob === null) return;
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = 'stylegrad.png';
      link.click();
      setTimeout(() => {
        URL.revokeObjectURL(link.href);
      }, 10_000);
    }, 'image/png');
  });
  return {
    async reset() {
      controller?.abort(new DOMException('Backend changed', 'AbortError'));
      await running;
      current?.dispose();
      current = undefined;
      setState('idle', 'Pick images and press Start.');
    },
  };
}

import { extname } from 'node:path';
import sharp from 'sharp';
import { StylegradError } from '../errors';
import { describe } from '../internal/validate';
import { writeFileAtomic } from './writeFileAtomic';

/**
 * Options for {@link plotLossCurve}.
 *
 * @example
 * ```ts
 * const options: LossCurveOptions = { title: 'tubingen × starry night', markers: [60], logScale: true };
 * ```
 * @category Node
 */
export interface LossCurveOptions {
  /** Title above the plot. Default `'Loss'`. */
  readonly title?: string;
  /** Image width in pixels. Default 800. */
  readonly width?: number;
  /** Image height in pixels. Default 480. */
  readonly height?: number;
  /** Logarithmic y axis (default `true`; losses span orders of magnitude). Non-positive values are skipped. */
  readonly logScale?: boolean;
  /** X-axis label. Default `'iteration'`. */
  readonly xLabel?: string;
  /** X positions (1-based iteration numbers) to mark with dashed vertical lines, e.g. where a new scale starts. */
  readonly markers?: readonly number[];
  /**
   * Replace an existing file (default `true`). With `false`, an existing file (also one another process creates
   * meanwhile) is an error and is left untouched.
   */
  readonly overwrite?: boolean;
}

const COLOURS = ['#111111', '#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];

/**
 * Draws loss curves (one line per named series, e.g. `total`, `content`, `style`, `tv`) against the iteration
 * number and writes them as a PNG, JPEG or WebP image — the usual loss plot of a style-transfer run. The chart is an
 * SVG rendered with sharp (librsvg), so no native canvas is needed.
 *
 * @param series - Name → values, one per iteration (iteration i is at x = i + 1). Non-finite values are skipped.
 * @param path - Output file; the extension picks the format (`.png`, `.jpg`/`.jpeg`, `.webp`, or `.svg` for the SVG itself).
 * @param options - Title, size, log scale, axis label and markers; see {@link LossCurveOptions}.
 * @returns Resolves when the file has been written.
 * @throws {@link StylegradError} for no series, a series that is not an array of numbers, an unknown
 *   extension, a bad size, or a file that cannot be written.
 * @example
 * ```ts
 * import { plotLossCurve } from 'stylegrad/node';
 * await plotLossCurve({ total: [10, 5, 3, 2.5], style: [8, 3, 1.5, 1.2] }, 'loss.png', { title: 'run 1' });
 * ```
 * @category Node
 */
export async function plotLossCurve(series: Readonly<Record<string, readonly number[]>>, path: string, options: LossCurveOptions = {}): Promise<void> {
  const fn = 'plotLossCurve';
  if (typeof series !== 'object' || series === null || Object.keys(series).length === 0) {
    throw new StylegradError(fn, 'series', `must be an object of name → number[] with at least one series; got ${describe(series)}.`);
  }
  for (const [name, values] of Object.entries(series)) {
    if (!(values instanceof Array) || values.some((v) => typeof v !== 'number')) {
      throw new StylegradError(fn, `series.${name}`, `must be an array of numbers; got ${describe(values)}.`);
    }
  }
  const extension = extname(path).toLowerCase();
  if (!['.png', '.jpg', '.jpeg', '.webp', '.svg'].includes(extension)) {
    throw new StylegradError(fn, 'path', `has extension '${extension}'; use .png, .jpg, .jpeg, .webp or .svg.`);
  }
  const width = options.width ?? 800;
  const height = options.height ?? 480;
  for (const [key, value] of [['options.width', width], ['options.height', height]] as const) {
    if (!Number.isInteger(value) || value < 200 || value > 8000) throw new StylegradError(fn, key, `must be an integer 200..8000; got ${describe(value)}.`);
  }
  const svg = renderSvg(series, { ...options, width, height });
  let encoded: string | Buffer = svg;
  try {
    const image = sharp(Buffer.from(svg));
    if (extension === '.png') encoded = await image.png().toBuffer();
    else if (extension === '.webp') encoded = await image.webp().toBuffer();
    else if (extension !== '.svg') encoded = await image.flatten({ background: '#ffffff' }).jpeg({ quality: 92 }).toBuffer();
  } catch (error) {
    throw new StylegradError(fn, 'path', `'${path}' could not be encoded: ${(error as Error).message}`);
  }
  await writeFileAtomic(fn, 'path', path, encoded, { overwrite: options.overwrite ?? true });
}

function renderSvg(series: Readonly<Record<string, readonly number[]>>, options: LossCurveOptions & { width: number; height: number }): string {
  const { width, height } = options;
  const log = options.logScale ?? true;
  const margin = { left: 78, right: 130, top: 40, bottom: 50 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const usable = (v: number): boolean => Number.isFinite(v) && (!log || v > 0);
  const all = Object.values(series).flatMap((values) => values.filter(usable));
  const count = Math.max(1, ...Object.values(series).map((values) => values.length));
  let lo = all.length === 0 ? (log ? 1 : 0) : Math.min(...all);
  let hi = all.length === 0 ? (log ? 10 : 1) : Math.max(...all);
  if (log) {
    lo = Math.floor(Math.log10(lo));
    hi = Math.ceil(Math.log10(hi));
    if (hi === lo) hi = lo + 1;
  } else if (hi === lo) {
    hi = lo + 1;
  }
  const xOf = (i: number): number => margin.left + (count === 1 ? plotW / 2 : ((i - 1) / (count - 1)) * plotW);
  const yOf = (v: number): number => margin.top + plotH - (((log ? Math.log10(v) : v) - lo) / (hi - lo)) * plotH;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Arial, sans-serif" font-size="12">`);
  parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  parts.push(`<text x="${margin.left + plotW / 2}" y="24" text-anchor="middle" font-size="15">${escapeXml(options.title ?? 'Loss')}</text>`);
  // Y grid and labels.
  const yTicks: number[] = [];
  if (log) for (let e = lo; e <= hi; e++) yTicks.push(10 ** e);
  else for (let k = 0; k <= 5; k++) yTicks.push(lo + ((hi - lo) * k) / 5);
  for (const v of yTicks) {
    const y = yOf(v).toFixed(1);
    parts.push(`<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${y}" y2="${y}" stroke="#e0e0e0"/>`);
    parts.push(`<text x="${margin.left - 6}" y="${y}" dy="4" text-anchor="end">${formatNumber(v)}</text>`);
  }
  // X ticks.
  const step = niceStep(count);
  for (let i = 1; i <= count; i += step) {
    const x = xOf(i).toFixed(1);
    parts.push(`<line x1="${x}" x2="${x}" y1="${margin.top + plotH}" y2="${margin.top + plotH + 5}" stroke="#333"/>`);
    parts.push(`<text x="${x}" y="${margin.top + plotH + 18}" text-anchor="middle">${i}</text>`);
  }
  parts.push(`<text x="${margin.left + plotW / 2}" y="${height - 10}" text-anchor="middle">${escapeXml(options.xLabel ?? 'iteration')}</text>`);
  parts.push(`<rect x="${margin.left}" y="${margin.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#333"/>`);
  for (const marker of options.markers ?? []) {
    if (!(marker >= 1 && marker <= count)) continue;
    const x = xOf(marker).toFixed(1);
    parts.push(`<line x1="${x}" x2="${x}" y1="${margin.top}" y2="${margin.top + plotH}" stroke="#999" stroke-dasharray="4 3"/>`);
  }
  Object.entries(series).forEach(([name, values], k) => {
    const colour = COLOURS[k % COLOURS.length] ?? '#000';
    const segments: string[][] = [[]];
    values.forEach((v, i) => {
      if (usable(v)) segments.at(-1)?.push(`${xOf(i + 1).toFixed(1)},${yOf(v).toFixed(1)}`);
      else segments.push([]);
    });
    for (const points of segments) {
      if (points.length === 1) parts.push(`<circle cx="${points[0]?.split(',')[0] ?? 0}" cy="${points[0]?.split(',')[1] ?? 0}" r="2" fill="${colour}"/>`);
      else if (points.length > 1) parts.push(`<polyline fill="none" stroke="${colour}" stroke-width="${name === 'total' ? 2.2 : 1.5}" points="${points.join(' ')}"/>`);
    }
    const ly = margin.top + 14 + k * 18;
    parts.push(`<line x1="${margin.left + plotW + 12}" x2="${margin.left + plotW + 36}" y1="${ly - 4}" y2="${ly - 4}" stroke="${colour}" stroke-width="2.2"/>`);
    parts.push(`<text x="${margin.left + plotW + 42}" y="${ly}">${escapeXml(name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}

function niceStep(count: number): number {
  const raw = Math.max(1, count / 8);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const candidates = [1, 2, 5, 10].map((m) => m * magnitude);
  return candidates.find((c) => c >= raw) ?? raw;
}

function formatNumber(v: number): string {
  if (v === 0) return '0';
  const abs = Math.abs(v);
  return abs >= 1e4 || abs < 1e-2 ? v.toExponential(0).replace('e+', 'e') : Number(v.toPrecision(3)).toString();
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

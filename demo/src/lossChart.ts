// A live loss curve per term, in plain SVG: log-scaled y, one polyline per term, the latest values in the legend.
import type { LossTerms } from 'stylegrad';

const TERMS = ['total', 'content', 'style', 'tv'] as const;
const COLOURS: Readonly<Record<(typeof TERMS)[number], string>> = { total: '#222', content: '#1f77b4', style: '#d62728', tv: '#2ca02c' };
const WIDTH = 480;
const HEIGHT = 200;
const MARGIN = { left: 44, right: 8, top: 8, bottom: 18 };
const SVG = 'http://www.w3.org/2000/svg';

/** What {@link createLossChart} returns. */
export interface LossChart {
  /** Adds the loss terms of one iteration (numbered over the whole run) and redraws. */
  add(iteration: number, loss: LossTerms): void;
  /** Clears the curve. */
  reset(): void;
}

/**
 * Draws loss curves into `svg` (viewBox 480×200).
 *
 * @param svg - The chart element.
 * @returns The chart.
 */
export function createLossChart(svg: SVGSVGElement): LossChart {
  const points: { readonly iteration: number; readonly loss: LossTerms }[] = [];
  const draw = (): void => {
    svg.replaceChildren();
    const values = points.flatMap((p) => TERMS.map((t) => p.loss[t]).filter((v): v is number => v !== undefined && v > 0 && Number.isFinite(v)));
    if (values.length === 0) return;
    const low = Math.floor(Math.log10(Math.min(...values)));
    const high = Math.max(low + 1, Math.ceil(Math.log10(Math.max(...values))));
    const last = Math.max(2, points[points.length - 1]?.iteration ?? 2);
    const first = points[0]?.iteration ?? 1;
    const x = (i: number): number => MARGIN.left + ((i - first) / Math.max(1, last - first)) * (WIDTH - MARGIN.left - MARGIN.right);
    const y = (v: number): number => MARGIN.top + ((high - Math.log10(v)) / (high - low)) * (HEIGHT - MARGIN.top - MARGIN.bottom);
    for (let decade = low; decade <= high; decade++) {
      svg.append(element('line', { x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y(10 ** decade), y2: y(10 ** decade), stroke: '#eee' }));
      svg.append(element('text', { x: 2, y: y(10 ** decade) + 3 }, `1e${decade}`));
    }
    svg.append(element('text', { x: WIDTH - 60, y: HEIGHT - 4 }, `iteration ${last}`));
    TERMS.forEach((term, row) => {
      const line = points.flatMap((p) => {
        const v = p.loss[term];
        return v !== undefined && v > 0 && Number.isFinite(v) ? [`${x(p.iteration).toFixed(1)},${y(v).toFixed(1)}`] : [];
      });
      if (line.length === 0) return;
      svg.append(element('polyline', { points: line.join(' '), fill: 'none', stroke: COLOURS[term], 'stroke-width': term === 'total' ? 2 : 1.2 }));
      const latest = points[points.length - 1]?.loss[term];
      svg.append(element('text', { x: WIDTH - 150, y: 18 + row * 12, fill: COLOURS[term] }, `${term} ${latest?.toExponential(3) ?? ''}`));
    });
  };
  return {
    add(iteration, loss) {
      points.push({ iteration, loss });
      draw();
    },
    reset() {
      points.length = 0;
      draw();
    },
  };
}

/** An SVG element with attributes and optional text. */
function element(name: string, attributes: Readonly<Record<string, string | number>>, text?: string): SVGElement {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

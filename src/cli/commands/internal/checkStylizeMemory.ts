// The memory check of `stylegrad stylize`'s planning: estimate the largest scale's peak memory from the content
// image's header (no decoding) and refuse a run that would not fit, saying the largest --size that does.
import { StylegradError } from '../../../errors';
import { estimateStylizeMemory, type StylizeMemoryOptions } from '../../../node/estimateStylizeMemory';
import type { OptimizerSpec } from '../../../transfer/types';
import { formatGB, memoryBudget } from '../../internal/memoryBudget';

const FN = 'stylegrad';
/** Upscaling the content beyond this factor gets a warning: it adds pixels (memory, time), not detail. */
const UPSCALE_WARNING = 2;

/** What {@link checkStylizeMemory} needs. */
export interface StylizeMemoryInput {
  /** The size of the image whose aspect ratio (and, without `size`, size) the output takes. */
  readonly reference: { readonly width: number; readonly height: number };
  readonly size: number | undefined;
  readonly extractor: StylizeMemoryOptions['extractor'];
  readonly optimizer: OptimizerSpec;
  readonly backend: string | undefined;
  /** The raw `--max-memory` text in GB. */
  readonly maxMemory: string | undefined;
}

/** The output size, the estimate, the budget, and warnings to print. */
export interface StylizeMemoryCheck {
  readonly width: number;
  readonly height: number;
  readonly bytes: number;
  readonly budget: number;
  readonly warnings: readonly string[];
}

/**
 * Estimates the run's peak memory at its largest scale and refuses it when over budget.
 *
 * @param input - The reference image, size, network, optimiser, backend and `--max-memory`.
 * @returns The output size, estimate, budget and warnings.
 * @throws {@link StylegradError} `stylegrad: --size 20000 needs about … of memory …; the largest --size that fits is N. …`
 * @example
 * ```ts
 * const check = checkStylizeMemory({ reference: { width: 1024, height: 768 }, size: 512, extractor: 'vgg19', optimizer: 'lbfgs', backend: undefined, maxMemory: undefined });
 * ```
 */
export function checkStylizeMemory(input: StylizeMemoryInput): StylizeMemoryCheck {
  const budget = memoryBudget(FN, input.maxMemory);
  const { width: sourceWidth, height: sourceHeight } = input.reference;
  const longer = Math.max(sourceWidth, sourceHeight);
  const target = input.size ?? longer;
  const width = Math.max(1, Math.round((sourceWidth * target) / longer));
  const height = Math.max(1, Math.round((sourceHeight * target) / longer));
  const estimateAt = (side: number): number => {
    const [w, h] = [Math.max(1, Math.round((sourceWidth * side) / longer)), Math.max(1, Math.round((sourceHeight * side) / longer))];
    return estimateStylizeMemory({ width: w, height: h, ...memoryModel(input) }).bytes;
  };
  const bytes = estimateAt(target);
  if (bytes > budget.bytes) {
    const fits = largestFitting(target, (side) => estimateAt(side) <= budget.bytes);
    const flag = input.size === undefined ? '--size (the content size)' : '--size';
    const advice = fits === 0 ? 'nothing fits: the fixed part alone is over budget' : `the largest --size that fits is ${fits}`;
    throw new StylegradError(FN, flag, `${target} needs about ${formatGB(bytes)} of memory (${width}×${height}, ${input.extractor}, ${optimizerName(input.optimizer)}), more than the budget of ${formatGB(budget.bytes)} (${budget.source}); ${advice}. Pass a smaller --size, or --max-memory <GB> to change the budget.`);
  }
  const warnings = target > UPSCALE_WARNING * longer
    ? [`Warning: --size ${target} upscales the ${longer} px image ${(target / longer).toFixed(1)}×: more pixels (memory, time), no more detail.`]
    : [];
  return { width, height, bytes, budget: budget.bytes, warnings };
}

/** The largest side in 1..`upper` for which `fits` holds (the estimate grows with the side), or 0. */
function largestFitting(upper: number, fits: (side: number) => boolean): number {
  let [low, high] = [0, upper];
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(mid)) low = mid;
    else high = mid - 1;
  }
  return low;
}

function optimizerName(spec: OptimizerSpec): 'lbfgs' | 'adam' {
  const name = typeof spec === 'string' ? spec : spec.name;
  return name === 'adam' ? 'adam' : 'lbfgs';
}

function memoryModel(input: StylizeMemoryInput): Omit<StylizeMemoryOptions, 'width' | 'height'> {
  const spec = input.optimizer;
  const historySize = typeof spec === 'object' && 'historySize' in spec && typeof spec.historySize === 'number' ? spec.historySize : undefined;
  const backend = input.backend === 'wasm' || input.backend === 'cpu' || input.backend === 'tfjs-node-gpu' ? input.backend : 'tfjs-node';
  return { extractor: input.extractor, optimizer: optimizerName(spec), backend, ...(historySize === undefined ? {} : { historySize }) };
}


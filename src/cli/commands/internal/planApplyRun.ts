// `stylegrad apply`, first half: parse every flag and check the model, every input and output and the memory of
// every image before a backend or the model is loaded.
import { StylegradError } from '../../../errors';
import type { BackendCandidate } from '../../../node/pickBackend';
import { checkImageInput, checkOutput, IMAGE_OUTPUT_EXTENSIONS } from '../../internal/checkPaths';
import { assertDistinctPaths } from '../../internal/fileIdentity';
import { memoryBudget } from '../../internal/memoryBudget';
import { parseBitDepth, parseInteger } from '../../internal/parseCliOptions';
import type { ApplyCommandOptions } from '../apply';
import { defaultModelsDir, resolveModel } from './feedforwardShared';
import { planApplyJobs } from './planApplyJobs';
import { planApplyTiles, type ApplyTilePlan } from './planApplyTiles';

const FN = 'stylegrad apply';

/**
 * A checked `stylegrad apply` run.
 *
 * @example
 * ```ts
 * const plan: ApplyPlan = await planApplyRun({ model: 'models/udnie', input: 'in.jpg', output: 'out.png' });
 * ```
 * @category CLI
 */
export interface ApplyPlan {
  /** The model folder. */
  readonly modelDir: string;
  /** The (input, output) pairs. */
  readonly jobs: readonly (readonly [string, string])[];
  /** How each job's image is run (whole or in tiles), in the order of `jobs`. */
  readonly tiles: readonly ApplyTilePlan[];
  /** `--size`: inputs are resized so their longer side has this many pixels. */
  readonly size: number | undefined;
  readonly bitDepth: 8 | 16;
  readonly force: boolean;
  readonly backend: BackendCandidate | undefined;
}

/**
 * Parses and checks `stylegrad apply`'s arguments without loading a backend or the model: the model folder exists,
 * numbers are valid, every input is an image, outputs are not inputs (even with `--force`) and exist only with
 * `--force`, 16-bit outputs are PNGs, and every image fits the memory budget, whole or in tiles.
 *
 * @param options - The parsed arguments.
 * @returns The plan {@link runApplyPlan} runs.
 * @throws {@link StylegradError} naming the flag or argument, for the first problem found.
 * @example
 * ```ts
 * const plan = await planApplyRun({ model: 'models/udnie', input: 'in.jpg', output: 'out.png' });
 * ```
 * @category CLI
 */
export async function planApplyRun(options: ApplyCommandOptions): Promise<ApplyPlan> {
  const force = options.force === true;
  const modelDir = await resolveModel(FN, options.model, options.modelsDir ?? defaultModelsDir());
  const size = parseInteger(FN, '--size', options.size, 8);
  const tileSize = parseInteger(FN, '--tile-size', options.tileSize, 16);
  if (tileSize !== undefined && tileSize % 4 !== 0) throw new StylegradError(FN, '--tile-size', `must be a multiple of 4 (the network's stride); got '${options.tileSize ?? ''}'.`);
  const budget = memoryBudget(FN, options.maxMemory);
  const jobs = await planApplyJobs(options);
  const bitDepth = parseBitDepth(FN, options.bitDepth, jobs.map(([, to]) => ({ flag: '<output>', path: to })));
  await assertDistinctPaths(FN, jobs.map(([from]) => ({ flag: '<input>', path: from })), jobs.map(([, to]) => ({ flag: '<output>', path: to })));
  for (const [, to] of jobs) await checkOutput(FN, '<output>', to, { extensions: IMAGE_OUTPUT_EXTENSIONS, force });
  const backend = options.backend === 'wasm' || options.backend === 'cpu' || options.backend === 'tfjs-node-gpu' ? options.backend : undefined;
  const tiles: ApplyTilePlan[] = [];
  for (const [from] of jobs) {
    const { width, height } = outputSize(await checkImageInput(FN, '<input>', from), size);
    tiles.push(planApplyTiles({ file: from, width, height, tileSize, budget, backend }));
  }
  return { modelDir, jobs, tiles, size, bitDepth, force, backend: options.backend as BackendCandidate | undefined };
}

/** The size `readImage(…, { size })` gives: the longer side scaled to `size`, aspect ratio kept. */
function outputSize(source: { width: number; height: number }, size: number | undefined): { width: number; height: number } {
  if (size === undefined) return source;
  const scale = size / Math.max(source.width, source.height);
  return { width: Math.max(1, Math.round(source.width * scale)), height: Math.max(1, Math.round(source.height * scale)) };
}

// How `stylegrad stylize`'s flags become StylizeOptions fields (only the flags given override the preset).
import { StylegradError } from '../../../errors';
import { getPreset } from '../../../transfer/getPreset';
import { stylizePresets } from '../../../transfer/stylizePresets';
import type { OptimizerSpec, StylizeOptions } from '../../../transfer/types';
import { parseInteger, parseLayers, parseNumber } from '../../internal/parseCliOptions';
import type { StylizeCommandOptions } from '../stylize';
import type { StylizeMemoryCheck } from './checkStylizeMemory';
import { styleLossFlags } from './styleLossFlags';

const FN = 'stylegrad';

/**
 * The preset named by `--preset`, with the CLI's message for an unknown name.
 *
 * @param name - The preset name.
 * @returns The preset.
 * @throws {@link StylegradError} `stylegrad: --preset 'monet' is not a preset; valid presets: …`.
 * @example
 * ```ts
 * const preset = presetForCli('gatys');
 * ```
 */
export function presetForCli(name: string): ReturnType<typeof getPreset> {
  try {
    return getPreset(name);
  } catch {
    throw new StylegradError(FN, '--preset', `'${name}' is not a preset; valid presets: ${Object.keys(stylizePresets).join(', ')}.`);
  }
}

/**
 * The flags that override the preset, as StylizeOptions fields (only those given).
 *
 * @param o - The parsed flags.
 * @returns The overrides.
 * @throws {@link StylegradError} for a bad number or layer list.
 * @example
 * ```ts
 * buildSettings({ output: 'a.png', iterations: '10' }); // { iterations: 10 }
 * ```
 */
export function buildSettings(o: StylizeCommandOptions): Partial<StylizeOptions> {
  const s: Record<string, unknown> = {};
  const set = (key: string, value: unknown): void => {
    if (value !== undefined) s[key] = value;
  };
  set('mode', o.mode);
  set('iterations', parseInteger(FN, '--iterations', o.iterations, 1));
  set('maxEvaluations', parseInteger(FN, '--max-evaluations', o.maxEvaluations, 1));
  set('contentLayers', parseLayers(FN, '--content-layers', o.contentLayers));
  set('styleLayers', parseLayers(FN, '--style-layers', o.styleLayers));
  set('contentWeight', parseNumber(FN, '--content-weight', o.contentWeight));
  set('styleWeight', parseNumber(FN, '--style-weight', o.styleWeight));
  set('tvWeight', parseNumber(FN, '--tv-weight', o.tvWeight));
  set('styleScale', parseNumber(FN, '--style-scale', o.styleScale, { min: Number.MIN_VALUE }));
  set('tvKind', o.tvKind);
  set('contentReduction', o.contentReduction);
  set('gramNormalization', o.gram);
  set('styleReduction', o.styleReduction);
  set('optimizer', optimizerSpec(o));
  set('seed', parseInteger(FN, '--seed', o.seed, 0));
  set('colour', o.colour);
  if (o.multiScale !== undefined || o.scaleStart !== undefined) {
    const start = parseInteger(FN, '--scale-start', o.scaleStart, 1);
    s.multiScale = o.multiScale === false ? false : start === undefined ? true : { start };
  }
  if (o.earlyStop !== undefined) {
    const tolerance = parseNumber(FN, '--early-stop', o.earlyStop, { min: Number.MIN_VALUE }) ?? 0;
    s.earlyStopping = { tolerance, window: parseInteger(FN, '--early-stop-window', o.earlyStopWindow, 1) ?? 5 };
  }
  Object.assign(s, styleLossFlags(o));
  return s;
}

function optimizerSpec(o: StylizeCommandOptions): OptimizerSpec | undefined {
  if (o.optimizer === undefined && o.learningRate === undefined) return undefined;
  const name = (o.optimizer ?? 'lbfgs') as 'lbfgs' | 'adam';
  const lr = parseNumber(FN, '--learning-rate', o.learningRate, { min: Number.MIN_VALUE });
  if (lr === undefined) return name;
  return name === 'adam' ? { name: 'adam', learningRate: lr } : { name: 'lbfgs', learningRate: lr };
}

/**
 * `--style-blend`: one weight >= 0 per style (all 1 when absent).
 *
 * @param value - The raw text, or `undefined`.
 * @param count - The number of styles.
 * @returns One weight per style.
 * @throws {@link StylegradError} for the wrong count or a bad number.
 * @example
 * ```ts
 * parseBlend('1,0.5', 2); // [1, 0.5]
 * ```
 */
export function parseBlend(value: string | undefined, count: number): number[] {
  if (value === undefined) return new Array<number>(count).fill(1);
  const weights = value.split(',').map((w) => (w.trim() === '' ? Number.NaN : Number(w.trim())));
  if (weights.length !== count || weights.some((w) => !Number.isFinite(w) || w < 0)) {
    throw new StylegradError(FN, '--style-blend', `must be ${count} comma-separated numbers >= 0 (one per --style); got '${value}'.`);
  }
  return weights;
}

/** Iterations at each tiled scale unless `--tile-iterations` says otherwise. */
const TILE_ITERATIONS = 5;

/**
 * The stylize settings of a tiled run (none when the memory check runs it whole): the tiling, and unless
 * `--multi-scale`/`--no-multi-scale`/`--scale-start` was given, coarse-to-fine in ×2 steps from the planned start.
 *
 * @param memory - The memory check (its `tiling`).
 * @param o - The parsed flags (`--tile-iterations`, `--multi-scale`, `--scale-start`).
 * @returns The settings to add over {@link buildSettings}'s.
 * @throws {@link StylegradError} for a bad `--tile-iterations`.
 * @example
 * ```ts
 * tilingSettings(checkStylizeMemory(input), { output: 'a.png' }); // { tiling: { tileSize: 640, … }, multiScale: { start: 512, factor: 2 } }
 * ```
 */
export function tilingSettings(memory: StylizeMemoryCheck, o: StylizeCommandOptions): Partial<StylizeOptions> {
  const iterations = parseInteger(FN, '--tile-iterations', o.tileIterations, 1) ?? TILE_ITERATIONS;
  const t = memory.tiling;
  if (t === null) return {};
  const tiling = { tileSize: t.tileSize, halo: t.halo, historySize: t.historySize, maxUntiledPixels: t.maxUntiledPixels, iterations };
  const userSchedule = o.multiScale !== undefined || o.scaleStart !== undefined;
  return userSchedule ? { tiling } : { tiling, multiScale: { start: t.start, factor: 2 } };
}

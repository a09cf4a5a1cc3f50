// The one set of parsers for the CLI's flag values, shared by every command (stylize, apply, train, convert), so
// their messages read the same. A parser used by one command only stays with that command's plan.
import path from 'node:path';
import { StylegradError } from '../../errors';
import type { NamedPath } from './fileIdentity';

/**
 * A number flag: `undefined` when absent, else a finite number (an integer when asked) of at least `min`.
 *
 * @param fn - The command, e.g. `stylegrad apply` (for errors).
 * @param flag - The flag, e.g. `--size`.
 * @param value - The raw text, or `undefined` when the flag was not given.
 * @param options - `integer` to require an integer; `min` the smallest allowed value.
 * @returns The number, or `undefined`.
 * @throws {@link StylegradError} `${fn}: ${flag} must be an integer >= 1; got 'ten'.` and the like.
 * @example
 * ```ts
 * parseNumber('stylegrad', '--size', '512', { integer: true, min: 1 }); // 512
 * ```
 */
export function parseNumber(fn: string, flag: string, value: string | undefined, options: { readonly integer?: boolean; readonly min?: number } = {}): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  const min = options.min ?? Number.NEGATIVE_INFINITY;
  if (value.trim() === '' || !Number.isFinite(n) || (options.integer === true && !Number.isInteger(n)) || n < min) {
    const bound = !Number.isFinite(min) ? '' : min === Number.MIN_VALUE ? ' > 0' : ` >= ${min}`;
    throw new StylegradError(fn, flag, `must be ${options.integer === true ? 'an integer' : 'a number'}${bound}; got '${value}'.`);
  }
  return n;
}

/**
 * An integer flag of at least `min` (shorthand for {@link parseNumber} with `integer: true`).
 *
 * @param fn - The command (for errors).
 * @param flag - The flag.
 * @param value - The raw text, or `undefined`.
 * @param min - The smallest allowed value.
 * @returns The integer, or `undefined`.
 * @throws {@link StylegradError} when it is not an integer >= `min`.
 * @example
 * ```ts
 * parseInteger('stylegrad', '--iterations', '10', 1); // 10
 * ```
 */
export function parseInteger(fn: string, flag: string, value: string | undefined, min: number): number | undefined {
  return parseNumber(fn, flag, value, { integer: true, min });
}

/**
 * A layer list: `relu1_2,relu2_2:0.5` → `{ relu1_2: 1, relu2_2: 0.5 }` (weight 1 when omitted, weights >= 0).
 *
 * @param fn - The command (for errors).
 * @param flag - The flag, e.g. `--style-layers`.
 * @param value - The raw text, or `undefined`.
 * @returns The layers and their weights, or `undefined`.
 * @throws {@link StylegradError} for an entry that is not `name` or `name:weight`, or an empty list.
 * @example
 * ```ts
 * parseLayers('stylegrad', '--content-layers', 'conv4_2:1,conv5_2:0.5'); // { conv4_2: 1, conv5_2: 0.5 }
 * ```
 */
export function parseLayers(fn: string, flag: string, value: string | undefined): Record<string, number> | undefined {
  if (value === undefined) return undefined;
  const out: Record<string, number> = {};
  for (const part of value.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const [name = '', weight, extra] = part.split(':');
    const w = weight === undefined ? 1 : Number(weight);
    if (name === '' || extra !== undefined || weight?.trim() === '' || !Number.isFinite(w) || w < 0) {
      throw new StylegradError(fn, flag, `has a bad entry '${part}'; use name or name:weight (weight >= 0), comma-separated.`);
    }
    out[name] = w;
  }
  if (Object.keys(out).length === 0) throw new StylegradError(fn, flag, `must name at least one layer; got '${value}'.`);
  return out;
}

/**
 * `{ [key]: value }`, or `{}` when `value` is undefined: for spreading optional settings into an options object
 * under `exactOptionalPropertyTypes`.
 *
 * @param key - The property name.
 * @param value - Its value, or undefined to leave it out.
 * @returns An object with the one property, or an empty one.
 * @example
 * ```ts
 * const settings = { ...definedEntry('steps', parseInteger('stylegrad train', '--steps', '100', 1)) }; // { steps: 100 }
 * ```
 */
export function definedEntry<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

/**
 * `--bit-depth` as 8 or 16 (commander has checked the choice); 16 only when every output is a PNG.
 *
 * @param fn - The command (for errors).
 * @param value - The raw text, or `undefined` (8).
 * @param outputs - The image outputs, named by their flag or argument.
 * @returns 8 or 16.
 * @throws {@link StylegradError} for another value, or 16 with an output that is not a .png.
 * @example
 * ```ts
 * parseBitDepth('stylegrad apply', '16', [{ flag: '<output>', path: 'out.png' }]); // 16
 * ```
 */
export function parseBitDepth(fn: string, value: string | undefined, outputs: readonly NamedPath[]): 8 | 16 {
  if (value === undefined || value === '8') return 8;
  if (value !== '16') throw new StylegradError(fn, '--bit-depth', `must be 8 or 16; got '${value}'.`);
  const other = outputs.find((o) => path.extname(o.path).toLowerCase() !== '.png');
  if (other !== undefined) {
    throw new StylegradError(fn, '--bit-depth', `16 needs a .png output, but ${other.flag} '${other.path}' is ${path.extname(other.path) || 'without extension'} (JPEG and WebP are 8-bit formats); write a .png, or leave --bit-depth at 8.`);
  }
  return 16;
}

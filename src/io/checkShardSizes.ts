// Byte accounting for one weight group: the sizes its shards must have, from shape × dtype of its weights.
// tfjs writes a group as equal-sized shards with a shorter last one; a shard of any other size is truncated,
// padded or foreign, and decoding it would shift or invent weights, so it is refused.
import { StylegradError } from '../errors';
import { entryByteLength, type ManifestGroup } from './internal/checkManifest';

/**
 * Throws unless `sizes` (bytes of each shard of `group`, in order) are what the group's weights need. The one
 * tolerance: a last shard as large as the others when the weights end inside it (a manifest trimmed to fewer
 * weights than its equal-sized shards hold, e.g. a classifier dropped); the extra bytes are never read.
 *
 * @param fn - The public function loading (for errors).
 * @param group - One checked `weightsManifest` entry.
 * @param groupIndex - Its index in the manifest (for errors).
 * @param sizes - The byte size of each of its shard files, in the order of `group.paths`.
 * @param source - The model.json the group comes from (for errors).
 * @returns The bytes the group's weights need (the decoder reads exactly these).
 * @throws {@link StylegradError} naming the group's paths when the shards are truncated, padded or foreign.
 * @example
 * ```ts
 * const needed = checkShardSizes('loadTfjsWeights', group, 0, [4194304, 1024], 'vgg/model.json');
 * ```
 */
export function checkShardSizes(fn: string, group: ManifestGroup, groupIndex: number, sizes: readonly number[], source: string): number {
  const needed = group.weights.reduce((a, w) => a + entryByteLength(w), 0);
  const n = sizes.length;
  const shardSize = n === 1 ? needed : mostCommon(sizes.slice(0, -1));
  const lastNeeded = needed - (n - 1) * shardSize;
  const held = sizes.reduce((a, b) => a + b, 0);
  if (lastNeeded < 0 || lastNeeded > shardSize || (n > 1 && lastNeeded === 0) || (n === 1 && held !== needed)) {
    throw new StylegradError(
      fn,
      `weightsManifest[${groupIndex}].paths`,
      `does not fit its files: shards ${group.paths.join(', ')} of ${source} hold ${held} bytes but the manifest's weights (${names(group)}) need ${needed}; the files are truncated, padded or do not belong to this model.json.`,
    );
  }
  sizes.forEach((actual, i) => {
    const last = i === n - 1;
    const expected = last ? lastNeeded : shardSize;
    if (actual === expected || (last && n > 1 && actual === shardSize)) return;
    throw new StylegradError(
      fn,
      `weightsManifest[${groupIndex}].paths[${i}]`,
      `('${group.paths[i] ?? '?'}' of ${source}) holds ${actual} bytes but ${expected} are expected (the weights ${names(group)} need ${needed} bytes in ${n} shard${n === 1 ? '' : 's'}); the file is truncated, padded or does not belong to this model.json.`,
    );
  });
  return needed;
}

function mostCommon(values: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = values[0] ?? 0;
  for (const [v, c] of counts) if (c > (counts.get(best) ?? 0)) best = v;
  return best;
}

function names(group: ManifestGroup): string {
  const all = group.weights.map((w) => w.name);
  return all.length <= 4 ? all.join(', ') : `${all.slice(0, 3).join(', ')} … ${all[all.length - 1] ?? ''} (${all.length} weights)`;
}

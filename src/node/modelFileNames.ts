// The file names of a tfjs model folder, so that replacing such a folder never deletes a user's other files.

/**
 * Whether a file name belongs to a tfjs model folder written by {@link writeModelFiles}: its model.json (named
 * `jsonName`) or a `groupN-shardMofK.bin` shard. Used as writeFolderAtomic's `replaceable`.
 *
 * @param jsonName - The model.json file name.
 * @param extra - Further names the folder may hold (e.g. `training.json`).
 * @returns The predicate.
 * @example
 * ```ts
 * modelFileNames('model.json')('group1-shard2of3.bin'); // true
 * ```
 */
export function modelFileNames(jsonName: string, extra: readonly string[] = []): (name: string) => boolean {
  return (name) => name === jsonName || extra.includes(name) || /^group\d+-shard\d+of\d+\.bin$/.test(name);
}

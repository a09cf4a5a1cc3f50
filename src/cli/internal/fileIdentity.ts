// Telling whether two paths name the same file, before either is written: `a.png` and `./x/../a.png`, a
// symlink and its target, and two hard links of one file are all the same; a path that does not exist yet is
// compared by the real path of its nearest existing folder plus the rest of the name.
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { StylegradError } from '../../errors';

/** What identifies a file: its resolved real path, and device + inode when it exists. */
export interface FileIdentity {
  /** The real path (symlinks resolved in the existing part). */
  readonly resolved: string;
  /** `dev:ino` when the file exists (equal for hard links), else `undefined`. */
  readonly inode: string | undefined;
}

/**
 * The identity of `file`, which need not exist.
 *
 * @param file - Any path.
 * @returns Its real path and, when it exists, device + inode.
 * @example
 * ```ts
 * const a = await fileIdentity('out/../in.png');
 * ```
 */
export async function fileIdentity(file: string): Promise<FileIdentity> {
  const absolute = path.resolve(file);
  const info = await stat(absolute).catch(() => undefined);
  const inode = info === undefined ? undefined : `${info.dev}:${info.ino}`;
  const missing: string[] = [];
  let existing = absolute;
  for (;;) {
    try {
      return { resolved: path.join(await realpath(existing), ...missing), inode };
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return { resolved: absolute, inode };
      missing.unshift(path.basename(existing));
      existing = parent;
    }
  }
}

/**
 * Whether two identities name the same file.
 *
 * @param a - One identity.
 * @param b - The other.
 * @returns `true` for the same real path or the same device + inode.
 * @example
 * ```ts
 * sameFile(await fileIdentity('a.png'), await fileIdentity('./a.png')); // true
 * ```
 */
export function sameFile(a: FileIdentity, b: FileIdentity): boolean {
  return a.resolved === b.resolved || (a.inode !== undefined && a.inode === b.inode);
}

/** A path a command reads or writes, with the flag that named it. */
export interface NamedPath {
  /** The flag or argument, e.g. `--output` or `<input>`. */
  readonly flag: string;
  /** The path as the user gave it. */
  readonly path: string;
}

/**
 * Refuses a run whose outputs would overwrite one of its inputs or one another: every output must differ from
 * every input and from every other output, and may not lie inside an input folder (`--weights`) nor hold an input
 * (a frames folder holding `--init`). Checked before any work, and `--force` does not lift it.
 *
 * @param fn - The command, e.g. `stylegrad` (for errors).
 * @param inputs - The files the run reads.
 * @param outputs - The files the run writes.
 * @throws {@link StylegradError} `stylegrad: --output 'a.png' is the same file as --content 'a.png'; …`.
 * @example
 * ```ts
 * await assertDistinctPaths('stylegrad', [{ flag: '--content', path: 'a.jpg' }], [{ flag: '--output', path: 'b.png' }]);
 * ```
 */
export async function assertDistinctPaths(fn: string, inputs: readonly NamedPath[], outputs: readonly NamedPath[]): Promise<void> {
  const known: (NamedPath & { id: FileIdentity; input: boolean })[] = [];
  for (const input of inputs) known.push({ ...input, id: await fileIdentity(input.path), input: true });
  for (const output of outputs) {
    const id = await fileIdentity(output.path);
    for (const other of known) {
      const relation = sameFile(other.id, id) ? 'is the same file as' : !other.input ? undefined : isInside(id, other.id) ? 'is inside' : isInside(other.id, id) ? 'holds' : undefined;
      if (relation === undefined) continue;
      const what = other.input ? 'an input would be overwritten' : 'one output would overwrite another';
      throw new StylegradError(fn, output.flag, `'${output.path}' ${relation} ${other.flag} '${other.path}'; ${what}, so nothing was run (even --force does not allow this). Choose another name.`);
    }
    known.push({ ...output, id, input: false });
  }
}

/** Whether `inner` lies below the folder `outer` (by resolved path). */
function isInside(inner: FileIdentity, outer: FileIdentity): boolean {
  return inner.resolved.startsWith(`${outer.resolved}${path.sep}`);
}

/**
 * Refuses an output folder that a run would replace as a whole while it holds (or is) one of the run's inputs.
 *
 * @param fn - The command (for errors).
 * @param folder - The output folder.
 * @param inputs - The files and folders the run reads.
 * @throws {@link StylegradError} `stylegrad convert: <output> 'w' holds <input> 'w/model.json'; …`.
 * @example
 * ```ts
 * await assertNotInside('stylegrad convert', { flag: '<output>', path: 'out' }, [{ flag: '<input>', path: 'in.h5' }]);
 * ```
 */
export async function assertNotInside(fn: string, folder: NamedPath, inputs: readonly NamedPath[]): Promise<void> {
  const outer = await fileIdentity(folder.path);
  for (const input of inputs) {
    const inner = await fileIdentity(input.path);
    if (sameFile(outer, inner) || isInside(inner, outer)) {
      const relation = sameFile(outer, inner) ? 'is' : 'holds';
      throw new StylegradError(fn, folder.flag, `'${folder.path}' ${relation} ${input.flag} '${input.path}'; the folder is replaced as a whole, so an input would be lost. Nothing was run (even --force does not allow this); choose another folder.`);
    }
  }
}

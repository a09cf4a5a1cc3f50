import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../errors';
import { assertOneOf, describe } from '../internal/validate';

/**
 * A backend `pickBackend` can choose, by the package that provides it: `tfjs-node-gpu` and `tfjs-node`
 * (native TensorFlow; both register the tfjs backend `'tensorflow'`), `wasm` (`@tensorflow/tfjs-backend-wasm`)
 * and `cpu` (`@tensorflow/tfjs-backend-cpu`, pure JavaScript).
 *
 * @category Backends
 */
export type BackendCandidate = 'tfjs-node-gpu' | 'tfjs-node' | 'wasm' | 'cpu';

/**
 * Options for {@link pickBackend}.
 *
 * @category Backends
 */
export interface PickBackendOptions {
  /** Try this backend first, then the others in the default order. */
  readonly prefer?: BackendCandidate;
  /** Try only this backend; throw if it cannot be set. Takes precedence over `prefer`. */
  readonly force?: BackendCandidate;
}

/**
 * What {@link pickBackend} chose and why.
 *
 * @category Backends
 */
export interface PickedBackend {
  /** The backend that is now active. */
  readonly name: BackendCandidate;
  /** The tfjs backend name now returned by `tf.getBackend()` (`'tensorflow'`, `'wasm'` or `'cpu'`). */
  readonly backend: string;
  /** One sentence saying why this backend was chosen (what it is and what was skipped). */
  readonly reason: string;
  /** Every backend tried, in order, the chosen one last; `error` says why a skipped one failed. */
  readonly tried: readonly {
    /** The candidate tried. */
    readonly name: BackendCandidate;
    /** Why it could not be used (`'not installed'`, or the import or initialisation error); absent for the chosen one. */
    readonly error?: string;
  }[];
  /**
   * For the native backends (`tfjs-node`, `tfjs-node-gpu`) only: whether TensorFlow's oneDNN custom operations
   * are on, and who decided. `'stylegrad-default'`: `TF_ENABLE_ONEDNN_OPTS` was unset, so `pickBackend` set it to
   * `'0'` (off, see docs/backends.md); `'environment'`: the value the user set was kept; `'loaded-earlier'`:
   * TensorFlow was already loaded before `pickBackend` ran, so the variable as it was then applies (it is read
   * only when libtensorflow loads).
   */
  readonly onednn?: {
    /** `TF_ENABLE_ONEDNN_OPTS` is not `0`/`false` (TensorFlow's default is on). */
    readonly enabled: boolean;
    /** Who set the value TensorFlow read. */
    readonly source: 'stylegrad-default' | 'environment' | 'loaded-earlier';
  };
}

/** The default order: fastest first (docs/backends.md: on VGG-19, tfjs-node ~1.1×, wasm ~6.5×, cpu ~150× PyTorch). */
const ORDER: readonly BackendCandidate[] = ['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'];

const CANDIDATES: Readonly<Record<BackendCandidate, { readonly module: string; readonly backend: string; readonly what: string }>> = {
  'tfjs-node-gpu': { module: '@tensorflow/tfjs-node-gpu', backend: 'tensorflow', what: 'native TensorFlow with CUDA' },
  'tfjs-node': { module: '@tensorflow/tfjs-node', backend: 'tensorflow', what: 'native TensorFlow on the CPU' },
  wasm: { module: '@tensorflow/tfjs-backend-wasm', backend: 'wasm', what: 'WebAssembly, one thread in Node' },
  cpu: { module: '@tensorflow/tfjs-backend-cpu', backend: 'cpu', what: 'pure JavaScript, the slowest' },
};

/**
 * Chooses the fastest tfjs backend installed in this Node process and makes it the active backend:
 * `@tensorflow/tfjs-node-gpu`, then `@tensorflow/tfjs-node`, then `@tensorflow/tfjs-backend-wasm`, then
 * `@tensorflow/tfjs-backend-cpu`. Each package is an optional peer, imported only when it is tried; a
 * candidate counts as available when its package imports and `tf.setBackend` initialises it.
 *
 * Both native packages register the same tfjs backend name (`'tensorflow'`), so only one of them can be
 * used per process: the first one imported wins. `tfjs-node` can be installed offline with
 * `scripts/install-tfjs-node.sh` (see docs/backends.md).
 *
 * Before importing a native package it sets `process.env.TF_ENABLE_ONEDNN_OPTS = '0'` unless the variable is
 * already set. With TensorFlow's oneDNN custom ops on, one measurement found some convolutions ~100× slower
 * (and a training run that did not finish), another found them mostly faster, 1.1–2× typically (docs/backends.md):
 * off bounds the worst case, and it keeps libtensorflow's start-up banner off stderr. Set `TF_ENABLE_ONEDNN_OPTS=1` before
 * the process starts to turn them on; the variable is read only when libtensorflow loads, so setting it after
 * tfjs-node was imported does nothing. `onednn` in the result says which applied.
 *
 * @param options - `prefer` moves one candidate to the front; `force` tries only that one.
 * @returns The chosen candidate, the active tfjs backend name, the reason, and every attempt with its error.
 * @throws {@link StylegradError} If an option is not a known candidate, if `force` names a backend that
 * cannot be set, or if no candidate can be set.
 * @example
 * ```ts
 * import { pickBackend } from 'stylegrad/node';
 *
 * const picked = await pickBackend();
 * console.log(picked.reason);
 * // e.g. "tfjs-node: native TensorFlow on the CPU, the fastest one available; skipped tfjs-node-gpu (not installed).
 * //       oneDNN custom ops off (stylegrad's default; set TF_ENABLE_ONEDNN_OPTS=1 before the process starts to turn them on)."
 * console.log(picked.onednn); // { enabled: false, source: 'stylegrad-default' } (undefined for wasm and cpu)
 * await pickBackend({ force: 'wasm' }); // throws if @tensorflow/tfjs-backend-wasm is missing
 * ```
 * @category Backends
 */
export async function pickBackend(options: PickBackendOptions = {}): Promise<PickedBackend> {
  if (typeof options !== 'object' || options === null) {
    throw new StylegradError('pickBackend', 'options', `must be an object; got ${describe(options)}.`);
  }
  const { prefer, force } = options;
  if (prefer !== undefined) assertOneOf('pickBackend', 'options.prefer', prefer, ORDER);
  if (force !== undefined) assertOneOf('pickBackend', 'options.force', force, ORDER);

  const order = force !== undefined ? [force] : prefer !== undefined ? [prefer, ...ORDER.filter((c) => c !== prefer)] : ORDER;
  const tried: { name: BackendCandidate; error?: string }[] = [];
  let onednn: PickedBackend['onednn'];
  for (const name of order) {
    if (CANDIDATES[name].backend === 'tensorflow') onednn ??= defaultOnednnOff();
    const error = await trySetBackend(name);
    if (error === undefined) {
      tried.push({ name });
      const skipped = tried.filter((t) => t.error !== undefined).map((t) => `${t.name} (${t.error ?? ''})`);
      const why = force !== undefined ? 'forced' : prefer === name ? 'preferred' : skipped.length === 0 ? 'the fastest candidate' : 'the fastest one available';
      const reason = `${name}: ${CANDIDATES[name].what}, ${why}${skipped.length > 0 ? `; skipped ${skipped.join(', ')}` : ''}.`;
      if (CANDIDATES[name].backend !== 'tensorflow' || onednn === undefined) return { name, backend: tf.getBackend(), reason, tried };
      return { name, backend: tf.getBackend(), reason: `${reason} ${describeOnednn(onednn)}`, tried, onednn };
    }
    tried.push({ name, error });
  }
  const failures = tried.map((t) => `${t.name}: ${t.error ?? ''}`).join('; ');
  if (force !== undefined) throw new StylegradError('pickBackend', 'options.force', `'${force}' could not be set (${failures}).`);
  throw new StylegradError('pickBackend', 'options', `found no usable tfjs backend (${failures}); install @tensorflow/tfjs-node or @tensorflow/tfjs-backend-wasm.`);
}

/** Whether an earlier call in this process set `TF_ENABLE_ONEDNN_OPTS` (so later calls still report it as the default). */
let onednnDefaulted = false;

/**
 * oneDNN's custom ops are off unless the user set `TF_ENABLE_ONEDNN_OPTS` (why: docs/backends.md, "oneDNN").
 * libtensorflow reads the variable once, when it loads: this must run before the native package is first imported.
 */
function defaultOnednnOff(): NonNullable<PickedBackend['onednn']> {
  const loadedEarlier = tf.findBackendFactory('tensorflow') !== null;
  if (!loadedEarlier && process.env.TF_ENABLE_ONEDNN_OPTS === undefined) {
    process.env.TF_ENABLE_ONEDNN_OPTS = '0';
    onednnDefaulted = true;
  }
  const enabled = !/^(0|false)$/i.test((process.env.TF_ENABLE_ONEDNN_OPTS ?? '').trim());
  return { enabled, source: onednnDefaulted ? 'stylegrad-default' : loadedEarlier ? 'loaded-earlier' : 'environment' };
}

function describeOnednn({ enabled, source }: NonNullable<PickedBackend['onednn']>): string {
  const state = `oneDNN custom ops ${enabled ? 'on' : 'off'}`;
  if (source === 'stylegrad-default') return `${state} (stylegrad's default; set TF_ENABLE_ONEDNN_OPTS=1 before the process starts to turn them on).`;
  if (source === 'environment') return `${state} (TF_ENABLE_ONEDNN_OPTS=${process.env.TF_ENABLE_ONEDNN_OPTS ?? ''} from the environment).`;
  return `${state}, as far as known (TensorFlow was loaded before pickBackend; TF_ENABLE_ONEDNN_OPTS applies only if set before that).`;
}

/** Imports the candidate's package and makes its backend active; returns why it failed, or undefined. */
async function trySetBackend(name: BackendCandidate): Promise<string | undefined> {
  const { module, backend } = CANDIDATES[name];
  let importError: string | undefined;
  try {
    await import(/* @vite-ignore */ module);
  } catch (error) {
    importError = isNotInstalled(error, module) ? 'not installed' : `import failed: ${messageOf(error)}`;
  }
  // The native packages cannot be told apart by backend name: only accept 'tensorflow' after importing
  // the very package asked for. wasm and cpu count when registered by anyone (tfjs-node registers cpu).
  if (importError !== undefined && (backend === 'tensorflow' || tf.findBackendFactory(backend) === null)) return importError;
  if (tf.findBackendFactory(backend) === null) return `${module} imported but registered no '${backend}' backend`;
  try {
    if (!(await tf.setBackend(backend))) return `tf.setBackend('${backend}') failed to initialise`;
    await tf.ready();
  } catch (error) {
    return `tf.setBackend('${backend}') threw: ${messageOf(error)}`;
  }
  return undefined;
}

/** Node says "Cannot find package/module"; bundlers and vite-node say "Could not / Failed to resolve". */
function isNotInstalled(error: unknown, module: string): boolean {
  const message = messageOf(error);
  return message.includes(module) && /cannot find (package|module)|(could not|failed to) resolve/i.test(message);
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

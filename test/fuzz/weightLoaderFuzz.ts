// Seeded mutation fuzzing of the three weight loaders, shared by test/fuzz/weightLoaders.test.ts (a few
// hundred cases per loader in CI) and scripts/fuzz-weight-loaders.ts (tens of thousands, printing counts).
//
// Outcomes: 'error' (a StylegradError), 'identical' (every weight bit-identical, same names and shapes),
// 'changed' (loads, some weight differs), 'missing' (loads, a group recorded as missing), 'crash' (any other
// exception). Every mutation class states what it may produce:
// - strict classes (truncation, padding, malformed manifest fields, invalid paths): error or identical only;
// - data classes (a byte flip inside weight data, or anywhere in model.json text): may also be 'changed' —
//   a flip that yields another finite float (or another in-range uint8, or a renamed weight) is a silent
//   change no loader can detect without checksums, which these formats do not carry; a model.json flip may
//   also rename a shard path, which is a missing file ('missing', reported when a layer needs it).
// A 'crash' is never allowed; nor is a 'hang' (only detectable with `isolateH5`, which reads each .h5 in a
// worker stopped after 10 s: libhdf5 itself can loop forever on some corrupt metadata, and a synchronous
// WebAssembly loop cannot be interrupted in-process). A case that hangs there is then loaded the way Node users
// load it, through loadWeightsFromPath (which parses .h5 files in a worker with a time limit, here 10 s): its
// StylegradError saying the parse did not finish counts as 'timeout', a clear error a user sees instead of a
// hang. (That path starts a worker per file, ~0.1 s, so the bulk of the cases keep one reusable worker.)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Worker } from 'node:worker_threads';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../../src/errors';
import { loadDeeplearnCheckpoint } from '../../src/io/loadDeeplearnCheckpoint';
import { loadKerasH5Weights } from '../../src/io/loadKerasH5Weights';
import { loadWeightsFromPath } from '../../src/node/loadWeightsFromPath';
import { mulberry32 } from '../../src/internal/mulberry32';
import { writeKerasH5 } from '../io/writeKerasH5';
import { folderFiles, folderManifest, writeFolder } from '../io/tfjsFolder';

export type Outcome = 'error' | 'timeout' | 'identical' | 'changed' | 'missing' | 'crash' | 'hang';
type Files = Record<string, Uint8Array>;
type Rand = () => number;
/** Weight name → shape and raw bytes (or 'missing'). */
type Snapshot = Record<string, string>;

interface MutationClass {
  readonly name: string;
  readonly allowed: readonly Outcome[];
  /** Returns mutated files, or undefined when this class does not apply to the drawn case. */
  mutate(files: Files, rand: Rand): Files | undefined;
}

interface LoaderUnderTest {
  readonly name: string;
  readonly base: Files;
  readonly classes: readonly MutationClass[];
  load(files: Files): Promise<Snapshot>;
}

const STRICT: readonly Outcome[] = ['error', 'timeout', 'identical'];
const DATA: readonly Outcome[] = ['error', 'timeout', 'identical', 'changed'];

/** Counts per loader, mutation class and outcome, plus the cases whose outcome was not allowed. */
export interface FuzzReport {
  readonly counts: Record<string, Record<string, Partial<Record<Outcome, number>>>>;
  readonly violations: string[];
  readonly leakedTensors: number;
  /** Per loader: its slowest case (milliseconds, mutation class) and the loader's total seconds. */
  readonly timing: Record<string, { slowestMs: number; slowestClass: string; seconds: number }>;
}

/** Runs `cases` mutations of each loader with a fixed seed. */
export async function fuzzWeightLoaders(cases: number, seed: number, progress?: (line: string) => void, isolateH5 = false): Promise<FuzzReport> {
  const rand = mulberry32(seed);
  const root = mkdtempSync(path.join(tmpdir(), 'stylegrad-fuzz-'));
  const counts: FuzzReport['counts'] = {};
  const violations: string[] = [];
  const timing: FuzzReport['timing'] = {};
  const before = tf.memory().numTensors;
  try {
    for (const loader of await loaders(root, isolateH5)) {
      const reference = await loader.load(loader.base);
      const perClass: Record<string, Partial<Record<Outcome, number>>> = {};
      counts[loader.name] = perClass;
      const time = { slowestMs: 0, slowestClass: '', seconds: 0 };
      timing[loader.name] = time;
      const loaderStart = performance.now();
      for (let i = 0; i < cases; i++) {
        if (i > 0 && i % 1000 === 0) progress?.(`${loader.name}: ${i} cases, ${((performance.now() - loaderStart) / 1000).toFixed(1)} s`);
        const cls = pick(rand, loader.classes);
        const files = cls.mutate(clone(loader.base), rand);
        if (files === undefined) continue;
        const caseStart = performance.now();
        const { outcome, detail } = await classify(loader, files, reference);
        const ms = performance.now() - caseStart;
        if (ms > time.slowestMs) Object.assign(time, { slowestMs: ms, slowestClass: cls.name });
        const bucket = (perClass[cls.name] ??= {});
        bucket[outcome] = (bucket[outcome] ?? 0) + 1;
        if (outcome === 'timeout') progress?.(`${loader.name} case ${i} (${cls.name}): timeout, a StylegradError: ${detail}${describeEdit(loader.base, files)}`);
        if (!cls.allowed.includes(outcome)) violations.push(`${loader.name} case ${i} (${cls.name}): ${outcome} ${detail}${describeEdit(loader.base, files)}`);
      }
      time.seconds = (performance.now() - loaderStart) / 1000;
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return { counts, violations, leakedTensors: tf.memory().numTensors - before, timing };
}

async function classify(loader: LoaderUnderTest, files: Files, reference: Snapshot): Promise<{ outcome: Outcome; detail: string }> {
  try {
    const got = await loader.load(files);
    if (Object.values(got).includes('missing')) return { outcome: 'missing', detail: '' };
    const same = JSON.stringify(got) === JSON.stringify(reference);
    return { outcome: same ? 'identical' : 'changed', detail: same ? '' : diffNames(got, reference) };
  } catch (error) {
    if (error instanceof StylegradError) return { outcome: /HDF5 parse did not finish in/.test(error.message) ? 'timeout' : 'error', detail: error.message };
    if (error instanceof HangError) return { outcome: 'hang', detail: error.message };
    return { outcome: 'crash', detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

/** The mutation as ` [file: byte offset 0x.. -> 0x..]` for single-byte flips, so a case can be rebuilt. */
function describeEdit(base: Files, files: Files): string {
  const edits: string[] = [];
  for (const [name, bytes] of Object.entries(files)) {
    const before = base[name];
    if (before === undefined || before.length !== bytes.length) continue;
    const at = bytes.findIndex((b, i) => b !== before[i]);
    if (at >= 0) edits.push(`${name}: byte ${at} 0x${(before[at] as number).toString(16)} -> 0x${(bytes[at] as number).toString(16)}`);
  }
  return edits.length === 0 ? '' : ` [${edits.join('; ')}]`;
}

function diffNames(a: Snapshot, b: Snapshot): string {
  const names = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...names].filter((n) => a[n] !== b[n]).join(', ');
}

/** Snapshot of named tensors (disposed afterwards) and missing names. */
function snapshotTensors(tensors: Readonly<Record<string, tf.Tensor>>, missing: Readonly<Record<string, string>> = {}): Snapshot {
  const out: Snapshot = {};
  for (const name of Object.keys(tensors).sort()) {
    const t = tensors[name] as tf.Tensor;
    out[name] = `${t.dtype}[${t.shape.join(',')}]:${hex(new Uint8Array((t.dataSync() as Float32Array).slice().buffer))}`;
  }
  tf.dispose(Object.values(tensors));
  for (const name of Object.keys(missing)) out[name] = 'missing';
  return out;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function loaders(root: string, isolateH5: boolean): Promise<LoaderUnderTest[]> {
  let n = 0;
  const tfjs: LoaderUnderTest = {
    name: 'tfjs folder (loadWeightsFromPath)',
    base: folderFiles(),
    classes: tfjsClasses(),
    load: async (files) => {
      const folder = path.join(root, `t${++n}`);
      writeFolder(folder, files);
      try {
        const w = await loadWeightsFromPath(folder);
        return snapshotTensors(w.tensors, w.missing);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    },
  };
  const h5 = await h5Loader(isolateH5, root);
  return [tfjs, h5, checkpointLoader()];
}

// ---- tfjs folder ----

const SHARDS = ['g1-shard1of3.bin', 'g1-shard2of3.bin', 'g1-shard3of3.bin', 'g2-shard1of1.bin'];

function tfjsClasses(): MutationClass[] {
  const manifestEdit = (name: string, edit: (m: ReturnType<typeof folderManifest>, rand: Rand) => void): MutationClass => ({
    name,
    allowed: STRICT,
    mutate: (files, rand) => {
      const m = folderManifest();
      edit(m, rand);
      return { ...files, 'model.json': folderFiles(m)['model.json'] as Uint8Array };
    },
  });
  const weightOf = (m: ReturnType<typeof folderManifest>, rand: Rand): Record<string, unknown> => {
    const all = m.flatMap((g) => g.weights);
    return pick(rand, all);
  };
  return [
    { name: 'shard byte flip (data)', allowed: DATA, mutate: (f, rand) => flipIn(f, pick(rand, SHARDS), rand) },
    { name: 'shard truncation', allowed: STRICT, mutate: (f, rand) => truncate(f, pick(rand, SHARDS), rand) },
    { name: 'shard padding', allowed: STRICT, mutate: (f, rand) => pad(f, pick(rand, SHARDS), rand) },
    manifestEdit('manifest: wrong shape', (m, rand) => {
      const w = weightOf(m, rand);
      w.shape = wrongShape(rand, w.shape as number[]);
    }),
    manifestEdit('manifest: wrong dtype', (m, rand) => {
      const w = weightOf(m, rand);
      const bad = pick(rand, ['float64', 'int8', 'uint8', 'complex64', 'string', '', 3, null, 'delete']);
      if (bad === 'delete') delete w.dtype;
      else if (w.quantization !== undefined && rand() < 0.5) (w.quantization as Record<string, unknown>).dtype = bad;
      else w.dtype = bad;
    }),
    manifestEdit('manifest: bad paths', (m, rand) => {
      const g = pick(rand, m) as Record<string, unknown>;
      const bad = pick<unknown>(rand, ['/dev/zero', '/etc/passwd', '../model.json', 'a/../../x.bin', 'http://host/x.bin', 'C:\\x.bin', '', 5, null]);
      if (rand() < 0.2) g.paths = pick<unknown>(rand, ['g1.bin', [], null, {}]);
      else (g.paths as unknown[])[Math.floor(rand() * (g.paths as unknown[]).length)] = bad;
    }),
    manifestEdit('manifest: bad names', (m, rand) => {
      const w = weightOf(m, rand);
      const kind = pick(rand, ['duplicate', 'delete', 'number', 'empty']);
      if (kind === 'delete') delete w.name;
      else w.name = kind === 'duplicate' ? (w.name === 'a' ? 'b' : 'a') : kind === 'number' ? 7 : '';
    }),
    manifestEdit('manifest: bad weights/quantization', (m, rand) => {
      const g = pick(rand, m) as Record<string, unknown>;
      if (rand() < 0.5) g.weights = pick<unknown>(rand, [{}, null, 'a', 3]);
      else (m[1]!.weights[0]!.quantization as Record<string, unknown>)[pick(rand, ['scale', 'min'])] = pick<unknown>(rand, [null, 'x', undefined]);
    }),
    { name: 'model.json byte flip (text)', allowed: ['error', 'identical', 'changed', 'missing'], mutate: (f, rand) => flipIn(f, 'model.json', rand) },
  ];
}

function wrongShape(rand: Rand, shape: readonly number[]): unknown {
  const count = shape.reduce((a, b) => a * b, 1);
  if (rand() < 0.3) return pick<unknown>(rand, [[-1, 6], [1.5, 4], ['2', 3], null, 6, [null], {}]);
  for (;;) {
    const dims = Array.from({ length: Math.floor(rand() * 4) }, () => Math.floor(rand() * 10));
    if (dims.reduce((a, b) => a * b, 1) !== count) return dims;
  }
}

// ---- Keras .h5 ----

async function h5Loader(isolate: boolean, root: string): Promise<LoaderUnderTest> {
  const kernel = tf.tensor4d([0.5, -1.25, 2, 3.75, -4, 5.5], [1, 1, 2, 3]);
  const bias = tf.tensor1d([-1, 0.5, 7]);
  const k2 = tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [3, 4]);
  const bytes = await writeKerasH5({ input_1: [], conv1: [['conv1/kernel:0', kernel], ['conv1/bias:0', bias]], dense: [['dense/kernel:0', k2]] });
  const dataRanges = [kernel, bias, k2].map((t) => rangeOf(bytes, new Uint8Array((t.dataSync() as Float32Array).slice().buffer)));
  tf.dispose([kernel, bias, k2]);
  const inData = (i: number): boolean => dataRanges.some(([s, e]) => i >= s && i < e);
  const flipWhere = (wantData: boolean) => (files: Files, rand: Rand): Files | undefined => {
    const file = files['w.h5'] as Uint8Array;
    for (let tries = 0; tries < 100; tries++) {
      const at = Math.floor(rand() * file.length);
      if (inData(at) === wantData) return flipAt(files, 'w.h5', at, rand);
    }
    return undefined;
  };
  return {
    name: 'Keras .h5 (loadKerasH5Weights)',
    base: { 'w.h5': bytes },
    classes: [
      { name: 'h5 byte flip in weight data (data)', allowed: DATA, mutate: flipWhere(true) },
      { name: 'h5 byte flip in metadata', allowed: STRICT, mutate: flipWhere(false) },
      { name: 'h5 truncation', allowed: STRICT, mutate: (f, rand) => truncate(f, 'w.h5', rand) },
      { name: 'h5 padding', allowed: STRICT, mutate: (f, rand) => pad(f, 'w.h5', rand) },
    ],
    load: isolate ? isolatedH5Load(root) : async (files) => snapshotTensors((await loadKerasH5Weights(files['w.h5'] as Uint8Array, 'w.h5')).tensors),
  };
}

/** Thrown when an isolated case does not finish in time. */
class HangError extends Error {}

type WorkerReply = { arrays: Record<string, { shape: number[]; data: Uint8Array }> } | { error: 'stylegrad' | 'other'; message: string };

/**
 * Loads each .h5 in a worker (h5Worker.ts), replaced after a case that takes over 10 s; such a case is then
 * loaded through loadWeightsFromPath with a 10 s limit, to see what a Node user gets.
 */
function isolatedH5Load(root: string): (files: Files) => Promise<Snapshot> {
  let worker: Worker | undefined;
  let n = 0;
  return async (files) => {
    // tsx's loader is per thread: register it in the worker, then import the TypeScript worker module.
    const url = JSON.stringify(new URL('./h5Worker.ts', import.meta.url).href);
    worker ??= new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${url}); });`, { eval: true });
    const current = worker;
    const reply = await new Promise<WorkerReply | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), 10_000);
      current.once('message', (message: WorkerReply) => {
        clearTimeout(timer);
        resolve(message);
      });
      current.postMessage(files['w.h5']);
    });
    if (reply === undefined) {
      await current.terminate();
      worker = undefined;
      const file = path.join(root, `h${++n}.h5`);
      writeFileSync(file, files['w.h5'] as Uint8Array);
      try {
        const w = await loadWeightsFromPath(file, { h5TimeoutSeconds: 10 });
        return snapshotTensors(w.tensors, w.missing);
      } catch (error) {
        if (error instanceof StylegradError) throw error;
        throw new HangError(`no answer in 10 s, and loadWeightsFromPath failed: ${String(error)}`);
      } finally {
        rmSync(file, { force: true });
      }
    }
    if ('error' in reply) throw reply.error === 'stylegrad' ? new StylegradError('loadKerasH5Weights', 'bytes', reply.message) : new Error(reply.message);
    return Object.fromEntries(Object.keys(reply.arrays).sort().map((n) => {
      const { shape, data } = reply.arrays[n] as { shape: number[]; data: Uint8Array };
      return [n, `float32[${shape.join(',')}]:${hex(data)}`];
    }));
  };
}

/** [start, end) of `needle` in `haystack` (the contiguous storage of a dataset). */
function rangeOf(haystack: Uint8Array, needle: Uint8Array): [number, number] {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return [i, i + needle.length];
  }
  throw new Error('dataset bytes not found in the .h5 file');
}

// ---- deeplearn checkpoint ----

const CHECKPOINT_VALUES: Record<string, { shape: number[]; values: number[] }> = {
  Variable: { shape: [2, 3], values: [1, -2, 3.5, 0.25, -0.5, 6] },
  Variable_1: { shape: [3], values: [7, 8, -9] },
  Variable_2: { shape: [], values: [0.125] },
};

function checkpointLoader(): LoaderUnderTest {
  const manifest = (): Record<string, Record<string, unknown>> =>
    Object.fromEntries(Object.entries(CHECKPOINT_VALUES).map(([n, { shape }]) => [n, { filename: n, shape: [...shape] }]));
  const base: Files = { 'manifest.json': encodeJson(manifest()) };
  for (const [n, { values }] of Object.entries(CHECKPOINT_VALUES)) base[n] = new Uint8Array(new Float32Array(values).buffer);
  const names = Object.keys(CHECKPOINT_VALUES);
  const edit = (name: string, change: (m: Record<string, Record<string, unknown>>, rand: Rand) => void): MutationClass => ({
    name,
    allowed: STRICT,
    mutate: (files, rand) => {
      const m = manifest();
      change(m, rand);
      return { ...files, 'manifest.json': encodeJson(m) };
    },
  });
  return {
    name: 'deeplearn checkpoint (loadDeeplearnCheckpoint)',
    base,
    classes: [
      { name: 'variable byte flip (data)', allowed: DATA, mutate: (f, rand) => flipIn(f, pick(rand, names), rand) },
      { name: 'variable truncation', allowed: STRICT, mutate: (f, rand) => truncate(f, pick(rand, names), rand) },
      { name: 'variable padding', allowed: STRICT, mutate: (f, rand) => pad(f, pick(rand, names), rand) },
      edit('manifest: wrong shape', (m, rand) => {
        const entry = m[pick(rand, names)] as Record<string, unknown>;
        entry.shape = wrongShape(rand, entry.shape as number[]);
      }),
      edit('manifest: bad filename', (m, rand) => {
        (m[pick(rand, names)] as Record<string, unknown>).filename = pick<unknown>(rand, ['/dev/zero', '../Variable', 'a/../../b', 'http://x/y', 'nope', '', 3, null]);
      }),
      edit('manifest: bad entry', (m, rand) => {
        const name = pick(rand, names);
        const kind = pick(rand, ['replace', 'no shape', 'no filename']);
        if (kind === 'replace') m[name] = pick<unknown>(rand, [null, 5, 'x', []]) as Record<string, unknown>;
        else if (kind === 'no shape') delete (m[name] as Record<string, unknown>).shape;
        else delete (m[name] as Record<string, unknown>).filename;
      }),
    ],
    load: async (files) => {
      const parsed = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as unknown;
      const checkpoint = await loadDeeplearnCheckpoint(parsed, (name) => {
        const bytes = Object.hasOwn(files, name) ? files[name] : undefined;
        return bytes === undefined ? Promise.reject(new Error(`ENOENT: ${name}`)) : Promise.resolve(bytes);
      });
      const out: Snapshot = {};
      for (const name of Object.keys(checkpoint).sort()) {
        const v = checkpoint[name] as { shape: readonly number[]; values: Float32Array };
        out[name] = `[${v.shape.join(',')}]:${hex(new Uint8Array(v.values.slice().buffer))}`;
      }
      return out;
    },
  };
}

// ---- shared mutations ----

function flipIn(files: Files, name: string, rand: Rand): Files | undefined {
  const file = files[name] as Uint8Array;
  return file.length === 0 ? undefined : flipAt(files, name, Math.floor(rand() * file.length), rand);
}

function flipAt(files: Files, name: string, at: number, rand: Rand): Files {
  const copy = (files[name] as Uint8Array).slice();
  copy[at] = (copy[at] as number) ^ (1 + Math.floor(rand() * 255));
  return { ...files, [name]: copy };
}

function truncate(files: Files, name: string, rand: Rand): Files | undefined {
  const file = files[name] as Uint8Array;
  return file.length === 0 ? undefined : { ...files, [name]: file.slice(0, Math.floor(rand() * file.length)) };
}

function pad(files: Files, name: string, rand: Rand): Files {
  const extra = Uint8Array.from({ length: 1 + Math.floor(rand() * 64) }, () => Math.floor(rand() * 256));
  return { ...files, [name]: new Uint8Array([...(files[name] as Uint8Array), ...extra]) };
}

function pick<T>(rand: Rand, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)] as T;
}

function clone(files: Files): Files {
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [k, v.slice()]));
}

function encodeJson(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}

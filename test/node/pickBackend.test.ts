import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { StylegradError } from '../../src/errors';
import { pickBackend } from '../../src/node/pickBackend';

// Quiet libtensorflow's start-up log lines when tfjs-node is imported below.
process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';

// The project's backend (cpu or wasm, from test/setup) is restored after each test.
let projectBackend = '';
beforeEach(() => {
  projectBackend = tf.getBackend();
});
afterEach(async () => {
  await tf.setBackend(projectBackend);
});

// tfjs-node is an optional peer: present only after scripts/install-tfjs-node.sh (CI runs it when the
// local TensorFlow wheel exists). tfjs-node-gpu is never installed here.
const tfjsNodeInstalled = existsSync(resolve('node_modules/@tensorflow/tfjs-node/lib'));

test('picks the fastest installed backend and says which were skipped and why', async () => {
  const picked = await pickBackend();
  expect(picked.tried[0]).toEqual({ name: 'tfjs-node-gpu', error: 'not installed' });
  if (tfjsNodeInstalled) {
    expect(picked.name).toBe('tfjs-node');
    expect(picked.backend).toBe('tensorflow');
    expect(picked.tried.map((t) => t.name)).toEqual(['tfjs-node-gpu', 'tfjs-node']);
  } else {
    expect(picked.name).toBe('wasm');
    expect(picked.tried.map((t) => t.name)).toEqual(['tfjs-node-gpu', 'tfjs-node', 'wasm']);
  }
  expect(tf.getBackend()).toBe(picked.backend);
  expect(picked.reason).toMatch(new RegExp(`^${picked.name}: .*skipped tfjs-node-gpu \\(not installed\\)`));
  // The chosen backend computes: 1 + 2 + 3.
  expect(tf.tidy(() => tf.sum(tf.tensor1d([1, 2, 3])).dataSync()[0])).toBe(6);
});

test('prefer moves a candidate to the front; force tries only that one', async () => {
  const cpu = await pickBackend({ prefer: 'cpu' });
  expect(cpu).toEqual({ name: 'cpu', backend: 'cpu', reason: 'cpu: pure JavaScript, the slowest, preferred.', tried: [{ name: 'cpu' }] });
  expect(tf.getBackend()).toBe('cpu');

  const wasm = await pickBackend({ force: 'wasm' });
  expect(wasm).toEqual({ name: 'wasm', backend: 'wasm', reason: 'wasm: WebAssembly, one thread in Node, forced.', tried: [{ name: 'wasm' }] });
  expect(tf.getBackend()).toBe('wasm');
});

test('a forced backend that is missing throws a StylegradError naming it', async () => {
  const before = tf.getBackend();
  const error: unknown = await pickBackend({ force: 'tfjs-node-gpu' }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(StylegradError);
  expect(error).toMatchObject({ functionName: 'pickBackend', argument: 'options.force' });
  expect((error as Error).message).toBe("pickBackend: options.force 'tfjs-node-gpu' could not be set (tfjs-node-gpu: not installed).");
  expect(tf.getBackend()).toBe(before);
});

test('rejects unknown candidates and non-object options up front', async () => {
  await expect(pickBackend({ prefer: 'webgl' as never })).rejects.toThrow(
    "pickBackend: options.prefer must be one of 'tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'; got 'webgl'.",
  );
  await expect(pickBackend('wasm' as never)).rejects.toThrow("pickBackend: options must be an object; got 'wasm'.");
});

test.runIf(tfjsNodeInstalled)('forcing tfjs-node gives the native backend, which takes a conv2d input gradient', async () => {
  const picked = await pickBackend({ force: 'tfjs-node' });
  expect(picked.backend).toBe('tensorflow');
  // d/dx Σ conv2d(x, ones 3×3, 'same') on a 4×4 image: each pixel counts once per window covering it,
  // 4 at the corners, 6 on the edges, 9 inside.
  const grad = tf.tidy(() => {
    const kernel = tf.ones<tf.Rank.R4>([3, 3, 1, 1]);
    return tf.grad((x: tf.Tensor) => tf.sum(tf.conv2d(x as tf.Tensor4D, kernel, 1, 'same')))(tf.ones([1, 4, 4, 1]));
  });
  expect(Array.from(grad.dataSync())).toEqual([4, 6, 6, 4, 6, 9, 9, 6, 6, 9, 9, 6, 4, 6, 6, 4]);
  grad.dispose();
});

// TF_ENABLE_ONEDNN_OPTS is read once, when libtensorflow loads: each case needs a fresh process.
async function pickInChild(env: NodeJS.ProcessEnv): Promise<{ env: string | null; onednn: unknown; reason: string }> {
  const script = `
    const { pickBackend } = await import(${JSON.stringify(resolve('src/node/pickBackend.ts'))});
    const picked = await pickBackend({ force: 'tfjs-node' });
    console.log(JSON.stringify({ env: process.env.TF_ENABLE_ONEDNN_OPTS ?? null, onednn: picked.onednn, reason: picked.reason }));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env: { ...env, TF_CPP_MIN_LOG_LEVEL: '2' } });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as { env: string | null; onednn: unknown; reason: string };
}

test.runIf(tfjsNodeInstalled)('turns oneDNN off when TF_ENABLE_ONEDNN_OPTS is unset, and keeps a value the user set', async () => {
  const unset = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'TF_ENABLE_ONEDNN_OPTS'));
  const byDefault = await pickInChild(unset);
  expect(byDefault.env).toBe('0');
  expect(byDefault.onednn).toEqual({ enabled: false, source: 'stylegrad-default' });
  expect(byDefault.reason).toMatch(/oneDNN custom ops off \(stylegrad's default; set TF_ENABLE_ONEDNN_OPTS=1 /);

  const userSet = await pickInChild({ ...unset, TF_ENABLE_ONEDNN_OPTS: '1' });
  expect(userSet.env).toBe('1');
  expect(userSet.onednn).toEqual({ enabled: true, source: 'environment' });
  expect(userSet.reason).toMatch(/oneDNN custom ops on \(TF_ENABLE_ONEDNN_OPTS=1 from the environment\)\.$/);
});

test('wasm and cpu report no oneDNN setting', async () => {
  expect((await pickBackend({ force: 'wasm' })).onednn).toBeUndefined();
});

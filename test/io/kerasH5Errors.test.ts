import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StylegradError } from '../../src/errors';
import { loadKerasH5Weights } from '../../src/io/loadKerasH5Weights';
import { loadWeightsFromPath } from '../../src/node/loadWeightsFromPath';
import { writeKerasH5 } from './writeKerasH5';

describe('loadKerasH5Weights on corrupt or incomplete files', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'stylegrad-h5-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let good: Uint8Array;
  beforeAll(async () => {
    const k = tf.tensor4d([1, 2, 3, 4, 5, 6], [1, 1, 2, 3]);
    const b = tf.tensor1d([-1, 0.5, 7]);
    good = await writeKerasH5({ conv1: [['conv1/kernel:0', k], ['conv1/bias:0', b]] });
    tf.dispose([k, b]);
  });

  it('turns a truncated file into one error naming the file and HDF5\'s reason', async () => {
    const before = tf.memory().numTensors;
    const truncated = good.slice(0, 100);
    await expect(loadKerasH5Weights(truncated, 'cut.h5')).rejects.toThrow(StylegradError);
    await expect(loadKerasH5Weights(truncated, 'cut.h5')).rejects.toThrow(
      new RegExp(`^loadKerasH5Weights: bytes is a corrupt HDF5 file: cut\\.h5 could not be read \\(truncated file: eof = 100, sblock->base_addr = 0, stored_eof = ${good.length}\\)\\.$`),
    );
    const file = path.join(dir, 'cut.h5');
    writeFileSync(file, truncated);
    await expect(loadWeightsFromPath(file)).rejects.toThrow(/^loadWeightsFromPath: weightsPath is a corrupt HDF5 file: .*cut\.h5 could not be read \(truncated file/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('prints nothing to stderr for a corrupt file (HDF5 diagnostics are captured)', () => {
    const script = path.join(dir, 'corrupt.mts');
    const src = path.resolve('src/io/loadKerasH5Weights.ts');
    writeFileSync(
      script,
      `import { loadKerasH5Weights } from ${JSON.stringify(src)};
       const bytes = new Uint8Array(${JSON.stringify(Array.from(good.slice(0, 600)))});
       try { await loadKerasH5Weights(bytes, 'cut.h5'); } catch (error) { process.stdout.write((error as Error).message); }`,
    );
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', cwd: process.cwd() });
    expect(run.stderr + run.stdout).toMatch(/^loadKerasH5Weights: bytes is a corrupt HDF5 file: cut\.h5 could not be read \(/);
    expect(run.stderr).toBe('');
  });

  it('names a listed layer without a group, a listed weight without a dataset, and a non-finite weight', async () => {
    const h5wasm = (await import('h5wasm')).default;
    const { FS } = await h5wasm.ready;
    const f = new h5wasm.File('/nogroup.h5', 'w');
    f.create_attribute('layer_names', ['conv1', 'conv2']);
    f.create_group('conv1');
    f.close();
    const noGroup = FS.readFile('/nogroup.h5');
    FS.unlink('/nogroup.h5');
    await expect(loadKerasH5Weights(noGroup, 'n.h5')).rejects.toThrow(
      "loadKerasH5Weights: bytes n.h5 lists layer 'conv2' in 'layer_names' but holds no group 'conv2'; the file is damaged or not a Keras weights file.",
    );
    const nan = tf.tensor1d([1, NaN, 3]);
    const bytes = await writeKerasH5({ conv1: [['conv1/kernel:0', nan]] });
    nan.dispose();
    const before = tf.memory().numTensors;
    await expect(loadKerasH5Weights(bytes, 'nan.h5')).rejects.toThrow(
      "loadKerasH5Weights: bytes nan.h5 holds weight 'conv1/kernel' with a non-finite value (NaN at flat index 1); every weight must be finite (the file is corrupt).",
    );
    const inf = tf.tensor1d([1, 2, -Infinity]);
    const infBytes = await writeKerasH5({ conv1: [['conv1/bias:0', inf]] });
    inf.dispose();
    await expect(loadKerasH5Weights(infBytes, 'inf.h5')).rejects.toThrow("holds weight 'conv1/bias' with a non-finite value (-Infinity at flat index 2)");
    expect(tf.memory().numTensors).toBe(before);
  });

  it('every flip of a header byte gives a StylegradError or the original weights', async () => {
    const original = await loadKerasH5Weights(good);
    const reference = Object.fromEntries(Object.entries(original.tensors).map(([n, t]) => [n, Array.from(t.dataSync())]));
    tf.dispose(Object.values(original.tensors));
    const before = tf.memory().numTensors;
    for (let at = 8; at < Math.min(good.length, 1200); at += 7) {
      const bytes = good.slice();
      bytes[at] = (bytes[at] as number) ^ 0xff;
      try {
        const w = await loadKerasH5Weights(bytes);
        const got = Object.fromEntries(Object.entries(w.tensors).map(([n, t]) => [n, Array.from(t.dataSync())]));
        tf.dispose(Object.values(w.tensors));
        if (JSON.stringify(got) !== JSON.stringify(reference)) expect.soft(`flip at ${at}`).toBe('identical or error'); // data flips are counted by the fuzz test
      } catch (error) {
        expect(error, `flip at ${at}`).toBeInstanceOf(StylegradError);
      }
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});

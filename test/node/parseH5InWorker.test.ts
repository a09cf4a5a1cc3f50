// loadWeightsFromPath parses .h5 files in a worker thread with a time limit: a file on which libhdf5 loops
// forever becomes a StylegradError (not a hang), a real file loads bit-identically to the in-thread parse,
// and the worker never outlives the call.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StylegradError } from '../../src/errors';
import { loadKerasH5Weights } from '../../src/io/loadKerasH5Weights';
import { defaultH5TimeoutSeconds } from '../../src/node/internal/parseH5InWorker';
import { loadWeightsFromPath } from '../../src/node/loadWeightsFromPath';
import { fuzzBaseKerasH5, HANGING_FLIPS, hangingKerasH5 } from '../io/hangingKerasH5';

const SQUEEZENET = path.resolve('../shared/data/weights/squeezenet1.1-notop/squeezenet_weights_tf_dim_ordering_tf_kernels_notop.h5');

describe('loadWeightsFromPath: .h5 files parse in a worker with a time limit', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'stylegrad-h5-worker-'));
  const hanging = path.join(dir, 'broken.h5');
  const env = process.env.STYLEGRAD_H5_TIMEOUT;
  beforeAll(async () => {
    writeFileSync(hanging, await hangingKerasH5());
  });
  afterEach(() => {
    if (env === undefined) delete process.env.STYLEGRAD_H5_TIMEOUT;
    else process.env.STYLEGRAD_H5_TIMEOUT = env;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('turns a file on which libhdf5 loops forever into a StylegradError within the limit', async () => {
    const before = tf.memory().numTensors;
    const started = performance.now();
    const error = await loadWeightsFromPath(hanging, { h5TimeoutSeconds: 2 }).catch((e: unknown) => e);
    const seconds = (performance.now() - started) / 1000;
    expect(error).toBeInstanceOf(StylegradError);
    expect((error as StylegradError).functionName).toBe('loadWeightsFromPath');
    expect((error as StylegradError).message).toBe(
      `loadWeightsFromPath: weightsPath '${hanging}' looks corrupt: its HDF5 parse did not finish in 2 s (libhdf5 can loop forever on damaged metadata; the parse was stopped). Re-download the file; if it is a very large file on a slow machine, raise the limit (options.h5TimeoutSeconds or $STYLEGRAD_H5_TIMEOUT, in seconds).`,
    );
    expect(seconds).toBeGreaterThanOrEqual(1.9);
    expect(seconds).toBeLessThan(6);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('takes the limit from $STYLEGRAD_H5_TIMEOUT, and refuses a limit that is not a positive number', async () => {
    process.env.STYLEGRAD_H5_TIMEOUT = '1.5';
    await expect(loadWeightsFromPath(hanging)).rejects.toThrow(/did not finish in 1\.5 s/);
    process.env.STYLEGRAD_H5_TIMEOUT = 'soon';
    await expect(loadWeightsFromPath(hanging)).rejects.toThrow("loadWeightsFromPath: $STYLEGRAD_H5_TIMEOUT must be a positive number of seconds (got 'soon').");
    delete process.env.STYLEGRAD_H5_TIMEOUT;
    await expect(loadWeightsFromPath(hanging, { h5TimeoutSeconds: 0 })).rejects.toThrow('loadWeightsFromPath: options.h5TimeoutSeconds must be a positive number of seconds (got 0).');
    await expect(loadWeightsFromPath(hanging, { h5TimeoutSeconds: Infinity })).rejects.toThrow('options.h5TimeoutSeconds must be a positive number of seconds (got Infinity).');
    expect(defaultH5TimeoutSeconds(3_032_184)).toBe(61);
    expect(defaultH5TimeoutSeconds(80_134_624)).toBe(69);
  });

  it('the other recorded hanging flips stop too, and the unflipped file loads', async () => {
    for (let i = 1; i < HANGING_FLIPS.length; i++) {
      const file = path.join(dir, `broken${i}.h5`);
      writeFileSync(file, await hangingKerasH5(i));
      await expect(loadWeightsFromPath(file, { h5TimeoutSeconds: 1 })).rejects.toThrow(/looks corrupt: its HDF5 parse did not finish in 1 s/);
    }
    const good = path.join(dir, 'good.h5');
    writeFileSync(good, await fuzzBaseKerasH5());
    const weights = await loadWeightsFromPath(good, { h5TimeoutSeconds: 30 });
    expect(Object.keys(weights.tensors)).toEqual(['conv1/kernel', 'conv1/bias', 'dense/kernel']);
    expect(Array.from(weights.tensors['conv1/bias']!.dataSync())).toEqual([-1, 0.5, 7]);
    tf.dispose(Object.values(weights.tensors));
  });

  it('passes HDF5 errors through unchanged (same StylegradError as the in-thread parse)', async () => {
    const cut = path.join(dir, 'cut.h5');
    const base = await fuzzBaseKerasH5();
    writeFileSync(cut, base.slice(0, 100));
    const error = await loadWeightsFromPath(cut).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StylegradError);
    expect((error as StylegradError).functionName).toBe('loadWeightsFromPath');
    expect((error as StylegradError).argument).toBe('weightsPath');
    expect((error as StylegradError).message).toBe(
      `loadWeightsFromPath: weightsPath is a corrupt HDF5 file: ${cut} could not be read (truncated file: eof = 100, sblock->base_addr = 0, stored_eof = ${base.length}).`,
    );
  });

  it.runIf(existsSync(SQUEEZENET))('loads the real SqueezeNet .h5 bit-identically to the in-thread parse, leaking no tensor', async () => {
    const before = tf.memory().numTensors;
    const viaWorker = await loadWeightsFromPath(SQUEEZENET);
    const inThread = await loadKerasH5Weights(readFileSync(SQUEEZENET), SQUEEZENET);
    try {
      expect(viaWorker.source).toBe(SQUEEZENET);
      expect(viaWorker.missing).toEqual({});
      expect(Object.keys(viaWorker.tensors)).toEqual(Object.keys(inThread.tensors));
      expect(Object.keys(viaWorker.tensors)).toHaveLength(50);
      for (const [name, t] of Object.entries(inThread.tensors)) {
        const w = viaWorker.tensors[name] as tf.Tensor;
        expect(w.dtype, name).toBe('float32');
        expect(w.shape, name).toEqual(t.shape);
        expect(Buffer.from((w.dataSync() as Float32Array).buffer, (w.dataSync() as Float32Array).byteOffset, w.size * 4)
          .equals(Buffer.from((t.dataSync() as Float32Array).buffer, (t.dataSync() as Float32Array).byteOffset, t.size * 4)), name).toBe(true);
      }
    } finally {
      tf.dispose([...Object.values(viaWorker.tensors), ...Object.values(inThread.tensors)]);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('leaves no worker behind: a process that hits the limit exits on its own', () => {
    const script = path.join(dir, 'exits.mts');
    writeFileSync(
      script,
      `import { loadWeightsFromPath } from ${JSON.stringify(path.resolve('src/node/loadWeightsFromPath.ts'))};
       try { await loadWeightsFromPath(${JSON.stringify(hanging)}, { h5TimeoutSeconds: 1 }); } catch (error) { process.stdout.write((error as Error).message); }`,
    );
    // Without terminate() the looping worker would keep this process alive until spawnSync's timeout.
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', cwd: process.cwd(), timeout: 30_000 });
    expect(run.stderr).toBe('');
    expect(run.signal).toBeNull();
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/looks corrupt: its HDF5 parse did not finish in 1 s/);
  }, 40_000);
});

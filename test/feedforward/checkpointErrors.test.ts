// Corrupt transformation networks: every case is one StylegradError naming the variable or file, never a
// black image from NaN weights or a tfjs internal error.
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { applyTransform } from '../../src/feedforward/applyTransform';
import { createTransformNet } from '../../src/feedforward/createTransformNet';
import { saveTransformNet } from '../../src/feedforward/saveTransformNet';
import { loadTransformNet } from '../../src/feedforward/loadTransformNet';
import { transformNetFromCheckpoint } from '../../src/feedforward/transformNetFromCheckpoint';
import { loadDeeplearnCheckpoint } from '../../src/io/loadDeeplearnCheckpoint';
import { StylegradError } from '../../src/errors';
import { loadTransformNetFromPath } from '../../src/node/loadTransformNetFromPath';

const UDNIE = '../shared/data/fast-style/udnie';

describe('deeplearn checkpoints and transformation networks: corrupt input', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'stylegrad-ckpt-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  let count = 0;
  /** A private copy of the udnie checkpoint (in the temp dir, never in the repo), edited by `edit`. */
  const copy = (edit: (folder: string) => void): string => {
    const folder = path.join(root, `c${++count}`);
    cpSync(UDNIE, folder, { recursive: true });
    edit(folder);
    return folder;
  };
  const rejects = async (folder: string, message: RegExp | string): Promise<void> => {
    const before = tf.memory().numTensors;
    await expect(loadTransformNetFromPath(folder)).rejects.toThrow(StylegradError);
    await expect(loadTransformNetFromPath(folder)).rejects.toThrow(message);
    expect(tf.memory().numTensors).toBe(before);
  };

  it('a truncated or padded variable file names the file and both sizes (before reading it)', async () => {
    await rejects(
      copy((f) => writeFileSync(path.join(f, 'Variable_46'), readFileSync(path.join(f, 'Variable_46')).subarray(0, 8))),
      /^loadTransformNetFromPath: folder holds 'Variable_46' of 8 bytes, but .*manifest\.json needs 12 bytes for it \(4 per float32\); the file is truncated, padded or not this checkpoint's\.$/,
    );
    await rejects(copy((f) => writeFileSync(path.join(f, 'Variable_46'), new Uint8Array(16))), "holds 'Variable_46' of 16 bytes, but");
  });

  it('a NaN or Infinity weight names the variable and the index', async () => {
    await rejects(
      copy((f) => writeFileSync(path.join(f, 'Variable_46'), new Uint8Array(new Float32Array([0, NaN, 1]).buffer))),
      "loadDeeplearnCheckpoint: manifest.Variable_46 file 'Variable_46' holds weight 'Variable_46' with a non-finite value (NaN at flat index 1); every weight must be finite (the file is corrupt).",
    );
    await rejects(copy((f) => writeFileSync(path.join(f, 'Variable_46'), new Uint8Array(new Float32Array([Infinity, 0, 1]).buffer))), '(Infinity at flat index 0)');
  });

  it('files outside the folder, symlinks out and non-files are refused', async () => {
    const edited = (filename: string) => (f: string) => {
      const m = JSON.parse(readFileSync(path.join(f, 'manifest.json'), 'utf8')) as Record<string, { filename: string }>;
      m.Variable_46!.filename = filename;
      writeFileSync(path.join(f, 'manifest.json'), JSON.stringify(m));
    };
    await rejects(copy(edited('/dev/zero')), "loadDeeplearnCheckpoint: manifest.Variable_46.filename is '/dev/zero'; files must be named relative to the manifest and stay inside its folder (no absolute paths, URLs or '..').");
    await rejects(copy(edited('../c1/Variable_46')), "manifest.Variable_46.filename is '../c1/Variable_46'");
    await rejects(
      copy((f) => {
        unlinkSync(path.join(f, 'Variable_46'));
        symlinkSync('/dev/zero', path.join(f, 'Variable_46'));
      }),
      /^loadTransformNetFromPath: folder lists weight file 'Variable_46', which resolves to '\/dev\/zero' outside the model's folder/,
    );
    await rejects(copy((f) => writeFileSync(path.join(f, 'manifest.json'), '{"Variable": {"filename": "Variable", "shape": [9, 9, 3, "32"]}}')), 'loadDeeplearnCheckpoint: manifest.Variable.shape must be an array of non-negative integers');
  });

  it('a fetcher\'s own StylegradError passes through; expectedBytes is 4 × the shape', async () => {
    const asked: [string, number][] = [];
    const refuse = new StylegradError('myLoader', 'url', 'is not allowed.');
    await expect(
      loadDeeplearnCheckpoint({ Variable: { filename: 'v', shape: [2, 3] } }, (name, bytes) => {
        asked.push([name, bytes]);
        return Promise.reject(refuse);
      }),
    ).rejects.toBe(refuse);
    expect(asked).toEqual([['v', 24]]);
  });

  it('transformNetFromCheckpoint checks the values it is handed', () => {
    const manifest = JSON.parse(readFileSync(path.join(UDNIE, 'manifest.json'), 'utf8')) as Record<string, { shape: number[] }>;
    const zeros = Object.fromEntries(Object.entries(manifest).map(([n, { shape }]) => [n, { shape, values: new Float32Array(shape.reduce((a, b) => a * b, 1)) }]));
    const before = tf.memory().numTensors;
    expect(() => transformNetFromCheckpoint({ ...zeros, Variable_1: { shape: [32], values: new Float32Array(31) } })).toThrow(
      'transformNetFromCheckpoint: checkpoint.Variable_1.values must be a Float32Array of 32 values (shape [32]); got [object Float32Array].'.replace('[object Float32Array]', 'an object'),
    );
    const nan = new Float32Array(32);
    nan[5] = NaN;
    expect(() => transformNetFromCheckpoint({ ...zeros, Variable_1: { shape: [32], values: nan } })).toThrow(
      "transformNetFromCheckpoint: checkpoint.Variable_1 the checkpoint holds weight 'Variable_1' with a non-finite value (NaN at flat index 5)",
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('loadTransformNet refuses a saved network with a NaN weight; applyTransform refuses a disposed network', async () => {
    const net = createTransformNet({ seed: 3 });
    const image = tf.fill([8, 8, 3], 100) as tf.Tensor3D;
    const first = Object.values(net.weights)[0]!;
    const bad = tf.tidy(() => tf.where(tf.equal(tf.reshape(tf.range(0, first.size), first.shape), 3), tf.scalar(NaN), first as tf.Tensor));
    first.assign(bad);
    bad.dispose();
    const before = tf.memory().numTensors;
    const artifacts: tf.io.ModelArtifacts[] = [];
    await saveTransformNet(net, tf.io.withSaveHandler((a) => { artifacts.push(a); return Promise.resolve({ modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }); }));
    await expect(loadTransformNet(tf.io.fromMemory(artifacts[0]!))).rejects.toThrow(/^loadTransformNet: source the model holds weight '.*' with a non-finite value \(NaN at flat index 3\)/);
    expect(tf.memory().numTensors).toBe(before);
    net.dispose();
    expect(() => applyTransform(net, image)).toThrow('applyTransform: net is a TransformNet that has been disposed; load or create it again.');
    image.dispose();
  });
});

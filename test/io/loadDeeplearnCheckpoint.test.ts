// Bad checkpoints give errors that name the variable, the file and both shapes / byte counts.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, test } from 'vitest';
import { loadDeeplearnCheckpoint, StylegradError, transformNetFromCheckpoint } from '../../src/index';
import { loadTransformNetFromPath } from '../../src/node/loadTransformNetFromPath';

const FOLDER = path.resolve(import.meta.dirname, '../../../shared/data/fast-style/wave');
const manifest = JSON.parse(readFileSync(path.join(FOLDER, 'manifest.json'), 'utf8')) as Record<string, { filename: string; shape: number[] }>;
const fromDisk = (name: string): Promise<Buffer> => Promise.resolve(readFileSync(path.join(FOLDER, name)));

describe('loadDeeplearnCheckpoint', () => {
  test('reads every variable as float32 with its shape (values checked against the raw bytes)', async () => {
    const checkpoint = await loadDeeplearnCheckpoint(manifest, fromDisk);
    expect(Object.keys(checkpoint)).toHaveLength(48);
    const bias = checkpoint.Variable_46;
    expect(bias?.shape).toEqual([3]);
    // Variable_46 is 12 bytes = 3 little-endian float32.
    const bytes = readFileSync(path.join(FOLDER, 'Variable_46'));
    expect(Array.from(bias?.values ?? [])).toEqual([0, 4, 8].map((o) => bytes.readFloatLE(o)));
  });

  test('a missing file names the variable and the file', async () => {
    const broken = { ...manifest, Variable_12: { filename: 'Variable_12_missing', shape: [3, 3, 128, 128] } };
    await expect(loadDeeplearnCheckpoint(broken, fromDisk)).rejects.toThrow(/manifest\.Variable_12 names file 'Variable_12_missing', which could not be read/);
  });

  test('a wrong byte length gives both sizes', async () => {
    const broken = { ...manifest, Variable_3: { filename: 'Variable_4', shape: [3, 3, 32, 64] } };
    await expect(loadDeeplearnCheckpoint(broken, fromDisk)).rejects.toThrow(
      "manifest.Variable_3 has shape [3, 3, 32, 64] (18432 float32 = 73728 bytes) but file 'Variable_4' holds 256 bytes.",
    );
  });

  test('a malformed manifest is rejected', async () => {
    await expect(loadDeeplearnCheckpoint([], fromDisk)).rejects.toBeInstanceOf(StylegradError);
    await expect(loadDeeplearnCheckpoint({ Variable: { filename: 'Variable', shape: 'x' } }, fromDisk)).rejects.toThrow(/manifest\.Variable\.shape must be an array/);
  });
});

describe('transformNetFromCheckpoint', () => {
  const variable = (shape: number[]) => ({ shape, values: new Float32Array(shape.reduce((a, b) => a * b, 1)) });
  const checkpointLike = () => Object.fromEntries(Object.entries(manifest).map(([name, { shape }]) => [name, variable(shape)]));

  test('a shape that does not fit the architecture names the variable, its role and both shapes', () => {
    const bad = { ...checkpointLike(), Variable_39: variable([3, 3, 128, 64]) };
    expect(() => transformNetFromCheckpoint(bad)).toThrow(
      "transformNetFromCheckpoint: checkpoint has weight 'Variable_39' ('up1/kernel') of shape [3, 3, 128, 64], but the lengstrom architecture needs [3, 3, 64, 128].",
    );
  });

  test('missing and extra variables are reported', () => {
    const missing = Object.fromEntries(Object.entries(checkpointLike()).filter(([name]) => name !== 'Variable_47'));
    expect(() => transformNetFromCheckpoint(missing)).toThrow(/lacks weight 'Variable_47' \('out\/norm\/gamma'\)/);
    expect(() => transformNetFromCheckpoint({ ...checkpointLike(), Variable_48: variable([1]) })).toThrow(/does not use: 'Variable_48'/);
  });

  test('builds a network without leaking; dispose frees all 48 weights', () => {
    const before = tf.memory().numTensors;
    const net = transformNetFromCheckpoint(checkpointLike());
    expect(tf.memory().numTensors).toBe(before + 48);
    net.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('loadTransformNetFromPath', () => {
  test('bad folders give clear errors', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'stylegrad-ff-'));
    try {
      await expect(loadTransformNetFromPath(path.join(dir, 'nope'))).rejects.toThrow(/is not a directory/);
      await expect(loadTransformNetFromPath(dir)).rejects.toThrow(/holds neither model.json .* nor manifest.json/);
      await writeFile(path.join(dir, 'manifest.json'), '{ not json');
      await expect(loadTransformNetFromPath(dir)).rejects.toThrow(/manifest.json', which is not valid JSON/);
    } finally {
      await rm(dir, { recursive: true });
    }
  });
});

// A small tfjs weights folder written by the test: two groups, the first split into three shards of 16 bytes
// with a shorter last one (as the tfjs converter writes), the second a single shard of uint8-quantized data.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The float32 values of weights 'a' [2, 3] and 'b' [4], and the dequantized uint8 weight 'q' [3]. */
export const FOLDER_VALUES = { a: [1, -2, 3.5, 0.25, -0.5, 6], b: [7, 8, -9, 10], q: [0.5, 1, 1.5] } as const;

/** The manifest of the folder; each call returns a fresh copy (tests edit it). */
export function folderManifest(): { paths: string[]; weights: Record<string, unknown>[] }[] {
  return [
    {
      paths: ['g1-shard1of3.bin', 'g1-shard2of3.bin', 'g1-shard3of3.bin'],
      weights: [
        { name: 'a', shape: [2, 3], dtype: 'float32' },
        { name: 'b', shape: [4], dtype: 'float32' },
      ],
    },
    { paths: ['g2-shard1of1.bin'], weights: [{ name: 'q', shape: [3], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.5, min: 0.5 } }] },
  ];
}

/** The files of the folder by name: model.json text and shard bytes. */
export function folderFiles(manifest: unknown = folderManifest()): Record<string, Uint8Array> {
  const g1 = new Uint8Array(new Float32Array([...FOLDER_VALUES.a, ...FOLDER_VALUES.b]).buffer); // 40 bytes
  return {
    'model.json': new TextEncoder().encode(JSON.stringify({ format: 'layers-model', weightsManifest: manifest })),
    'g1-shard1of3.bin': g1.slice(0, 16),
    'g1-shard2of3.bin': g1.slice(16, 32),
    'g1-shard3of3.bin': g1.slice(32),
    'g2-shard1of1.bin': new Uint8Array([0, 1, 2]),
  };
}

/** Writes `files` into `folder` (created). */
export function writeFolder(folder: string, files: Record<string, Uint8Array>): void {
  mkdirSync(folder, { recursive: true });
  for (const [name, bytes] of Object.entries(files)) writeFileSync(path.join(folder, name), bytes);
}

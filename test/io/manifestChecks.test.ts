import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { StylegradError } from '../../src/errors';
import { loadTfjsWeights } from '../../src/io/loadTfjsWeights';
import { fileSystemIOHandler } from '../../src/node/fileSystemIOHandler';
import { MAX_MANIFEST_BYTES } from '../../src/node/internal/folderFiles';
import { loadWeightsFromPath } from '../../src/node/loadWeightsFromPath';
import { FOLDER_VALUES, folderFiles, folderManifest, writeFolder } from './tfjsFolder';

describe('tfjs manifests: byte accounting, malformed fields, paths', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'stylegrad-manifest-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  let count = 0;
  const folderWith = (edit: (files: Record<string, Uint8Array>) => void, manifest: unknown = folderManifest()): string => {
    const files = folderFiles(manifest);
    edit(files);
    const folder = path.join(root, `f${++count}`);
    writeFolder(folder, files);
    return folder;
  };
  const rejects = async (folder: string, message: RegExp): Promise<void> => {
    const before = tf.memory().numTensors;
    await expect(loadWeightsFromPath(folder)).rejects.toThrow(StylegradError);
    await expect(loadWeightsFromPath(folder)).rejects.toThrow(message);
    expect(tf.memory().numTensors).toBe(before);
  };

  it('loads the intact folder exactly (uint8 dequantized as q·scale + min) and leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const w = await loadWeightsFromPath(folderWith(() => undefined));
    expect(Array.from(w.tensors.a!.dataSync())).toEqual(FOLDER_VALUES.a);
    expect(Array.from(w.tensors.b!.dataSync())).toEqual(FOLDER_VALUES.b);
    expect(Array.from(w.tensors.q!.dataSync())).toEqual(FOLDER_VALUES.q);
    tf.dispose(Object.values(w.tensors));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a truncated or padded shard, naming the file and expected vs actual bytes', async () => {
    await rejects(
      folderWith((f) => (f['g1-shard2of3.bin'] = f['g1-shard2of3.bin']!.slice(0, 15))),
      /^loadWeightsFromPath: weightsManifest\[0\]\.paths\[1\] \('g1-shard2of3\.bin' of .*model\.json\) holds 15 bytes but 16 are expected \(the weights a, b need 40 bytes in 3 shards\); the file is truncated, padded or does not belong to this model\.json\.$/,
    );
    await rejects(folderWith((f) => (f['g1-shard1of3.bin'] = new Uint8Array(17))), /paths\[1\] \('g1-shard2of3\.bin'.*holds 16 bytes but 17 are expected|paths\[0\]/);
    await rejects(folderWith((f) => (f['g1-shard3of3.bin'] = new Uint8Array(9))), /paths\[2\] \('g1-shard3of3\.bin' of .*\) holds 9 bytes but 8 are expected/);
    await rejects(folderWith((f) => (f['g1-shard3of3.bin'] = new Uint8Array(7))), /holds 7 bytes but 8 are expected/);
    await rejects(
      folderWith((f) => (f['g2-shard1of1.bin'] = new Uint8Array(4))),
      /^loadWeightsFromPath: weightsManifest\[1\]\.paths does not fit its files: shards g2-shard1of1\.bin of .*model\.json hold 4 bytes but the manifest's weights \(q\) need 3; the files are truncated, padded or do not belong to this model\.json\.$/,
    );
    await expect(fileSystemIOHandler(folderWith((f) => (f['g1-shard3of3.bin'] = new Uint8Array(9)))).load?.()).rejects.toThrow(
      /^fileSystemIOHandler: weightsManifest\[0\]\.paths\[2\] \('g1-shard3of3\.bin' of .*\) holds 9 bytes but 8 are expected/,
    );
  });

  it('accepts a last shard as large as the others when the manifest lists fewer weights (trimmed manifest)', async () => {
    const w = await loadWeightsFromPath(folderWith((f) => (f['g1-shard3of3.bin'] = new Uint8Array([...f['g1-shard3of3.bin']!, 1, 2, 3, 4, 5, 6, 7, 8]))));
    expect(Array.from(w.tensors.b!.dataSync())).toEqual(FOLDER_VALUES.b);
    tf.dispose(Object.values(w.tensors));
    const artifacts = await fileSystemIOHandler('../shared/data/weights/vgg19-notop-uint8').load?.();
    // 20 shards of 1 MiB on disk; the manifest's 32 uint8 tensors need 20,024,384 bytes, which is all that is handed on.
    expect((artifacts?.weightData as ArrayBuffer[]).map((b) => b.byteLength)).toEqual([20_024_384]);
  });

  it('refuses a NaN or ±Infinity weight, naming it and the index', async () => {
    const nan = new Uint8Array(new Float32Array([NaN]).buffer);
    await rejects(
      folderWith((f) => f['g1-shard2of3.bin']!.set(nan, 12)), // float 7 of group 1 = b[1]
      /^loadWeightsFromPath: source .*model\.json holds weight 'b' with a non-finite value \(NaN at flat index 1\); every weight must be finite \(the file is corrupt\)\.$/,
    );
    const inf = new Uint8Array(new Float32Array([-Infinity]).buffer);
    await rejects(folderWith((f) => f['g1-shard1of3.bin']!.set(inf, 0)), /holds weight 'a' with a non-finite value \(-Infinity at flat index 0\)/);
    const manifest = folderManifest();
    (manifest[1]!.weights[0]!.quantization as { scale: unknown }).scale = null; // what JSON.stringify writes for Infinity
    await rejects(folderWith(() => undefined, manifest), /quantization \(weight 'q' in .*\) must give finite numbers 'scale' and 'min' for uint8; got scale null, min 0\.5\./);
  });

  const manifestCases: [string, (m: ReturnType<typeof folderManifest>) => void, RegExp][] = [
    ['shape not an array', (m) => (m[0]!.weights[1]!.shape = 4), /^loadWeightsFromPath: weightsManifest\[0\]\.weights\[1\]\.shape \(weight 'b' in .*\) must be an array of non-negative integers; got 4\.$/],
    ['negative dimension', (m) => (m[0]!.weights[0]!.shape = [2, -3]), /weights\[0\]\.shape \(weight 'a' in .*\) must be an array of non-negative integers; got an array of length 2/],
    ['fractional dimension', (m) => (m[0]!.weights[0]!.shape = [2.5, 3]), /weights\[0\]\.shape \(weight 'a'/],
    ['missing dtype', (m) => delete m[0]!.weights[0]!.dtype, /weights\[0\]\.dtype \(weight 'a' in .*\) must be one of 'float32', 'int32', 'bool'; got undefined\./],
    ['unknown dtype', (m) => (m[0]!.weights[0]!.dtype = 'float64'), /weights\[0\]\.dtype \(weight 'a' in .*\) must be one of 'float32', 'int32', 'bool'; got 'float64'\./],
    ['unknown quantization', (m) => (m[1]!.weights[0]!.quantization = { dtype: 'int4' }), /weightsManifest\[1\]\.weights\[0\]\.quantization\.dtype \(weight 'q' in .*\) must be one of 'uint8', 'uint16', 'float16'; got 'int4'\./],
    ['quantization without scale', (m) => (m[1]!.weights[0]!.quantization = { dtype: 'uint8', min: 0 }), /quantization \(weight 'q' in .*\) must give finite numbers 'scale' and 'min' for uint8; got scale undefined, min 0\./],
    ['paths not strings', (m) => ((m[0] as { paths: unknown }).paths = ['g1-shard1of3.bin', 3]), /^loadWeightsFromPath: weightsManifest\[0\]\.paths of .* must be a non-empty array of file names; got an array of length 2\.$/],
    ['weights not an array', (m) => ((m[1] as { weights: unknown }).weights = { q: 1 }), /weightsManifest\[1\]\.weights of .* must be an array of \{ name, shape, dtype \}; got an object\./],
    ['missing name', (m) => delete m[0]!.weights[1]!.name, /weightsManifest\[0\]\.weights\[1\]\.name of .* must be a non-empty string; got undefined\./],
    ['duplicate name', (m) => (m[1]!.weights[0]!.name = 'a'), /weightsManifest\[1\]\.weights\[0\]\.name of .* repeats weight 'a'; weight names must be unique\./],
    ['absolute path', (m) => (m[1]!.paths = ['/dev/zero']), /weightsManifest\[1\]\.paths of .* holds '\/dev\/zero'; shard paths must be relative and stay inside the model's folder \(no absolute paths, URLs or '\.\.'\)\./],
    ['.. path', (m) => (m[1]!.paths = ['../f1/g2-shard1of1.bin']), /holds '\.\.\/f1\/g2-shard1of1\.bin'; shard paths must be relative/],
  ];
  it.each(manifestCases)('names the field and the weight: %s', async (_label, edit, message) => {
    const manifest = folderManifest();
    edit(manifest);
    const folder = folderWith(() => undefined, manifest);
    await rejects(folder, message);
    await expect(fileSystemIOHandler(folder).load?.()).rejects.toThrow(new RegExp(message.source.replace('^loadWeightsFromPath', '^fileSystemIOHandler')));
  });

  it('refuses shards that are symlinks out of the folder or not regular files, without reading them', async () => {
    const out = folderWith((f) => delete f['g2-shard1of1.bin']);
    symlinkSync('/dev/zero', path.join(out, 'g2-shard1of1.bin'));
    await rejects(out, /^loadWeightsFromPath: weightsPath lists weight file 'g2-shard1of1\.bin', which resolves to '\/dev\/zero' outside the model's folder '.*'; shard files must stay inside it\.$/);
    await expect(fileSystemIOHandler(out).load?.()).rejects.toThrow(/^fileSystemIOHandler: modelJsonPath lists weight file 'g2-shard1of1\.bin', which resolves to '\/dev\/zero' outside/);
    const sibling = folderWith(() => undefined);
    const escape = folderWith((f) => delete f['g2-shard1of1.bin']);
    symlinkSync(path.join(sibling, 'g2-shard1of1.bin'), path.join(escape, 'g2-shard1of1.bin'));
    await rejects(escape, /which resolves to '.*g2-shard1of1\.bin' outside the model's folder/);
    const inside = folderWith((f) => delete f['g2-shard1of1.bin']);
    writeFileSync(path.join(inside, 'real.bin'), new Uint8Array([0, 1, 2]));
    symlinkSync('real.bin', path.join(inside, 'g2-shard1of1.bin'));
    const w = await loadWeightsFromPath(inside); // a symlink that stays inside is fine
    tf.dispose(Object.values(w.tensors));
    const dirShard = folderWith((f) => delete f['g2-shard1of1.bin']);
    writeFolder(path.join(dirShard, 'g2-shard1of1.bin'), {});
    await rejects(dirShard, /lists weight file 'g2-shard1of1\.bin', which is not a regular file; shards must be regular files\./);
  });

  it('refuses a model.json larger than the cap before reading it, and one that is not a file', async () => {
    const big = path.join(root, 'big');
    writeFolder(big, {});
    const file = path.join(big, 'model.json');
    writeFileSync(file, '');
    const { truncateSync } = await import('node:fs');
    truncateSync(file, MAX_MANIFEST_BYTES + 1);
    await rejects(big, new RegExp(`^loadWeightsFromPath: weightsPath '.*model\\.json' is ${MAX_MANIFEST_BYTES + 1} bytes; a manifest larger than ${MAX_MANIFEST_BYTES} bytes is refused`));
    await expect(fileSystemIOHandler(big).load?.()).rejects.toThrow(/^fileSystemIOHandler: modelJsonPath '.*' is 67108865 bytes/);
    await expect(fileSystemIOHandler('/dev/null/model.json').load?.()).rejects.toThrow(/^fileSystemIOHandler: modelJsonPath '\/dev\/null\/model\.json' could not be read \(ENOTDIR/);
  });

  it('checks an IOHandler\'s weight data against its specs (loadTfjsWeights)', async () => {
    const specs = [{ name: 'a', shape: [2], dtype: 'float32' as const }];
    await expect(loadTfjsWeights(tf.io.fromMemory({ weightSpecs: specs, weightData: new ArrayBuffer(12) }))).rejects.toThrow(
      /^loadTfjsWeights: weightsManifest\[0\]\.paths does not fit its files: shards weightData of the IOHandler hold 12 bytes but the manifest's weights \(a\) need 8/,
    );
    await expect(loadTfjsWeights(tf.io.fromMemory({ weightSpecs: [{ name: 'a', shape: [2], dtype: 'float64' }] as never, weightData: new ArrayBuffer(8) }))).rejects.toThrow(/weights\[0\]\.dtype \(weight 'a' in the IOHandler\) must be one of/);
  });
});

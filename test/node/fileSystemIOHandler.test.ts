import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTfjsWeights } from '../../src/io/loadTfjsWeights';
import { fileSystemIOHandler } from '../../src/node/fileSystemIOHandler';
import { loadWeightsFromPath } from '../../src/node/loadWeightsFromPath';

describe('fileSystemIOHandler and loadWeightsFromPath', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'stylegrad-fs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('saves a LayersModel that tf.loadLayersModel loads back with the same weights and outputs', async () => {
    const model = tfl.sequential({ layers: [tfl.layers.conv2d({ name: 'c', inputShape: [4, 4, 3], filters: 2, kernelSize: 3, padding: 'same' })] });
    await model.save(fileSystemIOHandler(path.join(dir, 'seq'), { shardBytes: 100 }));
    const loaded = await tfl.loadLayersModel(fileSystemIOHandler(path.join(dir, 'seq', 'model.json')));
    const x = tf.randomUniform([1, 4, 4, 3]);
    const [a, b] = [model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
    expect(b.arraySync()).toEqual(a.arraySync());
    // 3·3·3·2 + 2 = 56 floats = 224 bytes in shards of 100 bytes → 3 files.
    const weights = await loadWeightsFromPath(path.join(dir, 'seq'));
    expect(Object.keys(weights.tensors).sort()).toEqual(['c/bias', 'c/kernel']);
    tf.dispose([x, a, b, ...Object.values(weights.tensors)]);
    model.dispose();
    loaded.dispose();
  });

  it('names a missing shard (strict IOHandler) or records it as missing (loadWeightsFromPath)', async () => {
    const model = tfl.sequential({ layers: [tfl.layers.dense({ name: 'd', inputShape: [3], units: 2 })] });
    await model.save(fileSystemIOHandler(path.join(dir, 'gone')));
    model.dispose();
    unlinkSync(path.join(dir, 'gone', 'group1-shard1of1.bin'));
    await expect(fileSystemIOHandler(path.join(dir, 'gone')).load?.()).rejects.toThrow(/fileSystemIOHandler: modelJsonPath lists weight file 'group1-shard1of1.bin' that could not be read \(ENOENT/);
    const partial = await loadWeightsFromPath(path.join(dir, 'gone'));
    expect(Object.keys(partial.tensors)).toEqual([]);
    expect(partial.missing['d/kernel']).toMatch(/weight file 'group1-shard1of1.bin' listed in .*gone\/model.json could not be read/);
  });

  it('says when model.json is not JSON, not a manifest, or shards are too short', async () => {
    writeFileSync(path.join(dir, 'bad.json'), 'PK\u0003\u0004 not json');
    await expect(loadWeightsFromPath(path.join(dir, 'bad.json'))).rejects.toThrow(/bad.json' is not a tfjs model.json: it is not valid JSON \(starts with "PK/);
    await expect(fileSystemIOHandler(path.join(dir, 'bad.json')).load?.()).rejects.toThrow(/is not a tfjs model.json: it is not valid JSON/);
    writeFileSync(path.join(dir, 'other.json'), '{"name": "x"}');
    await expect(loadWeightsFromPath(path.join(dir, 'other.json'))).rejects.toThrow(/other.json' is not a tfjs model.json: it has no 'weightsManifest' array/);
    mkdirShort();
    await expect(loadWeightsFromPath(path.join(dir, 'short'))).rejects.toThrow(/shards w.bin of .*short\/model.json hold 4 bytes but the manifest's weights \(k\) need 8; the files are truncated/);
    await expect(loadWeightsFromPath(path.join(dir, 'nowhere'))).rejects.toThrow(/loadWeightsFromPath: weightsPath '.*nowhere' could not be read \(ENOENT/);
  });

  function mkdirShort(): void {
    const target = path.join(dir, 'short');
    mkdirSync(target, { recursive: true });
    writeFileSync(path.join(target, 'model.json'), JSON.stringify({ weightsManifest: [{ paths: ['w.bin'], weights: [{ name: 'k', shape: [2], dtype: 'float32' }] }] }));
    writeFileSync(path.join(target, 'w.bin'), new Uint8Array(4));
  }
});

describe('loadTfjsWeights from a URL', () => {
  it('fetches model.json and shards relative to it, and records a failing shard by name', async () => {
    const manifest = {
      weightsManifest: [
        { paths: ['a.bin'], weights: [{ name: 'a', shape: [2], dtype: 'float32' }] },
        { paths: ['b.bin'], weights: [{ name: 'b', shape: [1], dtype: 'float32' }] },
      ],
    };
    const requested: string[] = [];
    const fakeFetch = ((url: string) => {
      requested.push(url);
      if (url.endsWith('model.json')) return Promise.resolve(new Response(JSON.stringify(manifest)));
      if (url.endsWith('a.bin')) return Promise.resolve(new Response(new Float32Array([1.5, -2]).buffer));
      return Promise.resolve(new Response('not found', { status: 404 }));
    }) as typeof fetch;
    const w = await loadTfjsWeights('https://host/models/vgg/model.json', { fetch: fakeFetch });
    expect(requested.sort()).toEqual(['https://host/models/vgg/a.bin', 'https://host/models/vgg/b.bin', 'https://host/models/vgg/model.json']);
    expect(Array.from(w.tensors.a?.dataSync() ?? [])).toEqual([1.5, -2]);
    expect(w.missing.b).toBe("weight file 'b.bin' listed in https://host/models/vgg/model.json could not be read (HTTP 404 for https://host/models/vgg/b.bin)");
    tf.dispose(Object.values(w.tensors));
    await expect(loadTfjsWeights('https://host/x/model.json', { fetch: (() => Promise.resolve(new Response('', { status: 500 }))) as typeof fetch })).rejects.toThrow(
      "loadTfjsWeights: source 'https://host/x/model.json' could not be fetched: HTTP 500 for https://host/x/model.json.",
    );
  });
});

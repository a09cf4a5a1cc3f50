// The networks the page has loaded, kept while the backend stays the same (their weights live on it).
import * as tf from '@tensorflow/tfjs-core';
import {
  createVggExtractor, loadDeeplearnCheckpoint, loadSqueezeNet, loadTfjsWeights, transformNetFromCheckpoint, type FeatureExtractor, type TransformNet,
} from 'stylegrad';
import { dataUrl } from './dataUrl';
import { fetchBytes } from './fetchBytes';
import { EXTRACTOR_WEIGHTS } from './samples';

/** An extractor the page offers. */
export type ExtractorName = keyof typeof EXTRACTOR_WEIGHTS;

let extractor: { readonly name: ExtractorName; readonly value: FeatureExtractor } | undefined;
let network: { readonly path: string; readonly value: TransformNet } | undefined;

/**
 * The feature extractor `name`, loaded from the data folder on first use (VGG-19 from its tfjs layers model,
 * SqueezeNet from the Keras .h5, which loads h5wasm).
 *
 * @param name - Which extractor.
 * @param onProgress - Download progress, 0..1.
 * @returns The extractor (owned by this module; freed by {@link disposeModels}).
 */
export async function getExtractor(name: ExtractorName, onProgress: (fraction: number) => void): Promise<FeatureExtractor> {
  if (extractor?.name === name) return extractor.value;
  extractor?.value.dispose();
  extractor = undefined;
  const url = dataUrl(EXTRACTOR_WEIGHTS[name]);
  const value = name === 'vgg19' ? await loadVgg19WithProgress(url, onProgress) : await loadSqueezeNet(await fetchBytes(url, onProgress));
  extractor = { name, value };
  return value;
}

/**
 * The pretrained transformation network in the data folder's `path` (a deeplearn.js checkpoint), loaded on first use.
 *
 * @param path - The network's folder inside the data folder, e.g. `fast-style/udnie`.
 * @param onProgress - Download progress, 0..1 (files read / files).
 * @returns The network (owned by this module; freed by {@link disposeModels}).
 */
export async function getTransformNet(path: string, onProgress: (fraction: number) => void): Promise<TransformNet> {
  if (network?.path === path) return network.value;
  network?.value.dispose();
  network = undefined;
  const manifestResponse = await fetch(dataUrl(`${path}/manifest.json`));
  if (!manifestResponse.ok) throw new Error(`${path}/manifest.json: HTTP ${manifestResponse.status}`);
  const manifest: unknown = await manifestResponse.json();
  const files = typeof manifest === 'object' && manifest !== null ? Object.keys(manifest).length : 1;
  let read = 0;
  const checkpoint = await loadDeeplearnCheckpoint(manifest, async (filename) => {
    const bytes = await fetchBytes(dataUrl(`${path}/${filename}`), () => undefined);
    onProgress(++read / files);
    return bytes;
  });
  const value = transformNetFromCheckpoint(checkpoint);
  network = { path, value };
  return value;
}

/**
 * VGG-19 from a tfjs layers model at `url`, reporting the fraction of its files (model.json and shards) fetched.
 * (What `loadVgg19(url)` does, with a counting `fetch`: the URL path checks each shard's size on its own.)
 */
async function loadVgg19WithProgress(url: string, onProgress: (fraction: number) => void): Promise<FeatureExtractor> {
  let files = 1;
  let fetched = 0;
  const countingFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const response = await fetch(input, init);
    if (fetched === 0 && response.ok) {
      const text = await response.text();
      try {
        const manifest = (JSON.parse(text) as { weightsManifest?: { paths?: unknown[] }[] }).weightsManifest ?? [];
        files += manifest.reduce((n, group) => n + (group.paths?.length ?? 0), 0);
      } catch {
        // not JSON: loadTfjsWeights reports it
      }
      onProgress(++fetched / files);
      return new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
    }
    onProgress(Math.min(1, ++fetched / files));
    return response;
  };
  const weights = await loadTfjsWeights(url, { fetch: countingFetch });
  try {
    return createVggExtractor(weights, { variant: 'vgg19' });
  } finally {
    tf.dispose(Object.values(weights.tensors));
  }
}

/** Frees every loaded network (before switching backends). */
export function disposeModels(): void {
  extractor?.value.dispose();
  network?.value.dispose();
  extractor = undefined;
  network = undefined;
}

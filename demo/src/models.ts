// The networks the page has loaded, kept while the backend stays the same (their weights live on it).
import * as tf from '@tensorflow/tfjs-core';
import { loadDeeplearnCheckpoint, loadSqueezeNet, loadVgg19, transformNetFromCheckpoint, type FeatureExtractor, type TransformNet } from 'stylegrad';
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
  const value = name === 'vgg19'
    ? await loadVgg19(tf.io.http(url, { onProgress }))
    : await loadSqueezeNet(await fetchBytes(url, onProgress));
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

/** Frees every loaded network (before switching backends). */
export function disposeModels(): void {
  extractor?.value.dispose();
  network?.value.dispose();
  extractor = undefined;
  network = undefined;
}

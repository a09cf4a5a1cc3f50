// model.json text to a checked tfjs ModelJSON, with errors that say which file is not what it claims.
import type * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../errors';
import { checkManifest } from './internal/checkManifest';

/**
 * Parses the text of a tfjs model.json and checks its `weightsManifest`.
 *
 * @param fn - The public function loading (for errors).
 * @param text - The file's text.
 * @param source - The file's path or URL (for errors).
 * @returns The parsed ModelJSON.
 * @throws {@link StylegradError} about `source` when the text is not JSON, has no `weightsManifest` array, or
 *   the manifest is malformed.
 * @example
 * ```ts
 * const json = parseModelJson('loadTfjsWeights', await response.text(), 'vgg/model.json');
 * ```
 */
export function parseModelJson(fn: string, text: string, source: string): tf.io.ModelJSON {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new StylegradError(fn, 'source', `'${source}' is not a tfjs model.json: it is not valid JSON (starts with ${JSON.stringify(text.slice(0, 16))}).`);
  }
  if (typeof json !== 'object' || json === null || !Array.isArray((json as { weightsManifest?: unknown }).weightsManifest)) {
    throw new StylegradError(fn, 'source', `'${source}' is not a tfjs model.json: it has no 'weightsManifest' array.`);
  }
  checkManifest(fn, (json as { weightsManifest: unknown }).weightsManifest, source);
  return json as tf.io.ModelJSON;
}

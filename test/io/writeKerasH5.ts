// Writes a Keras-2-layout HDF5 weights file with h5wasm (as Keras' save_weights does): root attribute
// `layer_names`; per layer a group with attribute `weight_names` and datasets `<layer>/<weight>`.
import h5wasm, { Group } from 'h5wasm';
import * as tf from '@tensorflow/tfjs-core';

let counter = 0;

/** `layers`: layer name → [weight name as Keras writes it, tensor][] (layers without weights: []). */
export async function writeKerasH5(layers: Record<string, [string, tf.Tensor][]>): Promise<Uint8Array> {
  const { FS } = await h5wasm.ready;
  const name = `/test-write-${++counter}.h5`;
  const file = new h5wasm.File(name, 'w');
  file.create_attribute('layer_names', Object.keys(layers));
  file.create_attribute('keras_version', '2.0.0');
  for (const [layer, weights] of Object.entries(layers)) {
    const group = ensureGroup(file, layer);
    if (weights.length > 0) group.create_attribute('weight_names', weights.map(([w]) => w));
    for (const [weightName, tensor] of weights) {
      const parts = weightName.split('/');
      const g = ensureGroup(group, parts.slice(0, -1).join('/'));
      g.create_dataset({ name: parts[parts.length - 1] as string, data: tensor.dataSync() as Float32Array, shape: [...tensor.shape], dtype: '<f4' });
    }
  }
  file.close();
  const bytes = FS.readFile(name);
  FS.unlink(name);
  return bytes;
}

/** The group at `path` under `root`, creating missing levels (h5wasm does not create intermediates). */
function ensureGroup(root: Group, path: string): Group {
  let g = root;
  for (const part of path.split('/').filter((p) => p !== '')) {
    const next = g.get(part);
    g = next instanceof Group ? next : g.create_group(part);
  }
  return g;
}

// Kernel times of a tf.profile run, summed by kernel name, as a markdown table (for profileKernels.ts and
// profileFeedforward.ts).
import * as tf from '@tensorflow/tfjs-core';

/**
 * Prints `title` and one row per kernel (calls, ms, share), slowest first. tf.customGrad records its forward as one
 * entry named after the enclosing scope, whose time includes the kernels it ran (listed too): such wrappers are
 * not registered kernels and are left out so nothing is counted twice. TensorFlow ops run directly on tfjs-node's
 * backend (ReluGrad, src/internal/tensorflowOps.ts) bypass the engine and do not appear.
 */
export function printKernelTable(title: (totalMs: number, wrappers: number) => string, profile: Awaited<ReturnType<typeof tf.profile>>): void {
  const byKernel = new Map<string, { ms: number; calls: number }>();
  let wrappers = 0;
  for (const kernel of profile.kernels) {
    if (tf.getKernel(kernel.name, tf.getBackend()) === undefined) {
      wrappers++;
      continue;
    }
    const entry = byKernel.get(kernel.name) ?? { ms: 0, calls: 0 };
    entry.ms += kernel.kernelTimeMs as number;
    entry.calls += 1;
    byKernel.set(kernel.name, entry);
  }
  const total = [...byKernel.values()].reduce((sum, e) => sum + e.ms, 0);
  console.log(title(total, wrappers));
  console.log('| kernel | calls | ms | share |\n|---|---|---|---|');
  for (const [name, e] of [...byKernel.entries()].sort((a, b) => b[1].ms - a[1].ms)) {
    console.log(`| ${name} | ${e.calls} | ${e.ms.toFixed(1)} | ${((100 * e.ms) / total).toFixed(1)}% |`);
  }
}

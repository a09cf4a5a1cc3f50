// The demo page: backend switch with tf.memory(), two tabs (optimisation, feed-forward).
import * as tf from '@tensorflow/tfjs-core';
import { BACKENDS, switchBackend, type BackendName } from './backends';
import { byId } from './byId';
import { dataUrl } from './dataUrl';
import { setupFeedForwardTab } from './feedForwardTab';
import { disposeModels } from './models';
import { setupStylizeTab } from './stylizeTab';

const backendSelect = byId('backend', HTMLSelectElement);
const backendStatus = byId('backend-status', HTMLSpanElement);
const memory = byId('memory', HTMLSpanElement);
byId('data-url', HTMLElement).textContent = dataUrl('');

for (const tab of document.querySelectorAll<HTMLButtonElement>('.tab')) {
  tab.addEventListener('click', () => {
    for (const other of document.querySelectorAll<HTMLButtonElement>('.tab')) {
      other.setAttribute('aria-selected', String(other === tab));
      byId(`tab-${other.dataset.tab ?? ''}`, HTMLElement).hidden = other !== tab;
    }
  });
}

const stylizeTab = setupStylizeTab();
setupFeedForwardTab();

let switching = true;

/** Shows tf.memory() (twice a second, and after a backend switch). */
function showMemory(): void {
  if (switching) return;
  const m = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number };
  memory.dataset.tensors = String(m.numTensors);
  const gpu = m.numBytesInGPU === undefined ? '' : `, ${(m.numBytesInGPU / 2 ** 20).toFixed(1)} MB on the GPU`;
  memory.textContent = `tf.memory(): ${m.numTensors} tensors, ${(m.numBytes / 2 ** 20).toFixed(1)} MB${gpu}`;
}
setInterval(showMemory, 500);

/** Switches to `name`, freeing the networks of the previous backend; shows the outcome. */
async function useBackend(name: BackendName): Promise<void> {
  backendStatus.textContent = `starting ${name}…`;
  switching = true;
  await stylizeTab.reset();
  disposeModels();
  const result = await switchBackend(name);
  // After a failed switch tfjs keeps (or, on a fresh page, picks) the best backend that starts.
  backendStatus.dataset.active = tf.getBackend();
  if (!result.ok) backendStatus.dataset.unavailable = `${name}: ${result.reason}`;
  backendStatus.textContent = result.ok ? `active: ${result.detail}` : `${name} unavailable (${result.reason}); active: ${tf.getBackend()}`;
  backendSelect.value = tf.getBackend();
  switching = false;
  showMemory();
}

backendSelect.addEventListener('change', () => void useBackend(backendSelect.value as BackendName));
const requested = new URLSearchParams(location.search).get('backend');
const initial: BackendName = BACKENDS.find((b) => b === requested) ?? 'webgl';
void useBackend(initial);

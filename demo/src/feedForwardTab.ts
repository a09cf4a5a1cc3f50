// The feed-forward tab: a pretrained transformation network (Johnson et al. 2016) applied to a picked image or a
// webcam frame, at the chosen size, in one forward pass.
import * as tf from '@tensorflow/tfjs-core';
import { applyTransform } from 'stylegrad';
import { byId } from './byId';
import { formatSeconds } from './formatSeconds';
import { drawScaled, drawTensor, imageTensor } from './imageTensors';
import { getTransformNet } from './models';
import { createPicker } from './picker';
import { CONTENT_SAMPLES, NETWORKS } from './samples';

/**
 * Wires the feed-forward tab's controls (ids in index.html).
 */
export function setupFeedForwardTab(): void {
  const picker = createPicker(CONTENT_SAMPLES, 0, 'ff');
  byId('ff-picker', HTMLDivElement).append(picker.element);
  const networkSelect = byId('ff-network', HTMLSelectElement);
  for (const network of NETWORKS) networkSelect.add(new Option(network.label, network.path));
  const input = byId('ff-input', HTMLCanvasElement);
  const output = byId('ff-output', HTMLCanvasElement);
  const status = byId('ff-status', HTMLParagraphElement);
  const apply = byId('ff-apply', HTMLButtonElement);
  const webcamButton = byId('ff-webcam', HTMLButtonElement);
  let video: HTMLVideoElement | undefined;

  const setState = (state: 'idle' | 'loading' | 'running' | 'done' | 'error', text: string): void => {
    status.dataset.state = state;
    status.textContent = text;
    apply.disabled = state === 'loading' || state === 'running';
  };

  if (navigator.mediaDevices?.getUserMedia === undefined) {
    webcamButton.disabled = true;
    webcamButton.title = 'This browser offers no camera here (it needs a secure context: https or localhost).';
  }
  webcamButton.addEventListener('click', () => {
    void (async () => {
      try {
        const stream = await navigator.mediaDevices.getUserMedia({ video: true });
        video = document.createElement('video');
        video.srcObject = stream;
        video.muted = true;
        await video.play();
        setState('idle', 'Webcam on: Apply stylizes the current frame.');
      } catch (error) {
        video = undefined;
        setState('error', `No webcam: ${error instanceof Error ? error.message : String(error)}`);
      }
    })();
  });
  picker.element.addEventListener('change', () => {
    if (video?.srcObject instanceof MediaStream) for (const track of video.srcObject.getTracks()) track.stop();
    video = undefined;
  });

  apply.addEventListener('click', () => {
    void (async () => {
      const owned: tf.Tensor[] = [];
      try {
        setState('loading', 'Loading the network…');
        const loadStarted = performance.now();
        const net = await getTransformNet(networkSelect.value, (f) => {
          setState('loading', `Loading the network… ${Math.round(f * 100)}%`);
        });
        status.dataset.loadMs = String(performance.now() - loadStarted);
        drawScaled(video ?? (await picker.image()), input, Number(byId('ff-size', HTMLInputElement).value));
        setState('running', 'Stylizing…');
        const image = imageTensor(input);
        owned.push(image);
        const started = performance.now();
        const styled = withoutWebglIm2col(() => applyTransform(net, image));
        owned.push(styled);
        await styled.data();
        const ms = performance.now() - started;
        await drawTensor(styled, output);
        status.dataset.ms = String(ms);
        setState('done', `${input.width}×${input.height} in ${formatSeconds(ms)} on ${tf.getBackend()}.`);
      } catch (error) {
        setState('error', error instanceof Error ? error.message : String(error));
      } finally {
        tf.dispose(owned);
      }
    })();
  });
}

/**
 * Runs `work` with tfjs's WebGL im2col convolution off. With it on, the network's 9×9 convolutions unroll into a
 * texture of H·W × 81·32 values: above about 320² that exceeds the 8192×8192 textures many GPUs allow ("Requested
 * texture size [13033x13034] greater than WebGL maximum" at 512²). The direct convolution shader has no such limit.
 * Other backends are unaffected.
 */
function withoutWebglIm2col<T>(work: () => T): T {
  if (tf.getBackend() !== 'webgl') return work();
  const before = tf.env().getBool('WEBGL_CONV_IM2COL');
  tf.env().set('WEBGL_CONV_IM2COL', false);
  try {
    return work();
  } finally {
    tf.env().set('WEBGL_CONV_IM2COL', before);
  }
}

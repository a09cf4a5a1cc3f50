// Every tfjs backend the page can use. The wasm binaries are emitted by Vite next to the page and their URLs
// given to tfjs (setWasmPaths); the threaded one is used when the page is cross-origin isolated.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

setWasmPaths({ 'tfjs-backend-wasm.wasm': wasmPlain, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded });

/** The backends offered, fastest first. */
export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
/** One of {@link BACKENDS}. */
export type BackendName = (typeof BACKENDS)[number];

/** The backend last made active by {@link switchBackend}. */
let active: BackendName | undefined;

/** The outcome of {@link switchBackend}. */
export type BackendSwitch = { readonly ok: true; readonly name: BackendName; readonly detail: string } | { readonly ok: false; readonly name: BackendName; readonly reason: string };

/**
 * Makes `name` the active tfjs backend and waits until it is ready. When it cannot start (no WebGPU adapter, no
 * WebGL), the previous backend stays active and the reason is returned.
 *
 * @param name - The backend to use.
 * @returns Whether it is active, with a description (renderer, threads) or the reason it is not.
 */
export async function switchBackend(name: BackendName): Promise<BackendSwitch> {
  const previous = active;
  let ok = false;
  let reason = '';
  try {
    ok = await tf.setBackend(name);
    await tf.ready();
  } catch (error) {
    reason = error instanceof Error ? error.message : String(error);
  }
  if (ok && tf.getBackend() === name) {
    active = name;
    return { ok: true, name, detail: describeActive(name) };
  }
  if (previous !== undefined && previous !== name) await tf.setBackend(previous);
  if (reason === '') reason = name === 'webgpu' ? 'no WebGPU adapter in this browser' : `the ${name} backend could not start`;
  return { ok: false, name, reason };
}

/** A short description of the active backend: the WebGL renderer (e.g. SwiftShader, a software GPU), wasm threads. */
function describeActive(name: BackendName): string {
  if (name === 'wasm') {
    const threads = getThreadsCount();
    return `wasm, ${threads} thread${threads === 1 ? '' : 's'}${self.crossOriginIsolated ? '' : ' (page not cross-origin isolated)'}`;
  }
  if (name === 'webgl') {
    const backend = tf.backend();
    if (!(backend instanceof MathBackendWebGL)) return 'webgl';
    const gl = backend.gpgpu.gl;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = info === null ? String(gl.getParameter(gl.RENDERER)) : String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL));
    return `webgl ${tf.env().getNumber('WEBGL_VERSION')} on ${renderer}${/swiftshader/i.test(renderer) ? ' (software GPU)' : ''}`;
  }
  return name;
}

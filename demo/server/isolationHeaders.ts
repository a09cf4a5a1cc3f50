/**
 * The headers that make a page cross-origin isolated (`self.crossOriginIsolated`), which browsers require before
 * they offer `SharedArrayBuffer`, and so before tfjs's wasm backend can run on several threads.
 * See https://web.dev/articles/coop-coep.
 */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * Downloads a file, reporting progress as bytes arrive (when the server sends a Content-Length).
 *
 * @param url - The file.
 * @param onProgress - Called with the fraction received (0..1).
 * @param signal - Aborts the download.
 * @returns The file's bytes.
 * @throws Error naming the URL and the HTTP status when the server does not answer 200.
 */
export async function fetchBytes(url: string, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<Uint8Array> {
  const response = await fetch(url, signal === undefined ? {} : { signal });
  if (!response.ok || response.body === null) throw new Error(`${url}: HTTP ${response.status} ${response.statusText}`);
  const total = Number(response.headers.get('Content-Length') ?? 0);
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    received += value.byteLength;
    if (total > 0) onProgress(Math.min(1, received / total));
  }
  const bytes = new Uint8Array(received);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  onProgress(1);
  return bytes;
}

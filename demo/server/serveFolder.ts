// Serves the files of one folder to a Node HTTP server or a Vite (connect) middleware stack: GET/HEAD only,
// no directory listings, nothing outside the folder. Used by the demo's dev/preview server for the weights
// and sample images (../shared/data) and by the browser tests for the built demo.
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.jpg': 'image/jpeg',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.md': 'text/markdown; charset=utf-8',
};

/**
 * A request handler that answers with the file under `folder` named by the request path (relative to the mount
 * point), `index.html` for `/`, or calls `next()` when there is no such file.
 *
 * @param folder - The folder to serve.
 * @returns A `(request, response, next)` handler.
 */
export function serveFolder(folder: string): (request: IncomingMessage, response: ServerResponse, next: () => void) => void {
  const root = path.resolve(folder);
  return (request, response, next) => {
    const file = requestedFile(root, request);
    const size = file === undefined ? undefined : fileSize(file);
    if (file === undefined || size === undefined) {
      next();
      return;
    }
    response.statusCode = 200;
    response.setHeader('Content-Type', TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream');
    response.setHeader('Content-Length', String(size));
    response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    createReadStream(file).pipe(response);
  };
}

/** The file under `root` a GET or HEAD request names (`index.html` for a folder), or undefined. */
function requestedFile(root: string, request: IncomingMessage): string | undefined {
  if (request.method !== 'GET' && request.method !== 'HEAD') return undefined;
  let relative: string;
  try {
    relative = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
  } catch {
    return undefined;
  }
  if (relative.endsWith('/')) relative += 'index.html';
  const file = path.join(root, relative);
  return file.startsWith(root + path.sep) ? file : undefined;
}

/** The size of a regular file, or undefined when `file` is not one. */
function fileSize(file: string): number | undefined {
  try {
    const stat = statSync(file);
    return stat.isFile() ? stat.size : undefined;
  } catch {
    return undefined;
  }
}

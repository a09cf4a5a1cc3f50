// Builds the demo (Vite, the same config as `npm run demo:build`, into test-output/) and serves it on 127.0.0.1
// with the cross-origin isolation headers, the data folder mounted at /shared-data/ (the page is told so by its
// `?data=` parameter, as a site hosting its weights elsewhere would be).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { build } from 'vite';
import { ISOLATION_HEADERS } from '../../demo/server/isolationHeaders';
import { serveFolder } from '../../demo/server/serveFolder';
import { DATA, ROOT } from '../helpers/sharedData';

/** The served demo. */
export interface DemoServer {
  /** The page URL for `backend` (query parameters `backend` and `data` set). */
  pageUrl(backend: string): string;
  /** Stops the server. */
  close(): Promise<void>;
}

/** Where the test build goes (gitignored). */
export const DEMO_BUILD = path.join(ROOT, 'test-output/browser/demo-dist');

/**
 * Builds and serves the demo.
 *
 * @returns The server (close it).
 */
export async function startDemoServer(): Promise<DemoServer> {
  await build({ configFile: path.join(ROOT, 'demo/vite.config.ts'), logLevel: 'warn', build: { outDir: DEMO_BUILD, emptyOutDir: true } });
  const site = serveFolder(DEMO_BUILD);
  const data = serveFolder(DATA);
  const server: Server = createServer((request, response) => {
    for (const [name, value] of Object.entries(ISOLATION_HEADERS)) response.setHeader(name, value);
    const notFound = (): void => {
      response.statusCode = 404;
      response.end('not found');
    };
    const url = request.url ?? '/';
    if (url.startsWith('/shared-data/')) {
      request.url = url.slice('/shared-data'.length);
      data(request, response, notFound);
    } else {
      site(request, response, notFound);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    pageUrl: (backend) => `http://127.0.0.1:${port}/?backend=${backend}&data=/shared-data/`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error === undefined ? resolve() : reject(error)))),
  };
}

// scripts/lib/summarise-download-log.sh, which scripts/install-tfjs-node.sh sources to report a failed
// libtensorflow download in one line. Exercised on a captured log, never by running the installer (it would
// rebuild the shared tfjs-node).
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { useTemporaryFolder } from '../helpers/useTemporaryFolder';

const ROOT = path.resolve(import.meta.dirname, '../..');
// The output of tfjs-node 4.22's scripts/install.js on a machine without internet access.
const OFFLINE_LOG = path.join(ROOT, 'test/scripts/fixtures/tfjs-node-install-offline.log');
const dir = useTemporaryFolder('stylegrad-summarise-');

async function summarise(log: string, status: number): Promise<string> {
  const script = `source scripts/lib/summarise-download-log.sh; summarise_download_log "$1" "$2"`;
  const { stdout } = await promisify(execFile)('bash', ['-c', script, 'summarise', log, String(status)], { cwd: ROOT });
  return stdout;
}

test('an offline download becomes one line naming the URL and the network error, without the stack trace', async () => {
  expect(await summarise(OFFLINE_LOG, 1)).toBe(
    'could not reach https://storage.googleapis.com/tensorflow/libtensorflow/libtensorflow-cpu-linux-x86_64-2.9.1.tar.gz (getaddrinfo ENOTFOUND storage.googleapis.com)\n',
  );
});

test('falls back to the error code and host, then to the exit status; exit 124 is a timeout', async () => {
  const codeOnly = path.join(dir(), 'code.log');
  await writeFile(codeOnly, "  errno: -111,\n  code: 'ECONNREFUSED',\n  hostname: 'mirror.example'\n}\n\nNode.js v20.20.2\n");
  expect(await summarise(codeOnly, 1)).toBe('could not reach the libtensorflow download (ECONNREFUSED mirror.example)\n');
  const empty = path.join(dir(), 'empty.log');
  await writeFile(empty, '');
  expect(await summarise(empty, 3)).toBe("tfjs-node's install script failed (exit 3) without a recognisable network error\n");
  expect(await summarise(OFFLINE_LOG, 124)).toBe(
    'the download of https://storage.googleapis.com/tensorflow/libtensorflow/libtensorflow-cpu-linux-x86_64-2.9.1.tar.gz timed out\n',
  );
});

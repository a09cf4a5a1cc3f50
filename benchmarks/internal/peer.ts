// Helpers for benchmarks that run a child process (a tfjs worker or the PyTorch peer) and read its result.
import { resolve } from 'node:path';

/** The PyTorch peer's Python: $STYLEGRAD_PEER_PYTHON, else the venv of scripts/setup-python-peer.sh beside the repository. */
export function defaultPeerPython(root: string): string {
  return process.env.STYLEGRAD_PEER_PYTHON ?? resolve(root, '../.venv-peer/bin/python');
}

/** The JSON object on the last stdout line that starts with `marker` followed by `{` (the marker removed). */
export function lastJsonLine(stdout: string, marker = ''): string | undefined {
  return stdout
    .split('\n')
    .reverse()
    .find((line) => line.startsWith(`${marker}{`))
    ?.slice(marker.length);
}

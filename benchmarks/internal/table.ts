// Markdown table of the extractor benchmark, with each tfjs time as a multiple of PyTorch's for the same
// network and size.
import type { Row, TorchResult } from './rows';

const MB = 1024 * 1024;

function ratio(seconds: number, peer: TorchResult | undefined): string {
  return peer === undefined ? '—' : `${(seconds / peer.medianSeconds).toFixed(2)}×`;
}

export function formatTable(rows: readonly Row[]): string {
  const torch = rows.filter((r): r is Extract<Row, { kind: 'torch' }> => r.kind === 'torch').map((r) => r.result);
  const peerOf = (network: string, size: number): TorchResult | undefined => torch.find((t) => t.network === network && t.size === size);
  const lines = [
    '| network | size | backend | input gradient | forward s | forward + input grad s (runs) | × PyTorch | CPU s | × PyTorch (CPU) | Σ\\|grad\\| rel. diff | peak tensors MB | peak RSS MB |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const row of rows) {
    if (row.kind === 'torch') {
      const t = row.result;
      lines.push(
        `| ${t.network} | ${t.size}² | ${t.impl} (${t.threads} threads) | autograd | ${t.forwardMedianSeconds.toFixed(3)} | ${t.medianSeconds.toFixed(3)} (${t.runs}) | 1× | ${t.medianCpuSeconds.toFixed(3)} | 1× | — | — | ${t.peakRssMB.toFixed(0)} |`,
      );
    } else if (row.kind === 'tfjs') {
      const r = row.result;
      const peer = peerOf(r.network, r.size);
      // VGG-16 has random weights on both sides (different draws), so its gradients are not comparable.
      const gradDiff = peer === undefined || r.network === 'vgg16' ? '—' : (Math.abs(r.gradAbsSum - peer.gradAbsSum) / peer.gradAbsSum).toExponential(1);
      lines.push(
        `| ${r.network} | ${r.size}² | ${r.backend} | ${r.fastInputGradient ? 'fast (forward conv)' : 'stock tfjs'} | ${r.forward.medianSeconds.toFixed(3)} | ${r.forwardGrad.medianSeconds.toFixed(3)} (${r.forwardGrad.runs}) | ${ratio(r.forwardGrad.medianSeconds, peer)} | ${(r.forwardGrad.medianCpuSeconds ?? NaN).toFixed(3)} | ${peer === undefined ? '—' : `${((r.forwardGrad.medianCpuSeconds ?? NaN) / peer.medianCpuSeconds).toFixed(2)}×`} | ${gradDiff} | ${(r.peakTensorBytes / MB).toFixed(0)} | ${(r.peakRssBytes / MB).toFixed(0)} |`,
      );
    } else {
      const c = row.config;
      const variant = 'fastInputGradient' in c ? (c.fastInputGradient ? 'fast (forward conv)' : 'stock tfjs') : 'autograd';
      lines.push(`| ${c.network} | ${c.size}² | ${c.backend} | ${variant} | failed: ${row.error.replaceAll('|', '\\|')} | | | | | | | |`);
    }
  }
  return lines.join('\n');
}

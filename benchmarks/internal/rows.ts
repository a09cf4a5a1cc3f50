// The rows of the extractor benchmark: a tfjs configuration's result, the PyTorch peer's, or why one failed.
import type { WorkerConfig, WorkerResult } from './extractorWorker';
import type { Network } from './networks';

/** What scripts/reference/bench_extractors.py prints. */
export interface TorchResult {
  readonly impl: string;
  readonly network: Network;
  readonly size: number;
  readonly threads: number;
  readonly forwardMedianSeconds: number;
  readonly warmupSeconds: number;
  readonly runs: number;
  readonly medianSeconds: number;
  readonly minSeconds: number;
  readonly medianCpuSeconds: number;
  readonly peakRssMB: number;
  readonly gradAbsSum: number;
}

export type Row =
  | { readonly kind: 'tfjs'; readonly result: WorkerResult }
  | { readonly kind: 'torch'; readonly result: TorchResult }
  | { readonly kind: 'error'; readonly config: WorkerConfig | { readonly network: Network; readonly size: number; readonly backend: 'pytorch' }; readonly error: string };

// Tinybench-style timing for the benchmarks (DESIGN.md §5: benchmarks, not timed tests): one warm-up
// call, then as many timed calls as fit in a time budget (at least 3, or 1 when a single call exceeds the
// budget; at most maxRuns), median reported.

/** Timing summary of repeated calls, in seconds. */
export interface Timing {
  readonly warmupSeconds: number;
  readonly runs: number;
  readonly medianSeconds: number;
  readonly minSeconds: number;
  readonly maxSeconds: number;
  /** Median CPU time (user + system, all threads) of the timed calls: less sensitive to other processes than wall time. */
  readonly medianCpuSeconds?: number;
}

export interface MeasureOptions {
  /** Seconds of timed calls after the warm-up (the number of calls is budget / warm-up time). */
  readonly budgetSeconds: number;
  readonly maxRuns: number;
  /** The warm-up time if it was already measured (e.g. by a profiled first call). */
  readonly warmupSeconds?: number;
}

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

/** Seconds taken by one synchronous call. */
export function timeOnce(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** Warm-up (unless given), then budgeted timed calls of `fn`, which must finish its work before returning. */
export function measure(fn: () => void, options: MeasureOptions): Timing {
  const warmupSeconds = options.warmupSeconds ?? timeOnce(fn);
  // At least 3 timed calls unless one call alone exceeds the budget (the cpu backend's VGG: ~35 s at 128²).
  const minRuns = warmupSeconds > options.budgetSeconds ? 1 : 3;
  const runs = Math.max(minRuns, Math.min(options.maxRuns, Math.floor(options.budgetSeconds / Math.max(warmupSeconds, 1e-6))));
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    const cpu = process.cpuUsage();
    times.push(timeOnce(fn));
    const used = process.cpuUsage(cpu);
    cpuTimes.push((used.user + used.system) / 1e6);
  }
  return {
    warmupSeconds,
    runs,
    medianSeconds: median(times),
    minSeconds: Math.min(...times),
    maxSeconds: Math.max(...times),
    medianCpuSeconds: median(cpuTimes),
  };
}

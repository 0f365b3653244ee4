// A closed-loop load driver: `concurrency` clients each call `op` back to back
// until the deadline; every round trip is timed.

export interface LoadResult {
  concurrency: number;
  requests: number;
  errors: number;
  seconds: number;
  /** Completed requests per second. */
  throughput: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** First error message, if any. */
  firstError?: string;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export async function runLoad(op: () => Promise<unknown>, options: { concurrency: number; seconds: number; warmupSeconds: number }): Promise<LoadResult> {
  const { concurrency } = options;
  // Warm-up: same load, not recorded (JIT, connection pools, caches).
  const warmupEnd = performance.now() + options.warmupSeconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < warmupEnd) await op().catch(() => undefined);
    }),
  );

  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const end = started + options.seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        try {
          await op();
          latencies.push(performance.now() - t0);
        } catch (error) {
          errors += 1;
          firstError ??= error instanceof Error ? error.message : String(error);
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    concurrency,
    requests: latencies.length,
    errors,
    seconds,
    throughput: latencies.length / seconds,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies.at(-1) ?? Number.NaN,
    ...(firstError === undefined ? {} : { firstError }),
  };
}

/** Runs `op` exactly `count` times with `concurrency` workers; returns the seconds taken and errors. */
export async function runCount(op: () => Promise<unknown>, count: number, concurrency: number): Promise<{ seconds: number; errors: number }> {
  let next = 0;
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next += 1;
        await op().catch(() => (errors += 1));
      }
    }),
  );
  return { seconds: (performance.now() - started) / 1000, errors };
}

export function median(values: readonly number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

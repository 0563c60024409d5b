/** One timed request: its total time and, for streams, its time to first token. */
export interface Sample {
  totalMs: number;
  ttftMs?: number;
}

/** A request to measure; it times itself (so a stream can stamp its first token). */
export type Operation = () => Promise<Sample>;

export interface LoadResult {
  samples: Sample[];
  elapsedMs: number;
  requestsPerSecond: number;
}

/**
 * Closed loop: `concurrency` callers, each starting its next request as soon
 * as its previous one ends, until `requests` have been made. Latency at
 * concurrency N is therefore also queueing behind the other N-1 (the client
 * process is CPU-bound well before 64), which is what a gateway serving N
 * agents at once sees. Any failed request aborts the run: a benchmark that
 * measured errors would measure the wrong thing.
 */
export async function runClosedLoop(operation: Operation, options: { concurrency: number; requests: number }): Promise<LoadResult> {
  const samples: Sample[] = [];
  let started = 0;
  const worker = async (): Promise<void> => {
    while (started < options.requests) {
      started += 1;
      samples.push(await operation());
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: Math.min(options.concurrency, options.requests) }, worker));
  const elapsedMs = performance.now() - t0;
  return { samples, elapsedMs, requestsPerSecond: (samples.length / elapsedMs) * 1000 };
}

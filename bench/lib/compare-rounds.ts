import { processCpuMicros } from './process-cpu.ts';
import { runClosedLoop, type Operation } from './run-closed-loop.ts';
import { median, summarize, type Summary } from './stats.ts';

export interface Variant {
  name: string;
  operation: Operation;
  /** A server process the requests go through (a gateway hop): its CPU per request is read from /proc around each batch. */
  serverPid?: number;
}

export interface RoundFigures {
  totalMs: Summary;
  ttftMs?: Summary;
  requestsPerSecond: number;
  /**
   * This process's CPU time (user + system) per request, in µs: the client
   * side's own cost. Far steadier than wall time on a busy machine, and at
   * high concurrency the client is CPU-bound, so throughput follows it.
   */
  cpuMicrosPerRequest: number;
  /** The variant's server process's CPU time per request over the batch, in µs (`serverPid` variants on Linux). */
  serverCpuMicrosPerRequest?: number;
}

/** Every round of one variant, plus all its samples pooled. */
export interface VariantFigures {
  rounds: RoundFigures[];
  pooled: { totalMs: Summary; ttftMs?: Summary; requests: number };
}

export interface RoundsOptions {
  concurrency: number;
  /** Requests per variant per round. */
  requests: number;
  rounds: number;
  /** Requests per variant run once before the first round and thrown away (JIT, connection pool, ledger files). */
  warmupRequests: number;
}

const collectGarbage = (globalThis as { gc?: () => void }).gc;

/**
 * Runs the variants in interleaved rounds: round r runs every variant once,
 * starting from a different one each round, so that a slow spell of a noisy
 * machine (other processes, GC, CPU frequency) lands on each variant alike
 * and comparisons can be made within a round. With --expose-gc the heap is
 * collected between batches, so one variant's garbage is not collected on
 * another variant's time.
 */
export async function compareRounds(variants: readonly Variant[], options: RoundsOptions): Promise<Record<string, VariantFigures>> {
  for (const variant of variants) {
    await runClosedLoop(variant.operation, { concurrency: options.concurrency, requests: options.warmupRequests });
  }
  const byVariant = new Map<string, { rounds: RoundFigures[]; total: number[]; ttft: number[] }>(
    variants.map((v) => [v.name, { rounds: [], total: [], ttft: [] }]),
  );
  for (let round = 0; round < options.rounds; round += 1) {
    for (let i = 0; i < variants.length; i += 1) {
      const variant = variants[(round + i) % variants.length]!;
      collectGarbage?.();
      const server0 = variant.serverPid === undefined ? undefined : processCpuMicros(variant.serverPid);
      const cpu0 = process.cpuUsage();
      const result = await runClosedLoop(variant.operation, { concurrency: options.concurrency, requests: options.requests });
      const cpu = process.cpuUsage(cpu0);
      const server1 = variant.serverPid === undefined ? undefined : processCpuMicros(variant.serverPid);
      const total = result.samples.map((s) => s.totalMs);
      const ttft = result.samples.flatMap((s) => (s.ttftMs === undefined ? [] : [s.ttftMs]));
      const figures = byVariant.get(variant.name)!;
      figures.total.push(...total);
      figures.ttft.push(...ttft);
      figures.rounds.push({
        totalMs: summarize(total),
        ...(ttft.length > 0 ? { ttftMs: summarize(ttft) } : {}),
        requestsPerSecond: result.requestsPerSecond,
        cpuMicrosPerRequest: (cpu.user + cpu.system) / result.samples.length,
        ...(server0 !== undefined && server1 !== undefined ? { serverCpuMicrosPerRequest: (server1 - server0) / result.samples.length } : {}),
      });
    }
  }
  return Object.fromEntries(
    [...byVariant].map(([name, f]) => [
      name,
      {
        rounds: f.rounds,
        pooled: {
          totalMs: summarize(f.total),
          ...(f.ttft.length > 0 ? { ttftMs: summarize(f.ttft) } : {}),
          requests: f.total.length,
        },
      },
    ]),
  );
}

export interface AddedLatency {
  /** Median over rounds of (variant p50 - baseline p50) in the same round. */
  p50: number;
  /** Median over rounds of (variant p99 - baseline p99) in the same round. */
  p99: number;
  /** The per-round differences, for the JSON. */
  roundsP50: number[];
  roundsP99: number[];
}

/** What `variant` adds to `baseline`, paired round by round. */
export function addedLatency(variant: VariantFigures, baseline: VariantFigures, metric: 'totalMs' | 'ttftMs'): AddedLatency {
  const pairs = variant.rounds.map((round, i) => [round[metric], baseline.rounds[i]?.[metric]] as const);
  const roundsP50 = pairs.map(([v, b]) => (v?.p50 ?? Number.NaN) - (b?.p50 ?? Number.NaN));
  const roundsP99 = pairs.map(([v, b]) => (v?.p99 ?? Number.NaN) - (b?.p99 ?? Number.NaN));
  return { p50: median(roundsP50), p99: median(roundsP99), roundsP50, roundsP99 };
}

/** Median over rounds of the variant's client CPU per request. */
export function cpuPerRequest(variant: VariantFigures): number {
  return median(variant.rounds.map((r) => r.cpuMicrosPerRequest));
}

/** Median over rounds of baseline CPU per request / variant CPU per request: the throughput ratio a CPU-bound client would reach. */
export function cpuBoundRatio(variant: VariantFigures, baseline: VariantFigures): number {
  return median(variant.rounds.map((round, i) => (baseline.rounds[i]?.cpuMicrosPerRequest ?? Number.NaN) / round.cpuMicrosPerRequest));
}

/** Median over rounds of variant throughput / baseline throughput in the same round. */
export function throughputRatio(variant: VariantFigures, baseline: VariantFigures): { ratio: number; rounds: number[] } {
  const rounds = variant.rounds.map((round, i) => round.requestsPerSecond / (baseline.rounds[i]?.requestsPerSecond ?? Number.NaN));
  return { ratio: median(rounds), rounds };
}

/** Median over rounds of (variant CPU per request - baseline CPU per request) in the same round, in µs. */
export function addedCpu(variant: VariantFigures, baseline: VariantFigures): number {
  return median(variant.rounds.map((round, i) => round.cpuMicrosPerRequest - (baseline.rounds[i]?.cpuMicrosPerRequest ?? Number.NaN)));
}

/** Median over rounds of the variant's server process CPU per request, in µs (NaN without a `serverPid`). */
export function serverCpuPerRequest(variant: VariantFigures): number {
  return median(variant.rounds.map((r) => r.serverCpuMicrosPerRequest ?? Number.NaN));
}

/**
 * Median over rounds of pick(a) / pick(b) within the same round: how two
 * variants compare when a slow spell of the machine lands on both alike.
 */
export function roundRatio(a: VariantFigures, b: VariantFigures, pick: (round: RoundFigures) => number | undefined): { ratio: number; rounds: number[] } {
  const rounds = a.rounds.map((round, i) => {
    const other = b.rounds[i];
    return (pick(round) ?? Number.NaN) / (other === undefined ? Number.NaN : (pick(other) ?? Number.NaN));
  });
  return { ratio: median(rounds), rounds };
}

/**
 * Issue 8, item 3: streaming relay, text chunks per second through the
 * gateway's `stream` vs the bare SDK's stream, on one long answer at a time.
 */
import OpenAI from 'openai';
import { BENCH_KEY, createBenchGateway } from '../lib/bench-gateway.ts';
import { gatewayStream, sdkStream } from '../lib/operations.ts';
import { atLeast, percent, perSecond, type Row } from '../lib/report.ts';
import { runClosedLoop } from '../lib/run-closed-loop.ts';
import type { ScenarioContext } from '../lib/scenario.ts';
import { median, round } from '../lib/stats.ts';

/** Text chunks per answer. The simulator sends them back to back (zero latency), so the client's relay path is the bottleneck. */
const CHUNKS = 2000;
const ROUNDS = 6;
const STREAMS_PER_ROUND = 4;

export interface RelayData {
  chunksPerAnswer: number;
  rounds: Array<{
    sdkChunksPerSecond: number;
    gatewayChunksPerSecond: number;
    ratio: number;
    /** Client CPU per text chunk, µs (steadier than wall time on a busy machine). */
    sdkCpuMicrosPerChunk: number;
    gatewayCpuMicrosPerChunk: number;
  }>;
}

export async function benchRelay(ctx: ScenarioContext): Promise<{ rows: Row[]; data: RelayData }> {
  await ctx.sim.setDefault({ chunks: CHUNKS });
  const client = new OpenAI({ apiKey: BENCH_KEY, baseURL: ctx.sim.baseURL, maxRetries: 0 });
  const gw = await createBenchGateway({ baseURL: ctx.sim.baseURL, streamUpstream: true });
  let chunks = 0;
  const count = () => {
    chunks += 1;
  };
  const variants = { sdk: sdkStream(client, count), gateway: gatewayStream(gw.gateway, count) };
  const streams = ctx.scale(STREAMS_PER_ROUND, 2);
  const rate = async (name: keyof typeof variants): Promise<{ perSecond: number; cpuMicrosPerChunk: number }> => {
    chunks = 0;
    (globalThis as { gc?: () => void }).gc?.();
    const cpu0 = process.cpuUsage();
    const result = await runClosedLoop(variants[name], { concurrency: 1, requests: streams });
    const cpu = process.cpuUsage(cpu0);
    if (chunks < streams * CHUNKS) throw new Error(`relay: ${name} delivered ${chunks} chunks, expected ${streams * CHUNKS}`);
    return { perSecond: (chunks / result.elapsedMs) * 1000, cpuMicrosPerChunk: (cpu.user + cpu.system) / chunks };
  };
  const rounds: RelayData['rounds'] = [];
  try {
    ctx.progress(`relay: ${ROUNDS} rounds x ${streams} streams of ${CHUNKS} chunks, SDK and gateway interleaved`);
    await rate('sdk');
    await rate('gateway');
    for (let round = 0; round < ROUNDS; round += 1) {
      const order: Array<keyof typeof variants> = round % 2 === 0 ? ['sdk', 'gateway'] : ['gateway', 'sdk'];
      const figures: Partial<Record<keyof typeof variants, { perSecond: number; cpuMicrosPerChunk: number }>> = {};
      for (const name of order) figures[name] = await rate(name);
      const { sdk, gateway } = figures as Required<typeof figures>;
      rounds.push({
        sdkChunksPerSecond: sdk.perSecond,
        gatewayChunksPerSecond: gateway.perSecond,
        ratio: gateway.perSecond / sdk.perSecond,
        sdkCpuMicrosPerChunk: sdk.cpuMicrosPerChunk,
        gatewayCpuMicrosPerChunk: gateway.cpuMicrosPerChunk,
      });
    }
  } finally {
    await gw.close();
    await ctx.sim.setDefault({});
  }
  const ratio = median(rounds.map((r) => r.ratio));
  return {
    rows: [
      {
        item: 3,
        measure: `stream relay (${CHUNKS}-chunk answers): gateway ${perSecond(median(rounds.map((r) => r.gatewayChunksPerSecond)))} vs SDK ${perSecond(median(rounds.map((r) => r.sdkChunksPerSecond)))} chunks`,
        value: percent(ratio),
        target: '>= 90 %',
        verdict: atLeast(ratio, 0.9),
      },
      {
        item: 3,
        measure: `stream relay, client CPU per chunk: gateway ${round(median(rounds.map((r) => r.gatewayCpuMicrosPerChunk)))} µs vs SDK ${round(median(rounds.map((r) => r.sdkCpuMicrosPerChunk)))} µs (CPU-bound ratio)`,
        value: percent(median(rounds.map((r) => r.sdkCpuMicrosPerChunk / r.gatewayCpuMicrosPerChunk))),
        verdict: 'info',
      },
    ],
    data: { chunksPerAnswer: CHUNKS, rounds },
  };
}

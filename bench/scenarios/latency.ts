/**
 * Issue 8, items 1 and 2: latency the gateway adds to a request, and
 * throughput at concurrency 256, against the bare openai SDK on the same
 * simulator, in interleaved rounds.
 */
import OpenAI from 'openai';
import { createUpstreamTransport } from '@aegis-llm/core';
import { BENCH_KEY, createBenchGateway } from '../lib/bench-gateway.ts';
import { addedLatency, compareRounds, cpuBoundRatio, cpuPerRequest, throughputRatio, type VariantFigures } from '../lib/compare-rounds.ts';
import { gatewayChat, gatewayStream, sdkChat, sdkStream } from '../lib/operations.ts';
import { atLeast, atMost, both, formatTable, ms, percent, perSecond, type Row } from '../lib/report.ts';
import type { ScenarioContext } from '../lib/scenario.ts';
import { median, round } from '../lib/stats.ts';

/**
 * Requests per variant per round, and rounds. Many short rounds rather than
 * a few long ones: on a shared machine the background load changes within
 * seconds, and two batches next to each other see the same load.
 */
const PLAN = [
  { concurrency: 1, requests: 100, rounds: 6 },
  { concurrency: 64, requests: 384, rounds: 6 },
  { concurrency: 256, requests: 768, rounds: 4 },
] as const;

/**
 * The two gateway modes of `chat`. With `routing.streamUpstream: true` (the
 * default) the gateway asks the upstream for a stream even for one answer
 * (the idle timer catches a hung upstream, time to first token is known) and
 * collects it; with `false` it asks for one JSON answer, as the bare SDK
 * baseline does. Both are compared with the SDK's non-streaming call.
 */
export const VARIANTS = {
  sdkChat: 'SDK chat (one answer)',
  chatStreamed: 'gateway chat, streamUpstream on (default)',
  chatOneAnswer: 'gateway chat, streamUpstream off',
  sdkStream: 'SDK stream',
  stream: 'gateway stream',
  sdkChatTransport: "SDK chat over the gateway's transport",
  sdkStreamTransport: "SDK stream over the gateway's transport",
} as const;

export interface LatencyData {
  plan: typeof PLAN;
  byConcurrency: Record<string, Record<string, VariantFigures>>;
}

export async function benchLatency(ctx: ScenarioContext): Promise<{ rows: Row[]; data: LatencyData; details: string }> {
  const client = new OpenAI({ apiKey: BENCH_KEY, baseURL: ctx.sim.baseURL, maxRetries: 0 });
  // The same SDK given the gateway's upstream transport (undici request() instead of the
  // global fetch): against it, the difference is the gateway's own work alone.
  const transport = createUpstreamTransport();
  const transportClient = new OpenAI({ apiKey: BENCH_KEY, baseURL: ctx.sim.baseURL, maxRetries: 0, fetch: transport.fetch });
  const streamed = await createBenchGateway({ baseURL: ctx.sim.baseURL, streamUpstream: true });
  const oneAnswer = await createBenchGateway({ baseURL: ctx.sim.baseURL, streamUpstream: false });
  const variants = [
    { name: VARIANTS.sdkChat, operation: sdkChat(client) },
    { name: VARIANTS.chatStreamed, operation: gatewayChat(streamed.gateway) },
    { name: VARIANTS.chatOneAnswer, operation: gatewayChat(oneAnswer.gateway) },
    { name: VARIANTS.sdkStream, operation: sdkStream(client) },
    { name: VARIANTS.stream, operation: gatewayStream(streamed.gateway) },
    { name: VARIANTS.sdkChatTransport, operation: sdkChat(transportClient) },
    { name: VARIANTS.sdkStreamTransport, operation: sdkStream(transportClient) },
  ];
  const rows: Row[] = [];
  const detailRows: string[][] = [];
  const byConcurrency: LatencyData['byConcurrency'] = {};
  try {
    for (const step of PLAN) {
      const c = step.concurrency;
      const requests = ctx.scale(step.requests, Math.max(c, 50));
      const rounds = ctx.quick ? Math.min(step.rounds, 3) : step.rounds;
      ctx.progress(`latency: concurrency ${c}, ${rounds} rounds x ${variants.length} variants x ${requests} requests`);
      const figures = await compareRounds(variants, { concurrency: c, requests, rounds, warmupRequests: Math.max(c, 100) });
      byConcurrency[String(c)] = figures;
      const at = (name: string) => figures[name]!;
      for (const v of variants) {
        const f = at(v.name);
        detailRows.push([
          String(c),
          v.name,
          ms(f.pooled.totalMs.p50),
          ms(f.pooled.totalMs.p99),
          f.pooled.ttftMs ? ms(f.pooled.ttftMs.p50) : '',
          perSecond(median(f.rounds.map((r) => r.requestsPerSecond))),
          // At concurrency 1 the process idles between requests and background threads (JIT, GC) dominate: not a per-request cost.
          c === 1 ? '' : `${Math.round(cpuPerRequest(f))} µs`,
        ]);
      }

      const gated = c === 64;
      const latencyRow = (label: string, added: ReturnType<typeof addedLatency>): Row => ({
        item: 1,
        measure: `c=${c} added latency: ${label}`,
        value: ms(added.p50),
        p99: ms(added.p99),
        ...(gated
          ? { target: 'p50 <= 0.3 ms, p99 <= 2 ms', verdict: both(atMost(added.p50, 0.3), atMost(added.p99, 2)) }
          : { verdict: 'info' as const }),
      });
      rows.push(latencyRow('chat (upstream streamed, default) vs SDK chat', addedLatency(at(VARIANTS.chatStreamed), at(VARIANTS.sdkChat), 'totalMs')));
      rows.push(latencyRow('chat (upstream one answer) vs SDK chat', addedLatency(at(VARIANTS.chatOneAnswer), at(VARIANTS.sdkChat), 'totalMs')));
      const ttft = addedLatency(at(VARIANTS.stream), at(VARIANTS.sdkStream), 'ttftMs');
      rows.push({
        item: 1,
        measure: `c=${c} added time to first token: stream vs SDK stream`,
        value: ms(ttft.p50),
        p99: ms(ttft.p99),
        // The target names no concurrency: held at 1 (the request's own path) and at 64.
        ...(c <= 64 ? { target: 'p50 <= 0.5 ms', verdict: atMost(ttft.p50, 0.5) } : { verdict: 'info' as const }),
      });
      rows.push(latencyRow('stream total vs SDK stream total', addedLatency(at(VARIANTS.stream), at(VARIANTS.sdkStream), 'totalMs')));
      // The gateway's own work, with the transport's saving taken out: same SDK, same transport.
      const own = (label: string, added: ReturnType<typeof addedLatency>): Row => ({
        item: 1,
        measure: `c=${c} gateway's own work: ${label}`,
        value: ms(added.p50),
        p99: ms(added.p99),
        verdict: 'info',
      });
      rows.push(own("chat (one answer) vs SDK chat over the gateway's transport", addedLatency(at(VARIANTS.chatOneAnswer), at(VARIANTS.sdkChatTransport), 'totalMs')));
      rows.push(own("stream total vs SDK stream over the gateway's transport", addedLatency(at(VARIANTS.stream), at(VARIANTS.sdkStreamTransport), 'totalMs')));
      if (c === 64) {
        // Little's law for a CPU-bound closed loop: latency = in flight x CPU per request,
        // so what the gateway adds per request shows up 64 times over at 64 in flight.
        const added = (name: string, base: string) => cpuPerRequest(at(name)) - cpuPerRequest(at(base));
        const show = (micros: number) => `${micros < 0 ? "" : "+"}${Math.round(micros)} µs (x64 = ${round((micros * 64) / 1000)} ms)`;
        rows.push({
          item: 1,
          measure:
            `c=64 client CPU per request, gateway - SDK: chat (default) ${show(added(VARIANTS.chatStreamed, VARIANTS.sdkChat))}, ` +
            `chat (one answer) ${show(added(VARIANTS.chatOneAnswer, VARIANTS.sdkChat))}, stream ${show(added(VARIANTS.stream, VARIANTS.sdkStream))}`,
          value: `SDK chat ${Math.round(cpuPerRequest(at(VARIANTS.sdkChat)))} µs`,
          verdict: 'info',
        });
        rows.push({
          item: 1,
          measure:
            `c=64 client CPU per request, gateway - SDK over the gateway's transport (the gateway's own work): ` +
            `chat (default) ${show(added(VARIANTS.chatStreamed, VARIANTS.sdkChatTransport))}, ` +
            `chat (one answer) ${show(added(VARIANTS.chatOneAnswer, VARIANTS.sdkChatTransport))}, stream ${show(added(VARIANTS.stream, VARIANTS.sdkStreamTransport))}`,
          value: `SDK chat ${Math.round(cpuPerRequest(at(VARIANTS.sdkChatTransport)))} µs`,
          verdict: 'info',
        });
      }

      if (c === 256) {
        const chat = throughputRatio(at(VARIANTS.chatStreamed), at(VARIANTS.sdkChat));
        const sdkRate = perSecond(median(at(VARIANTS.sdkChat).rounds.map((r) => r.requestsPerSecond)));
        rows.push({
          item: 2,
          measure: `c=256 throughput: gateway chat (default) / SDK chat (SDK ${sdkRate})`,
          value: percent(chat.ratio),
          target: '>= 90 %',
          verdict: atLeast(chat.ratio, 0.9),
        });
        const oneAnswerRatio = throughputRatio(at(VARIANTS.chatOneAnswer), at(VARIANTS.sdkChat));
        rows.push({ item: 2, measure: 'c=256 throughput: gateway chat (upstream one answer) / SDK chat', value: percent(oneAnswerRatio.ratio), verdict: 'info' });
        const streamRatio = throughputRatio(at(VARIANTS.stream), at(VARIANTS.sdkStream));
        rows.push({ item: 2, measure: 'c=256 throughput: gateway stream / SDK stream', value: percent(streamRatio.ratio), verdict: 'info' });
        rows.push({
          item: 2,
          measure:
            `c=256 CPU-bound estimate (SDK CPU / gateway CPU per request): one answer ${percent(cpuBoundRatio(at(VARIANTS.chatOneAnswer), at(VARIANTS.sdkChat)))}, ` +
            `stream ${percent(cpuBoundRatio(at(VARIANTS.stream), at(VARIANTS.sdkStream)))}`,
          value: `default ${percent(cpuBoundRatio(at(VARIANTS.chatStreamed), at(VARIANTS.sdkChat)))}`,
          verdict: 'info',
        });
      }
    }
  } finally {
    const warnings = streamed.logger.warnings + oneAnswer.logger.warnings;
    const errors = streamed.logger.errors + oneAnswer.logger.errors;
    if (warnings + errors > 0) ctx.progress(`latency: the gateways logged ${warnings} warnings and ${errors} errors`);
    await streamed.close();
    await oneAnswer.close();
    await transport.close();
  }
  const details = formatTable(['c', 'variant', 'p50', 'p99', 'TTFT p50', 'requests/s', 'client CPU/request'], detailRows);
  return { rows, data: { plan: PLAN, byConcurrency }, details };
}

/**
 * Issue 8, items 1 and 2, and issue 19, items 1 and 2: latency and CPU the
 * gateway adds to a request, and throughput at concurrency 256, in
 * interleaved rounds on the same simulator. The reference is the openai SDK
 * over undici (the transport the gateway itself uses) and raw undici with no
 * SDK (the physical limit of a Node client); the SDK on Node's default fetch
 * is kept as an information row, since the margin over it is only the
 * transport swap any SDK user gets with one constructor option.
 */
import OpenAI from 'openai';
import { createUpstreamTransport } from '@aegis-llm/core';
import { BENCH_KEY, createBenchGateway } from '../lib/bench-gateway.ts';
import { addedCpu, addedLatency, compareRounds, cpuBoundRatio, cpuPerRequest, throughputRatio, type VariantFigures } from '../lib/compare-rounds.ts';
import { gatewayChat, gatewayStream, sdkChat, sdkStream } from '../lib/operations.ts';
import { createRawUndiciClient } from '../lib/undici-operations.ts';
import { atLeast, atMost, both, formatTable, ms, percent, perSecond, type Row } from '../lib/report.ts';
import type { ScenarioContext } from '../lib/scenario.ts';
import { median } from '../lib/stats.ts';

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
  sdkChatTransport: 'SDK chat over undici',
  sdkStreamTransport: 'SDK stream over undici',
  rawChat: 'raw undici chat (no SDK)',
  rawStream: 'raw undici stream (no SDK)',
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
  const raw = createRawUndiciClient(ctx.sim.baseURL);
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
    { name: VARIANTS.rawChat, operation: raw.chat },
    { name: VARIANTS.rawStream, operation: raw.stream() },
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
        ...(gated ? { target: 'p50 <= 0.3 ms, p99 <= 2 ms', verdict: both(atMost(added.p50, 0.3), atMost(added.p99, 2)) } : { verdict: 'info' as const }),
      });
      rows.push(
        latencyRow(
          'chat (upstream streamed, default) vs SDK chat over undici',
          addedLatency(at(VARIANTS.chatStreamed), at(VARIANTS.sdkChatTransport), 'totalMs'),
        ),
      );
      rows.push(
        latencyRow('chat (upstream one answer) vs SDK chat over undici', addedLatency(at(VARIANTS.chatOneAnswer), at(VARIANTS.sdkChatTransport), 'totalMs')),
      );
      const ttft = addedLatency(at(VARIANTS.stream), at(VARIANTS.sdkStreamTransport), 'ttftMs');
      rows.push({
        item: 1,
        measure: `c=${c} added time to first token: stream vs SDK stream over undici`,
        value: ms(ttft.p50),
        p99: ms(ttft.p99),
        // The target names no concurrency: held at 1 (the request's own path) and at 64.
        ...(c <= 64 ? { target: 'p50 <= 0.5 ms', verdict: atMost(ttft.p50, 0.5) } : { verdict: 'info' as const }),
      });
      rows.push(latencyRow('stream total vs SDK stream over undici', addedLatency(at(VARIANTS.stream), at(VARIANTS.sdkStreamTransport), 'totalMs')));
      // Information: against the SDK on Node's default fetch (the margin is the transport swap).
      const info = (label: string, added: ReturnType<typeof addedLatency>): Row => ({
        item: 1,
        measure: `c=${c} added latency: ${label}`,
        value: ms(added.p50),
        p99: ms(added.p99),
        verdict: 'info',
      });
      rows.push(info('chat (default) vs SDK chat on default fetch', addedLatency(at(VARIANTS.chatStreamed), at(VARIANTS.sdkChat), 'totalMs')));
      rows.push(info('chat (default) vs raw undici chat', addedLatency(at(VARIANTS.chatStreamed), at(VARIANTS.rawChat), 'totalMs')));
      if (c === 64) rows.push(...ownWorkRows(at));

      if (c === 256) {
        const rate = (name: string) => perSecond(median(at(name).rounds.map((r) => r.requestsPerSecond)));
        const chat = throughputRatio(at(VARIANTS.chatStreamed), at(VARIANTS.sdkChatTransport));
        rows.push({
          item: 2,
          measure: `c=256 throughput: gateway chat (default) / SDK chat over undici (SDK ${rate(VARIANTS.sdkChatTransport)})`,
          value: percent(chat.ratio),
          target: '>= 90 %',
          verdict: atLeast(chat.ratio, 0.9),
        });
        const streamRatio = throughputRatio(at(VARIANTS.stream), at(VARIANTS.sdkStreamTransport));
        rows.push({
          item: 2,
          measure: `c=256 throughput: gateway stream / SDK stream over undici (SDK ${rate(VARIANTS.sdkStreamTransport)})`,
          value: percent(streamRatio.ratio),
          target: '>= 90 %',
          verdict: atLeast(streamRatio.ratio, 0.9),
        });
        const oneAnswerRatio = throughputRatio(at(VARIANTS.chatOneAnswer), at(VARIANTS.sdkChatTransport));
        rows.push({
          item: 2,
          measure: 'c=256 throughput: gateway chat (upstream one answer) / SDK chat over undici',
          value: percent(oneAnswerRatio.ratio),
          verdict: 'info',
        });
        rows.push({
          item: 2,
          measure:
            `c=256 throughput, information: gateway chat (default) / SDK chat on default fetch (SDK ${rate(VARIANTS.sdkChat)}) ` +
            `${percent(throughputRatio(at(VARIANTS.chatStreamed), at(VARIANTS.sdkChat)).ratio)}; / raw undici chat (${rate(VARIANTS.rawChat)})`,
          value: percent(throughputRatio(at(VARIANTS.chatStreamed), at(VARIANTS.rawChat)).ratio),
          verdict: 'info',
        });
        rows.push({
          item: 2,
          measure:
            `c=256 CPU-bound estimate (SDK over undici CPU / gateway CPU per request): one answer ${percent(cpuBoundRatio(at(VARIANTS.chatOneAnswer), at(VARIANTS.sdkChatTransport)))}, ` +
            `stream ${percent(cpuBoundRatio(at(VARIANTS.stream), at(VARIANTS.sdkStreamTransport)))}`,
          value: `default ${percent(cpuBoundRatio(at(VARIANTS.chatStreamed), at(VARIANTS.sdkChatTransport)))}`,
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
    await raw.close();
  }
  const details = formatTable(['c', 'variant', 'p50', 'p99', 'TTFT p50', 'requests/s', 'client CPU/request'], detailRows);
  return { rows, data: { plan: PLAN, byConcurrency }, details };
}

/**
 * Issue 19, item 2: the gateway's own CPU per request at concurrency 64, over
 * the same SDK on the same transport (undici), paired round by round; raw
 * undici and the default-fetch SDK as information. At a CPU-bound
 * concurrency, latency = in flight x CPU per request (Little's law), so each
 * µs here shows 64 times over in the p50.
 */
function ownWorkRows(at: (name: string) => VariantFigures): Row[] {
  const cpu = (name: string) => `${Math.round(cpuPerRequest(at(name)))} µs`;
  const signed = (micros: number) => `${micros < 0 ? '' : '+'}${Math.round(micros)} µs`;
  const own = (label: string, variant: string, baseline: string, gatedTarget: boolean): Row => {
    const added = addedCpu(at(variant), at(baseline));
    return {
      item: 2,
      measure: `c=64 gateway's own CPU per request: ${label} - ${baseline} (${cpu(baseline)})`,
      value: signed(added),
      ...(gatedTarget ? { target: '<= 50 µs', verdict: atMost(added, 50) } : { verdict: 'info' as const }),
    };
  };
  return [
    own('budgeted chat (default)', VARIANTS.chatStreamed, VARIANTS.sdkChatTransport, true),
    own('budgeted chat (upstream one answer)', VARIANTS.chatOneAnswer, VARIANTS.sdkChatTransport, false),
    own('stream', VARIANTS.stream, VARIANTS.sdkStreamTransport, true),
    {
      item: 2,
      measure:
        `c=64 client CPU per request, information: raw undici chat ${cpu(VARIANTS.rawChat)}, stream ${cpu(VARIANTS.rawStream)}; ` +
        `SDK on default fetch chat ${cpu(VARIANTS.sdkChat)}, stream ${cpu(VARIANTS.sdkStream)}; gateway stream ${cpu(VARIANTS.stream)}`,
      value: `gateway chat ${cpu(VARIANTS.chatStreamed)}`,
      verdict: 'info',
    },
    {
      item: 2,
      measure: 'c=64 stretch: gateway chat (default) total CPU per request below the SDK over undici',
      value: signed(addedCpu(at(VARIANTS.chatStreamed), at(VARIANTS.sdkChatTransport))),
      target: '< 0 µs',
      verdict: atMost(addedCpu(at(VARIANTS.chatStreamed), at(VARIANTS.sdkChatTransport)), -0.5) === 'PASS' ? 'PASS' : 'info',
    },
  ];
}

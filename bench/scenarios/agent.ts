/**
 * Issue 19, items 3 and 6: the gateway at agent and n8n rates. One request
 * at a time (and 16, a busy n8n instance) against an upstream that takes
 * 20 ms, as a real model's first byte does at the very least. Here the
 * client is idle most of the time, so throughput says nothing; what the
 * gateway costs is its CPU per request (this process's, every thread
 * included: ledger commits, timers, GC), over the same SDK on the same
 * transport and over raw undici, paired round by round.
 *
 * Near the budget limit no allowance is taken (budget-allowances.ts): every
 * request reserves its worst case in the store and settles it there. That
 * path is measured beside the far-from-limit one on the same upstream.
 */
import OpenAI from 'openai';
import { createUpstreamTransport } from '@aegis-llm/core';
import { BENCH_KEY, BENCH_MODEL, createBenchGateway, type BenchGateway } from '../lib/bench-gateway.ts';
import { addedCpu, compareRounds, cpuPerRequest, type VariantFigures } from '../lib/compare-rounds.ts';
import { gatewayChat, gatewayStream, sdkChat, sdkStream } from '../lib/operations.ts';
import { atMost, formatTable, ms, times, type Row } from '../lib/report.ts';
import type { ScenarioContext } from '../lib/scenario.ts';
import { median } from '../lib/stats.ts';
import { createRawUndiciClient } from '../lib/undici-operations.ts';

/** The upstream's time before its answer's headers. */
const UPSTREAM_MS = 20;
const PLAN = [
  // One request at a time costs ~2 ms of CPU with a spread of ~10 % between rounds: enough rounds to tell 150 µs.
  { concurrency: 1, requests: 120, rounds: 6 },
  { concurrency: 16, requests: 320, rounds: 4 },
] as const;
/**
 * The near-limit budget in worst cases of the bench request: below the
 * MIN_ALLOWANCE_WORST_CASES x SHARE (64) under which no allowance is taken,
 * and far above the 16 a round holds in flight, so nothing is refused.
 */
const NEAR_LIMIT_WORST_CASES = 40;

export const AGENT_VARIANTS = {
  sdkChat: 'SDK chat over undici',
  rawChat: 'raw undici chat (no SDK)',
  chat: 'gateway chat (default)',
  oneAnswer: 'gateway chat, one-answer upstream',
  nearLimit: 'gateway chat near the budget limit',
  sdkStream: 'SDK stream over undici',
  stream: 'gateway stream',
} as const;

export async function benchAgent(ctx: ScenarioContext): Promise<{ rows: Row[]; data: unknown; details: string }> {
  await ctx.sim.setDefault({ latencyMs: UPSTREAM_MS });
  const transport = createUpstreamTransport();
  const client = new OpenAI({ apiKey: BENCH_KEY, baseURL: ctx.sim.baseURL, maxRetries: 0, fetch: transport.fetch });
  const raw = createRawUndiciClient(ctx.sim.baseURL);
  const gateways: BenchGateway[] = [];
  const rows: Row[] = [];
  const detailRows: string[][] = [];
  const byConcurrency: Record<string, Record<string, VariantFigures>> = {};
  try {
    const far = await createBenchGateway({ baseURL: ctx.sim.baseURL, streamUpstream: true });
    gateways.push(far);
    const oneAnswer = await createBenchGateway({ baseURL: ctx.sim.baseURL, streamUpstream: false });
    gateways.push(oneAnswer);
    const worstCase = await worstCaseMicroUsd(far);
    const nearBudgetUsd = ((worstCase * NEAR_LIMIT_WORST_CASES) / 1e6).toFixed(6);
    const near = await createBenchGateway({ baseURL: ctx.sim.baseURL, streamUpstream: true, monthlyBudgetUsd: nearBudgetUsd });
    gateways.push(near);
    const variants = [
      { name: AGENT_VARIANTS.sdkChat, operation: sdkChat(client) },
      { name: AGENT_VARIANTS.rawChat, operation: raw.chat },
      { name: AGENT_VARIANTS.chat, operation: gatewayChat(far.gateway) },
      { name: AGENT_VARIANTS.oneAnswer, operation: gatewayChat(oneAnswer.gateway) },
      { name: AGENT_VARIANTS.nearLimit, operation: gatewayChat(near.gateway) },
      { name: AGENT_VARIANTS.sdkStream, operation: sdkStream(client) },
      { name: AGENT_VARIANTS.stream, operation: gatewayStream(far.gateway) },
    ];
    for (const step of PLAN) {
      const c = step.concurrency;
      const requests = ctx.scale(step.requests, Math.max(4 * c, 20));
      const rounds = ctx.quick ? Math.min(step.rounds, 3) : step.rounds;
      ctx.progress(`agent: concurrency ${c}, ${UPSTREAM_MS} ms upstream, ${rounds} rounds x ${variants.length} variants x ${requests} requests`);
      const figures = await compareRounds(variants, { concurrency: c, requests, rounds, warmupRequests: Math.max(2 * c, 20) });
      byConcurrency[String(c)] = figures;
      const at = (name: string) => figures[name]!;
      for (const v of variants) {
        const f = at(v.name);
        detailRows.push([String(c), v.name, ms(f.pooled.totalMs.p50), ms(f.pooled.totalMs.p99), `${Math.round(cpuPerRequest(f))} µs`]);
      }
      rows.push(...agentRows(c, at, nearBudgetUsd));
    }
    const refused = near.logger.errors + far.logger.errors;
    if (refused > 0) ctx.progress(`agent: the gateways logged ${refused} errors`);
  } finally {
    for (const g of gateways) await g.close();
    await transport.close();
    await raw.close();
    await ctx.sim.setDefault({});
  }
  const details = formatTable(['c', `variant (${UPSTREAM_MS} ms upstream)`, 'p50', 'p99', 'CPU/request'], detailRows);
  return { rows, data: { upstreamMs: UPSTREAM_MS, plan: PLAN, nearLimitWorstCases: NEAR_LIMIT_WORST_CASES, byConcurrency }, details };
}

function agentRows(c: number, at: (name: string) => VariantFigures, nearBudgetUsd: string): Row[] {
  const cpu = (name: string) => `${Math.round(cpuPerRequest(at(name)))} µs`;
  const signed = (micros: number) => `${micros < 0 ? '' : '+'}${Math.round(micros)} µs`;
  const extra = (variant: string, baseline: string) => addedCpu(at(variant), at(baseline));
  const gated = c === 1;
  const own = (label: string, variant: string, baseline: string, gate = gated): Row => {
    const added = extra(variant, baseline);
    return {
      item: 3,
      measure: `c=${c}, ${UPSTREAM_MS} ms upstream: gateway's extra CPU per request, ${label} - ${baseline} (${cpu(baseline)})`,
      value: signed(added),
      ...(gate ? { target: '<= 150 µs', verdict: atMost(added, 150) } : { verdict: 'info' as const }),
    };
  };
  // Item 6: the gateway's own work near the limit against far from it (each over the same SDK baseline).
  const nearOwn = extra(AGENT_VARIANTS.nearLimit, AGENT_VARIANTS.sdkChat);
  const farOwn = extra(AGENT_VARIANTS.chat, AGENT_VARIANTS.sdkChat);
  const farRounds = at(AGENT_VARIANTS.chat).rounds;
  const ratio = median(at(AGENT_VARIANTS.nearLimit).rounds.map((r, i) => r.cpuMicrosPerRequest / (farRounds[i]?.cpuMicrosPerRequest ?? Number.NaN)));
  return [
    // Each gated row compares the same wire: a JSON answer with a JSON answer, SSE with SSE.
    own('chat, one-answer upstream (JSON)', AGENT_VARIANTS.oneAnswer, AGENT_VARIANTS.sdkChat),
    own('chat (default: one answer read from a streamed upstream)', AGENT_VARIANTS.chat, AGENT_VARIANTS.sdkStream),
    own('stream', AGENT_VARIANTS.stream, AGENT_VARIANTS.sdkStream),
    // What catching a hung upstream early costs a one-answer chat: the SSE wire, over the JSON one.
    own('information: chat (default, SSE upstream)', AGENT_VARIANTS.chat, AGENT_VARIANTS.sdkChat, false),
    {
      item: 3,
      measure: `c=${c}, ${UPSTREAM_MS} ms upstream, information: CPU per request of raw undici chat ${cpu(AGENT_VARIANTS.rawChat)}, SDK over undici ${cpu(AGENT_VARIANTS.sdkChat)}`,
      value: `gateway chat ${cpu(AGENT_VARIANTS.chat)}`,
      verdict: 'info',
    },
    {
      item: 6,
      measure:
        `c=${c}, ${UPSTREAM_MS} ms upstream: gateway chat CPU per request near the limit ($${nearBudgetUsd}, ${NEAR_LIMIT_WORST_CASES} worst cases: ` +
        `each request reserves in the store) / far from it; own work ${signed(nearOwn)} against ${signed(farOwn)}`,
      value: times(ratio),
      target: '<= 2x',
      verdict: atMost(ratio, 2),
    },
  ];
}

/** The bench request's worst case as the gateway reserves it: no max_tokens, so the model's whole output, plus slack. */
async function worstCaseMicroUsd(bench: BenchGateway): Promise<number> {
  const status = await bench.gateway.budgetStatus({
    estimate: { model: `dashscope/${BENCH_MODEL}`, inputTokens: 64, outputTokens: 32_768 + 1_024 },
  });
  const perCall = status.estimate?.costPerCall?.microUsd;
  if (perCall === undefined || perCall <= 0) throw new Error(`agent: the bench model has no price, so no near-limit budget can be set`);
  return perCall;
}

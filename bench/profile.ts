/**
 * Profiles one benchmark variant's client side (what a MISS is traced with):
 *   node --expose-gc bench/profile.ts <variant> [concurrency=64] [requests=5000] [chunks]
 * variants: sdk-chat, gateway-chat, gateway-chat-one-answer, sdk-stream,
 * gateway-stream, ledger-record.
 * Starts the simulator in its own process, warms up, then records a V8 CPU
 * profile of the measured requests only (node:inspector, like --cpu-prof but
 * without start-up), writes it to bench-results/<variant>.cpuprofile (open it
 * in Chrome DevTools or VS Code) and prints self time by area and function.
 * BENCH_UPSTREAM_MS=20 makes the simulator wait that long before each answer
 * (the agent-rate section's upstream).
 * Build the core first (`pnpm bench` does; or `pnpm --filter @aegis-llm/core build`).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { createLedger, parseConfig } from '@aegis-llm/core';
import { BENCH_KEY, createBenchGateway, createCountingLogger } from './lib/bench-gateway.ts';
import { gatewayChat, gatewayStream, sdkChat, sdkStream } from './lib/operations.ts';
import { runClosedLoop, type Operation } from './lib/run-closed-loop.ts';
import { startSimulatorProcess } from './lib/simulator-process.ts';
import { summarize } from './lib/stats.ts';
import { summarizeProfile, type CpuProfile } from './lib/summarize-profile.ts';

const [variant = 'gateway-chat', concurrencyArg = '64', requestsArg = '5000', chunksArg] = process.argv.slice(2);
const concurrency = Number(concurrencyArg);
const requests = Number(requestsArg);
const root = fileURLToPath(new URL('..', import.meta.url));

const sim = await startSimulatorProcess();
// Text chunks per streamed answer (the relay figure uses 2000).
if (chunksArg !== undefined) await sim.setDefault({ chunks: Number(chunksArg) });
// The agent-rate section's upstream (issue 19, item 3): BENCH_UPSTREAM_MS=20.
const upstreamMs = Number(process.env.BENCH_UPSTREAM_MS ?? 0);
if (upstreamMs > 0) await sim.setDefault({ latencyMs: upstreamMs });
const client = new OpenAI({ apiKey: BENCH_KEY, baseURL: sim.baseURL, maxRetries: 0 });
const closers: Array<() => Promise<void>> = [() => sim.close()];
let operation: Operation;
switch (variant) {
  case 'sdk-chat':
    operation = sdkChat(client);
    break;
  case 'sdk-stream':
    operation = sdkStream(client);
    break;
  case 'gateway-chat':
  case 'gateway-chat-one-answer':
  case 'gateway-stream': {
    const g = await createBenchGateway({ baseURL: sim.baseURL, streamUpstream: variant !== 'gateway-chat-one-answer' });
    closers.unshift(() => g.close());
    operation = variant === 'gateway-stream' ? gatewayStream(g.gateway) : gatewayChat(g.gateway);
    break;
  }
  case 'ledger-record': {
    const home = await mkdtemp(join(tmpdir(), 'aegis-bench-ledger-'));
    const ledger = createLedger({
      config: parseConfig({}, { AEGIS_LLM_HOME: home, MONTHLY_BUDGET_DASHSCOPE: '1000000' }),
      logger: createCountingLogger(),
    });
    closers.unshift(async () => {
      await ledger.close();
      await rm(home, { recursive: true, force: true });
    });
    let n = 0;
    operation = async () => {
      const t0 = performance.now();
      await ledger.record({
        id: `p${n++}`,
        provider: 'dashscope',
        model: 'qwen-plus',
        usage: { inputTokens: 20, outputTokens: 10, cachedInputTokens: 0, reasoningTokens: 0, estimated: false },
        costMicroUsd: 42,
        latencyMs: 3,
        outcome: 'ok',
        attempts: 1,
      });
      return { totalMs: performance.now() - t0 };
    };
    break;
  }
  default:
    throw new Error(`unknown variant ${variant}`);
}

await runClosedLoop(operation, { concurrency, requests: Math.max(500, 2 * concurrency) });
(globalThis as { gc?: () => void }).gc?.();
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });
await session.post('Profiler.start');
const cpu0 = process.cpuUsage();
const result = await runClosedLoop(operation, { concurrency, requests });
const cpu = process.cpuUsage(cpu0);
const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: CpuProfile };
session.disconnect();
for (const close of closers) await close();

await mkdir(join(root, 'bench-results'), { recursive: true });
const file = join(root, 'bench-results', `${variant}.cpuprofile`);
await writeFile(file, JSON.stringify(profile));
const latency = summarize(result.samples.map((s) => s.totalMs));
const summary = summarizeProfile(profile, 30);
console.log(
  `${variant} c=${concurrency}: ${requests} requests, ${Math.round(result.requestsPerSecond)}/s, p50 ${latency.p50.toFixed(3)} ms, p99 ${latency.p99.toFixed(3)} ms, ` +
    `process CPU ${Math.round((cpu.user + cpu.system) / requests)} us/request, profiled JS+GC ${Math.round((summary.total * 1000) / requests)} us/request`,
);
console.log(`profile: ${file}\n\nself time by area:`);
for (const line of summary.areas) console.log(`  ${line.percent.toFixed(1).padStart(5)} %  ${line.selfMs.toFixed(1).padStart(8)} ms  ${line.name}`);
console.log('\nself time by function:');
for (const line of summary.functions) console.log(`  ${line.percent.toFixed(1).padStart(5)} %  ${line.selfMs.toFixed(1).padStart(8)} ms  ${line.name}`);

/**
 * Issue 18: the OpenAI-compatible endpoint of `aegis-llm serve` (as built)
 * as one more hop, against the same openai SDK calling the simulator
 * directly, in interleaved rounds: added p50/p99 at concurrency 1 and 64,
 * added time to first token, and the server process's CPU per request (from
 * /proc: user + system ticks of the serve process over every endpoint
 * request, warm-up included). Portkey as a peer is not here yet.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import OpenAI from 'openai';
import { BENCH_KEY } from '../lib/bench-gateway.ts';
import { addedLatency, compareRounds } from '../lib/compare-rounds.ts';
import { mcpCliPath } from '../lib/ensure-built.ts';
import { sdkChat, sdkStream } from '../lib/operations.ts';
import { ms, type Row } from '../lib/report.ts';
import type { Operation } from '../lib/run-closed-loop.ts';
import type { ScenarioContext } from '../lib/scenario.ts';

const TOKEN = 'bench-endpoint-token-0123456789';
const PLAN = [
  { concurrency: 1, requests: 100, rounds: 4 },
  { concurrency: 64, requests: 384, rounds: 4 },
] as const;

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat (Linux; ticks of 1/100 s). */
function processCpuMicros(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / 100) * 1e6;
  } catch {
    return undefined;
  }
}

async function startServe(cli: string, baseURL: string, home: string): Promise<{ port: number; child: ChildProcess }> {
  const env = { PATH: process.env.PATH ?? '', HOME: home, AEGIS_LLM_HOME: home, DASHSCOPE_API_KEY: BENCH_KEY, DASHSCOPE_BASE_URL: baseURL, MONTHLY_BUDGET_DASHSCOPE: '1000000', AEGIS_LLM_TOKEN: TOKEN, OLLAMA_BASE_URL: 'http://127.0.0.1:9/v1' };
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0'], { env, cwd: home, stdio: ['ignore', 'ignore', 'pipe'] });
  const lines = createInterface({ input: child.stderr! });
  const port = await new Promise<number>((resolve, reject) => {
    const seen: string[] = [];
    lines.on('line', (line) => {
      seen.push(line);
      const match = /listening on .*:(\d+)\s*$/.exec(line);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`aegis-llm serve exited (${String(code)}): ${seen.join('\n')}`)));
  });
  return { port, child };
}

export async function benchEndpoint(ctx: ScenarioContext): Promise<{ rows: Row[]; data: unknown }> {
  const cli = mcpCliPath(ctx.root);
  if (!existsSync(cli)) return { rows: [{ item: 7, measure: 'OpenAI endpoint: skipped: mcp-server not built', value: '', verdict: 'skipped' }], data: { skipped: true } };
  const home = await mkdtemp(join(tmpdir(), 'aegis-bench-endpoint-'));
  const serve = await startServe(cli, ctx.sim.baseURL, home);
  const direct = new OpenAI({ apiKey: BENCH_KEY, baseURL: ctx.sim.baseURL, maxRetries: 0 });
  const viaEndpoint = new OpenAI({ apiKey: TOKEN, baseURL: `http://127.0.0.1:${serve.port}/v1`, maxRetries: 0 });
  let endpointRequests = 0;
  const counted = (operation: Operation): Operation => () => {
    endpointRequests += 1;
    return operation();
  };
  const variants = [
    { name: 'SDK chat -> simulator', operation: sdkChat(direct) },
    { name: 'SDK chat -> endpoint', operation: counted(sdkChat(viaEndpoint)) },
    { name: 'SDK stream -> simulator', operation: sdkStream(direct) },
    { name: 'SDK stream -> endpoint', operation: counted(sdkStream(viaEndpoint)) },
  ];
  const rows: Row[] = [];
  const data: Record<string, unknown> = {};
  try {
    for (const step of PLAN) {
      const c = step.concurrency;
      const requests = ctx.scale(step.requests, Math.max(c, 50));
      const rounds = ctx.quick ? Math.min(step.rounds, 2) : step.rounds;
      ctx.progress(`endpoint: concurrency ${c}, ${rounds} rounds x ${variants.length} variants x ${requests} requests`);
      endpointRequests = 0;
      const cpu0 = processCpuMicros(serve.child.pid!);
      const figures = await compareRounds(variants, { concurrency: c, requests, rounds, warmupRequests: Math.max(c, 50) });
      const cpu1 = processCpuMicros(serve.child.pid!);
      const serverCpu = cpu0 === undefined || cpu1 === undefined ? undefined : (cpu1 - cpu0) / endpointRequests;
      const at = (name: string) => figures[name]!;
      const chat = addedLatency(at('SDK chat -> endpoint'), at('SDK chat -> simulator'), 'totalMs');
      const ttft = addedLatency(at('SDK stream -> endpoint'), at('SDK stream -> simulator'), 'ttftMs');
      rows.push({ item: 7, measure: `c=${c} OpenAI endpoint hop: added latency, chat`, value: ms(chat.p50), p99: ms(chat.p99), verdict: 'info' });
      rows.push({ item: 7, measure: `c=${c} OpenAI endpoint hop: added time to first token, stream`, value: ms(ttft.p50), p99: ms(ttft.p99), verdict: 'info' });
      if (serverCpu !== undefined) {
        rows.push({ item: 7, measure: `c=${c} OpenAI endpoint: serve process CPU per request (chat and stream, 10 ms ticks)`, value: `${Math.round(serverCpu)} µs`, verdict: 'info' });
      }
      data[String(c)] = { figures, serverCpuMicrosPerRequest: serverCpu, endpointRequests };
    }
  } finally {
    serve.child.kill('SIGTERM');
    await once(serve.child, 'exit').catch(() => undefined);
    await rm(home, { recursive: true, force: true });
  }
  return { rows, data };
}

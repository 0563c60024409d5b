/**
 * Issue 18 and issue 19 target 5: the OpenAI-compatible endpoint of
 * `aegis-llm serve` (as built) and Portkey's open-source gateway
 * (`@portkey-ai/gateway`, a root devDependency) as two hops in front of the
 * same simulator, called by the same openai SDK that also calls the
 * simulator directly, in the same interleaved rounds at concurrency 1 and
 * 64. Per hop: p50/p99 of one answer, time to first token of a stream, and
 * the hop's own process CPU per request (read from /proc around each batch:
 * process-cpu.ts); ours over Portkey's as ratios within a round.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import OpenAI from 'openai';
import { BENCH_KEY } from '../lib/bench-gateway.ts';
import { benchServerEnv } from '../lib/bench-server-env.ts';
import { addedLatency, compareRounds, roundRatio, serverCpuPerRequest, type RoundFigures, type Variant, type VariantFigures } from '../lib/compare-rounds.ts';
import { mcpCliPath } from '../lib/ensure-built.ts';
import { sdkChat, sdkStream } from '../lib/operations.ts';
import { startPortkey, type PortkeyProcess } from '../lib/portkey-process.ts';
import { atMost, ms, times, type Row, type Verdict } from '../lib/report.ts';
import { runClosedLoop } from '../lib/run-closed-loop.ts';
import type { ScenarioContext } from '../lib/scenario.ts';

const TOKEN = 'bench-endpoint-token-0123456789';
const PLAN = [
  { concurrency: 1, requests: 100, rounds: 4 },
  { concurrency: 64, requests: 384, rounds: 4 },
] as const;
/**
 * Requests each hop serves before the first step, at concurrency 16, not
 * measured: both servers are fresh processes, and over their first few
 * hundred requests V8 is still compiling their hot paths (on its own
 * threads, which /proc counts), which at concurrency 1 would show as
 * milliseconds of CPU per request.
 */
const SERVER_WARMUP = { concurrency: 16, requests: 800 };
/** Issue 18 / issue 19 target 5: our hop's process CPU per request at most a quarter of Portkey's. */
const CPU_RATIO_LIMIT = 0.25;

async function startServe(cli: string, baseURL: string, home: string): Promise<{ port: number; child: ChildProcess }> {
  // Ollama at a closed port: nothing of this machine's answers for it.
  const env = { ...benchServerEnv(baseURL, home, TOKEN), OLLAMA_BASE_URL: 'http://127.0.0.1:9/v1' };
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

/**
 * One stream through Portkey before the rounds: on Node its stock install
 * fails every stream ("TypeError: immutable", Portkey-AI/gateway#1389)
 * unless @hono/node-server carries the fix in bench/patches/. A failure is
 * reported as a row, and its stream variant is left out, instead of
 * aborting the section.
 */
async function probePortkeyStream(client: OpenAI, portkey: PortkeyProcess): Promise<string | undefined> {
  try {
    await sdkStream(client)();
    return undefined;
  } catch (error) {
    const logged = portkey.recentErrors().find((line) => /error/i.test(line));
    return `${error instanceof Error ? error.message : String(error)}${logged === undefined ? '' : `; its log: ${logged.trim().slice(0, 120)}`}`;
  }
}

const fmt = (value: number | undefined): string => (value === undefined || !Number.isFinite(value) ? 'n/a' : ms(value));
const micros = (value: number): string => (Number.isFinite(value) ? `${Math.round(value)} µs` : 'n/a');
const p50Of = (metric: 'totalMs' | 'ttftMs') => (round: RoundFigures) => round[metric]?.p50;
const p99Of = (metric: 'totalMs' | 'ttftMs') => (round: RoundFigures) => round[metric]?.p99;
const below = (ratio: number): Verdict => (Number.isFinite(ratio) && ratio < 1 ? 'PASS' : 'MISS');

/** Rows comparing our endpoint with Portkey at one concurrency: latency (p50 gated, p99 shown), CPU per request (gated at 64). */
function peerRows(c: number, ours: VariantFigures, theirs: VariantFigures, what: 'chat' | 'stream'): Row[] {
  const metric = what === 'chat' ? 'totalMs' : 'ttftMs';
  const label = what === 'chat' ? 'chat (one answer) latency' : 'stream time to first token';
  const p50 = roundRatio(ours, theirs, p50Of(metric));
  const p99 = roundRatio(ours, theirs, p99Of(metric));
  const ourCpu = serverCpuPerRequest(ours);
  const theirCpu = serverCpuPerRequest(theirs);
  const cpu = roundRatio(ours, theirs, (round) => round.serverCpuMicrosPerRequest);
  return [
    {
      item: 7,
      measure: `c=${c} ${label}, endpoint / Portkey (p50 ${fmt(ours.pooled[metric]?.p50)} vs ${fmt(theirs.pooled[metric]?.p50)}, p99 ${fmt(ours.pooled[metric]?.p99)} vs ${fmt(theirs.pooled[metric]?.p99)})`,
      value: times(p50.ratio),
      p99: times(p99.ratio),
      target: 'p50 < 1x',
      verdict: below(p50.ratio),
    },
    {
      item: 7,
      measure: `c=${c} hop process CPU per request, ${what}: endpoint / Portkey (${micros(ourCpu)} vs ${micros(theirCpu)})`,
      value: times(cpu.ratio),
      ...(c === 64 ? { target: `<= ${CPU_RATIO_LIMIT}x` } : {}),
      verdict: c === 64 ? atMost(cpu.ratio, CPU_RATIO_LIMIT) : 'info',
    },
  ];
}

export async function benchEndpoint(ctx: ScenarioContext): Promise<{ rows: Row[]; data: unknown }> {
  const cli = mcpCliPath(ctx.root);
  if (!existsSync(cli))
    return { rows: [{ item: 7, measure: 'OpenAI endpoint: skipped: mcp-server not built', value: '', verdict: 'skipped' }], data: { skipped: true } };
  const home = await mkdtemp(join(tmpdir(), 'aegis-bench-endpoint-'));
  const rows: Row[] = [];
  const data: Record<string, unknown> = {};
  let serve: { port: number; child: ChildProcess } | undefined;
  let portkey: PortkeyProcess | undefined;
  try {
    serve = await startServe(cli, ctx.sim.baseURL, home);
    const direct = new OpenAI({ apiKey: BENCH_KEY, baseURL: ctx.sim.baseURL, maxRetries: 0 });
    const viaEndpoint = new OpenAI({ apiKey: TOKEN, baseURL: `http://127.0.0.1:${serve.port}/v1`, maxRetries: 0 });
    const variants: Variant[] = [
      { name: 'SDK chat -> simulator', operation: sdkChat(direct) },
      { name: 'SDK chat -> endpoint', operation: sdkChat(viaEndpoint), serverPid: serve.child.pid! },
      { name: 'SDK stream -> simulator', operation: sdkStream(direct) },
      { name: 'SDK stream -> endpoint', operation: sdkStream(viaEndpoint), serverPid: serve.child.pid! },
    ];
    let portkeyStreamError: string | undefined;
    try {
      portkey = await startPortkey(ctx.root, ctx.sim.baseURL);
      const viaPortkey = new OpenAI({ apiKey: BENCH_KEY, baseURL: portkey.baseURL, maxRetries: 0, defaultHeaders: portkey.headers });
      await sdkChat(viaPortkey)();
      variants.push({ name: 'SDK chat -> Portkey', operation: sdkChat(viaPortkey), serverPid: portkey.child.pid! });
      portkeyStreamError = await probePortkeyStream(viaPortkey, portkey);
      if (portkeyStreamError === undefined) variants.push({ name: 'SDK stream -> Portkey', operation: sdkStream(viaPortkey), serverPid: portkey.child.pid! });
      data.portkey = { version: portkey.version, streamError: portkeyStreamError };
    } catch (error) {
      ctx.progress(`endpoint: Portkey's gateway could not be measured: ${String(error)}`);
      rows.push({ item: 7, measure: `Portkey's gateway: skipped (${String(error).slice(0, 160)})`, value: '', verdict: 'skipped' });
      data.portkey = { error: String(error) };
      await portkey?.close();
      portkey = undefined;
    }
    if (portkey !== undefined) {
      rows.push({
        item: 7,
        measure:
          portkeyStreamError === undefined
            ? `Portkey's gateway ${portkey.version} (own process, 127.0.0.1, headless), streams with @hono/node-server patched (bench/patches: its stock install fails every stream on Node, "TypeError: immutable")`
            : `Portkey's gateway ${portkey.version}: streaming fails on Node (${portkeyStreamError.slice(0, 200)}); no stream figures for it`,
        value: '',
        verdict: 'info',
      });
    }
    ctx.progress(`endpoint: warming the hops up, ${SERVER_WARMUP.requests} requests each`);
    for (const variant of variants) {
      if (variant.serverPid !== undefined) await runClosedLoop(variant.operation, SERVER_WARMUP);
    }
    for (const step of PLAN) {
      const c = step.concurrency;
      const requests = ctx.scale(step.requests, Math.max(c, 50));
      const rounds = ctx.quick ? Math.min(step.rounds, 2) : step.rounds;
      ctx.progress(`endpoint: concurrency ${c}, ${rounds} rounds x ${variants.length} variants x ${requests} requests`);
      const figures = await compareRounds(variants, { concurrency: c, requests, rounds, warmupRequests: Math.max(c, 50) });
      const at = (name: string): VariantFigures | undefined => figures[name];
      const chat = addedLatency(at('SDK chat -> endpoint')!, at('SDK chat -> simulator')!, 'totalMs');
      const ttft = addedLatency(at('SDK stream -> endpoint')!, at('SDK stream -> simulator')!, 'ttftMs');
      rows.push({
        item: 7,
        measure: `c=${c} OpenAI endpoint hop: added latency, chat (vs the SDK calling the simulator)`,
        value: ms(chat.p50),
        p99: ms(chat.p99),
        verdict: 'info',
      });
      rows.push({ item: 7, measure: `c=${c} OpenAI endpoint hop: added time to first token, stream`, value: ms(ttft.p50), p99: ms(ttft.p99), verdict: 'info' });
      const portkeyChat = at('SDK chat -> Portkey');
      const portkeyStream = at('SDK stream -> Portkey');
      if (portkeyChat !== undefined) {
        const theirs = addedLatency(portkeyChat, at('SDK chat -> simulator')!, 'totalMs');
        rows.push({
          item: 7,
          measure: `c=${c} Portkey hop: added latency, chat (vs the SDK calling the simulator)`,
          value: ms(theirs.p50),
          p99: ms(theirs.p99),
          verdict: 'info',
        });
        rows.push(...peerRows(c, at('SDK chat -> endpoint')!, portkeyChat, 'chat'));
      }
      if (portkeyStream !== undefined) {
        const theirs = addedLatency(portkeyStream, at('SDK stream -> simulator')!, 'ttftMs');
        rows.push({ item: 7, measure: `c=${c} Portkey hop: added time to first token, stream`, value: ms(theirs.p50), p99: ms(theirs.p99), verdict: 'info' });
        rows.push(...peerRows(c, at('SDK stream -> endpoint')!, portkeyStream, 'stream'));
      } else if (portkeyChat !== undefined) {
        rows.push({
          item: 7,
          measure: `c=${c} stream time to first token, endpoint / Portkey: Portkey does not stream here`,
          value: '',
          target: 'p50 < 1x',
          verdict: 'skipped',
        });
        rows.push({
          item: 7,
          measure: `c=${c} hop process CPU per request, stream: endpoint ${micros(serverCpuPerRequest(at('SDK stream -> endpoint')!))} (no Portkey stream to compare)`,
          value: '',
          verdict: 'info',
        });
      }
      if (portkeyChat === undefined) {
        for (const name of ['SDK chat -> endpoint', 'SDK stream -> endpoint']) {
          rows.push({
            item: 7,
            measure: `c=${c} OpenAI endpoint: serve process CPU per request, ${name.includes('stream') ? 'stream' : 'chat'}`,
            value: micros(serverCpuPerRequest(at(name)!)),
            verdict: 'info',
          });
        }
      }
      data[String(c)] = { figures };
    }
  } finally {
    if (serve !== undefined && serve.child.exitCode === null) {
      serve.child.kill('SIGTERM');
      await once(serve.child, 'exit').catch(() => undefined);
    }
    await portkey?.close();
    await rm(home, { recursive: true, force: true });
  }
  return { rows, data };
}

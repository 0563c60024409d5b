/**
 * Issue 8, item 6: the MCP server as built (packages/mcp-server/dist/cli.js):
 * a `chat` tool call over stdio and over Streamable HTTP vs the gateway's
 * `chat` called directly in this process, and cold start from spawn to the
 * answer of tools/list. Skipped, and said so, when the server is not built.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { BENCH_MODEL, createBenchGateway } from '../lib/bench-gateway.ts';
import { benchServerEnv } from '../lib/bench-server-env.ts';
import { mcpCliPath } from '../lib/ensure-built.ts';
import { gatewayChat } from '../lib/operations.ts';
import { atMost, ms, type Row } from '../lib/report.ts';
import { runClosedLoop, type Operation } from '../lib/run-closed-loop.ts';
import type { ScenarioContext } from '../lib/scenario.ts';
import { median, summarize, type Summary } from '../lib/stats.ts';

const COLD_STARTS = 7;
const CALL_ROUNDS = 4;
const CALLS_PER_ROUND = 150;
const TOKEN = 'bench-token-0123456789abcdef';

export interface McpData {
  skipped?: string;
  coldStartMs?: { first: number; rounds: Summary };
  callMs?: { direct: Summary; stdio: Summary; http: Summary; addedStdioP50: number[]; addedHttpP50: number[] };
}

async function connectStdio(cli: string, env: Record<string, string>, cwd: string): Promise<Client> {
  const client = new Client({ name: 'aegis-bench', version: '0.0.0' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [cli], env, cwd, stderr: 'ignore' }));
  return client;
}

/** `aegis-llm serve --port 0`; the port is read from its start-up note on stderr. */
async function startHttpServer(cli: string, env: Record<string, string>, cwd: string): Promise<{ url: URL; child: ChildProcess }> {
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0'], { env, cwd, stdio: ['ignore', 'ignore', 'pipe'] });
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
  return { url: new URL(`http://127.0.0.1:${port}/mcp`), child };
}

function toolCall(client: Client): Operation {
  return async () => {
    const t0 = performance.now();
    const result = await client.callTool({
      name: 'chat',
      arguments: { model: `dashscope/${BENCH_MODEL}`, prompt: 'Say hello to the benchmark in one short sentence.' },
    });
    if (result.isError === true) throw new Error(`chat tool failed: ${JSON.stringify(result.content).slice(0, 300)}`);
    return { totalMs: performance.now() - t0 };
  };
}

export async function benchMcp(ctx: ScenarioContext, extra: { mcpBuild?: { ok: boolean; detail?: string } }): Promise<{ rows: Row[]; data: McpData }> {
  const cli = mcpCliPath(ctx.root);
  if (!existsSync(cli)) {
    const why = extra.mcpBuild?.ok === false ? ' (its build failed; see stderr)' : '';
    return {
      rows: [
        {
          item: 6,
          measure: `MCP (stdio, HTTP, cold start): skipped: mcp-server not built${why}`,
          value: '',
          target: 'cold start <= 500 ms',
          verdict: 'skipped',
        },
      ],
      data: { skipped: `mcp-server not built${why}` },
    };
  }
  const home = await mkdtemp(join(tmpdir(), 'aegis-bench-mcp-'));
  const env = benchServerEnv(ctx.sim.baseURL, home, TOKEN);
  const closers: Array<() => Promise<unknown>> = [() => rm(home, { recursive: true, force: true })];
  try {
    // Cold start: spawn, initialize, tools/list. The first start after a build
    // also fills Node's compile cache (the CLI enables it), so it is shown apart.
    const starts: number[] = [];
    for (let i = 0; i < COLD_STARTS + 1; i += 1) {
      const t0 = performance.now();
      const client = await connectStdio(cli, env, home);
      const { tools } = await client.listTools();
      starts.push(performance.now() - t0);
      if (!tools.some((t) => t.name === 'chat')) throw new Error('the MCP server lists no chat tool');
      await client.close();
    }
    const [first, ...rest] = starts;
    const cold = summarize(rest);

    // Tool calls, one at a time, interleaved with direct calls.
    const direct = await createBenchGateway({ baseURL: ctx.sim.baseURL, streamUpstream: true });
    closers.unshift(() => direct.close());
    const stdio = await connectStdio(cli, env, home);
    closers.unshift(() => stdio.close());
    const server = await startHttpServer(cli, env, home);
    closers.unshift(async () => {
      const exited = once(server.child, 'exit');
      server.child.kill('SIGTERM');
      await exited;
    });
    const http = new Client({ name: 'aegis-bench', version: '0.0.0' });
    await http.connect(new StreamableHTTPClientTransport(server.url, { requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } } }));
    closers.unshift(() => http.close());

    const variants = { direct: gatewayChat(direct.gateway), stdio: toolCall(stdio), http: toolCall(http) };
    const calls = ctx.scale(CALLS_PER_ROUND, 30);
    ctx.progress(`mcp: ${CALL_ROUNDS} rounds x ${calls} chat calls each: direct, stdio, HTTP`);
    for (const op of Object.values(variants)) await runClosedLoop(op, { concurrency: 1, requests: 30 });
    const samples = { direct: [] as number[], stdio: [] as number[], http: [] as number[] };
    const addedStdioP50: number[] = [];
    const addedHttpP50: number[] = [];
    for (let round = 0; round < CALL_ROUNDS; round += 1) {
      const names = (['direct', 'stdio', 'http'] as const).map((_, i, all) => all[(round + i) % all.length]!);
      const p50: Record<string, number> = {};
      for (const name of names) {
        const result = await runClosedLoop(variants[name], { concurrency: 1, requests: calls });
        const totals = result.samples.map((s) => s.totalMs);
        samples[name].push(...totals);
        p50[name] = summarize(totals).p50;
      }
      addedStdioP50.push(p50.stdio! - p50.direct!);
      addedHttpP50.push(p50.http! - p50.direct!);
    }
    const figures = { direct: summarize(samples.direct), stdio: summarize(samples.stdio), http: summarize(samples.http) };
    const rows: Row[] = [
      {
        item: 6,
        measure: 'MCP cold start, spawn to tools/list (stdio)',
        value: ms(cold.p50),
        p99: ms(cold.p99),
        target: '<= 500 ms',
        verdict: atMost(cold.p50, 500),
      },
      { item: 6, measure: 'MCP cold start, first start after a build (fills the compile cache)', value: ms(first!), verdict: 'info' },
      { item: 6, measure: 'c=1 gateway chat called directly', value: ms(figures.direct.p50), p99: ms(figures.direct.p99), verdict: 'info' },
      { item: 6, measure: 'c=1 MCP chat tool over stdio', value: ms(figures.stdio.p50), p99: ms(figures.stdio.p99), verdict: 'info' },
      { item: 6, measure: 'c=1 MCP chat tool over Streamable HTTP', value: ms(figures.http.p50), p99: ms(figures.http.p99), verdict: 'info' },
      { item: 6, measure: 'MCP stdio adds to a direct chat (p50, paired rounds)', value: ms(median(addedStdioP50)), verdict: 'info' },
      { item: 6, measure: 'MCP HTTP adds to a direct chat (p50, paired rounds)', value: ms(median(addedHttpP50)), verdict: 'info' },
    ];
    return { rows, data: { coldStartMs: { first: first!, rounds: cold }, callMs: { ...figures, addedStdioP50, addedHttpP50 } } };
  } finally {
    for (const close of closers) await close().catch((error: unknown) => ctx.progress(`mcp: cleanup: ${String(error)}`));
  }
}

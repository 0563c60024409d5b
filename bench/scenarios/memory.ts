/**
 * Issue 8, item 5: RSS of a gateway process after 100,000 requests vs after
 * 1,000, each read after a forced full GC, in a child process of its own (so
 * nothing the other sections allocated counts). A second child runs the bare
 * SDK over the same mix at the same time, as a control: RSS also grows in a
 * process that only does HTTP, while V8 sizes its heap to the allocation
 * rate, and the control shows how much.
 *
 * Like every other figure of the benchmark, warm-up is excluded: both
 * children first run WARMUP requests (JIT, V8 heap sizing, allocator arenas:
 * the control shows a Node process doing HTTP grows ~1.5x over its first
 * 10,000 requests whatever it runs), and the 1,000 and 100,000 are counted
 * after it. The reading after the first 1,000 requests from a cold start is
 * shown as info.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { atMost, times, type Row } from '../lib/report.ts';
import type { ScenarioContext } from '../lib/scenario.ts';
import type { MemoryReading } from './memory-child.ts';

const CHILD = fileURLToPath(new URL('./memory-child.ts', import.meta.url));
const CONCURRENCY = 64;
const CONTROL_REQUESTS = 10_000;
const WARMUP = 10_000;

export interface MemoryData {
  concurrency: number;
  /** Requests run before the measured ones; `gateway` readings count them. */
  warmup: number;
  /** The gateway's reading after its first 1,000 requests from a cold start. */
  cold: MemoryReading;
  gateway: MemoryReading[];
  sdkControl: MemoryReading[];
  rssRatio: number;
}

const mib = (bytes: number): string => `${Math.round(bytes / 2 ** 20)} MiB`;

async function runChild(client: 'gateway' | 'sdk', baseURL: string, checkpoints: number[]): Promise<MemoryReading[]> {
  const child = spawn(process.execPath, ['--expose-gc', CHILD, JSON.stringify({ client, baseURL, checkpoints, concurrency: CONCURRENCY })], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`memory child (${client}) exited with code ${String(code)}`);
  return (JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { readings: MemoryReading[] }).readings;
}

export async function benchMemory(ctx: ScenarioContext): Promise<{ rows: Row[]; data: MemoryData }> {
  const last = ctx.quick ? 20_000 : 100_000;
  const measured = [...new Set([1_000, 10_000, Math.round(last / 2), last])];
  // A reading from cold (info), then the measured checkpoints, counted after the warm-up.
  const checkpoints = [1_000, ...measured.map((n) => WARMUP + n)];
  const controlCheckpoints = [1_000, WARMUP + 1_000, WARMUP + CONTROL_REQUESTS];
  ctx.progress(
    `memory: ${WARMUP.toLocaleString('en-US')} warm-up + ${last.toLocaleString('en-US')} gateway requests (3 chat : 1 stream, concurrency ${CONCURRENCY}) in a child process; ` +
      `the bare SDK control (${controlCheckpoints.at(-1)!.toLocaleString('en-US')} requests) runs alongside`,
  );
  const [allGateway, allControl] = await Promise.all([runChild('gateway', ctx.sim.baseURL, checkpoints), runChild('sdk', ctx.sim.baseURL, controlCheckpoints)]);
  const cold = allGateway[0]!;
  const gateway = allGateway.slice(1);
  const sdkControl = allControl.slice(1);
  const first = gateway[0]!;
  const final = gateway.at(-1)!;
  const at10k = gateway.find((r) => r.requests === WARMUP + 10_000);
  const rssRatio = final.rssBytes / first.rssBytes;
  const label = last.toLocaleString('en-US');
  const controlLast = sdkControl.at(-1)!;
  const rows: Row[] = [
    {
      item: 5,
      measure: `gateway RSS after ${label} requests / after 1,000, after a ${WARMUP.toLocaleString('en-US')}-request warm-up (${gateway.map((r) => mib(r.rssBytes)).join(' -> ')} at ${measured.map((c) => c.toLocaleString('en-US')).join(' / ')})`,
      value: times(rssRatio),
      target: '<= 1.2x',
      verdict: atMost(rssRatio, 1.2),
    },
    {
      item: 5,
      measure: `gateway heap used after GC, ${label} / 1,000 (${mib(final.heapUsedBytes)} / ${mib(first.heapUsedBytes)}; heap total ${mib(first.heapTotalBytes)} -> ${mib(final.heapTotalBytes)})`,
      value: times(final.heapUsedBytes / first.heapUsedBytes),
      verdict: 'info',
    },
    {
      item: 5,
      measure: `gateway RSS from a cold start: after ${label} + ${WARMUP.toLocaleString('en-US')} / after the first 1,000 (${mib(cold.rssBytes)} -> ${mib(final.rssBytes)}; warm-up included)`,
      value: times(final.rssBytes / cold.rssBytes),
      verdict: 'info',
    },
    {
      item: 5,
      measure: `bare SDK control, RSS after ${CONTROL_REQUESTS.toLocaleString('en-US')} / after 1,000, same warm-up (${sdkControl.map((r) => mib(r.rssBytes)).join(' -> ')}; from cold ${mib(allControl[0]!.rssBytes)})`,
      value: times(controlLast.rssBytes / sdkControl[0]!.rssBytes),
      verdict: 'info',
    },
  ];
  if (at10k !== undefined && at10k !== final) {
    rows.push({
      item: 5,
      measure: `gateway RSS after ${label} / after 10,000 (after the warm-up)`,
      value: times(final.rssBytes / at10k.rssBytes),
      verdict: 'info',
    });
  }
  return { rows, data: { concurrency: CONCURRENCY, warmup: WARMUP, cold, gateway, sdkControl: allControl, rssRatio } };
}

/**
 * Child process of the memory figure (run with --expose-gc): requests
 * against the simulator in segments and, after each checkpoint, a forced
 * full GC and a memory reading. Prints one JSON line on stdout.
 *   node --expose-gc bench/scenarios/memory-child.ts '{"client":"gateway","baseURL":"...","checkpoints":[1000,100000],"concurrency":64}'
 * `client: "sdk"` runs the bare SDK instead: the control that shows how much
 * of the growth a Node process doing HTTP has anyway.
 */
import OpenAI from 'openai';
import { BENCH_KEY, createBenchGateway } from '../lib/bench-gateway.ts';
import { gatewayChat, gatewayStream, sdkChat, sdkStream } from '../lib/operations.ts';
import { runClosedLoop, type Operation, type Sample } from '../lib/run-closed-loop.ts';

interface Input {
  client: 'gateway' | 'sdk';
  baseURL: string;
  checkpoints: number[];
  concurrency: number;
}
export interface MemoryReading {
  requests: number;
  rssBytes: number;
  heapTotalBytes: number;
  heapUsedBytes: number;
  externalBytes: number;
}

const input = JSON.parse(process.argv[2] ?? '{}') as Input;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('memory-child needs --expose-gc');

let chat: Operation;
let stream: Operation;
let close = async (): Promise<void> => {};
if (input.client === 'sdk') {
  const client = new OpenAI({ apiKey: BENCH_KEY, baseURL: input.baseURL, maxRetries: 0 });
  chat = sdkChat(client);
  stream = sdkStream(client);
} else {
  // The default configuration (upstream streamed), budget, ledger and all.
  const bench = await createBenchGateway({ baseURL: input.baseURL, streamUpstream: true });
  chat = gatewayChat(bench.gateway);
  stream = gatewayStream(bench.gateway);
  close = () => bench.close();
}
// Both verbs: three chats for every stream.
let n = 0;
const mixed = (): Promise<Sample> => (n++ % 4 === 3 ? stream() : chat());

const readings: MemoryReading[] = [];
let done = 0;
for (const checkpoint of input.checkpoints) {
  await runClosedLoop(mixed, { concurrency: input.concurrency, requests: checkpoint - done });
  done = checkpoint;
  // Let sockets, timers and the ledger's queue settle, then collect twice (finalizers need a second pass).
  await new Promise((resolve) => setTimeout(resolve, 200));
  gc();
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  const m = process.memoryUsage();
  readings.push({ requests: done, rssBytes: m.rss, heapTotalBytes: m.heapTotal, heapUsedBytes: m.heapUsed, externalBytes: m.external });
  console.error(
    `[memory ${input.client}] ${done} requests: rss ${Math.round(m.rss / 2 ** 20)} MiB, heap used ${Math.round(m.heapUsed / 2 ** 20)} MiB of ${Math.round(m.heapTotal / 2 ** 20)} MiB`,
  );
}
await close();
console.log(JSON.stringify({ readings }));

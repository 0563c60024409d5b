/**
 * A hanging upstream (issue 9) ends as a typed `timeout` error within the
 * deadline, whichever way it hangs (before the headers, after the headers,
 * after the first token), whether the caller streams or not, whether the
 * upstream is asked to stream or not, with and without fallbacks, and through
 * the MCP chat tool. The hung upstream request is abandoned (its socket
 * closed), so nothing stays in flight.
 */
import { createGateway, isAegisError, parseConfig, type ChatRequest, type ChatResult, type Gateway } from '@aegis-llm/core';
import { startSimulator, type Scenario, type Simulator } from '@aegis-llm/simulator';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../../packages/mcp-server/src/server/create-server.js';
import { settle } from './support/leak-watch.ts';
import { soakMode } from './support/soak-mode.ts';
import { writeFigures } from './support/write-figures.ts';

const mode = soakMode();
const KEY = 'sk-hang-0123456789abcdef';
/** What a loaded machine may add to a timer. */
const SLACK_MS = 700;

const HANGS: Record<string, Scenario> = {
  'before the headers': { fault: { type: 'hang-before-headers' } },
  'after the headers': { fault: { type: 'hang', afterChunks: 0 } },
  'after the first token': { chunks: 6, fault: { type: 'hang', afterChunks: 2 } },
};

interface Setup {
  name: string;
  routing: Record<string, unknown>;
  /** The longest a request may take, by the settings. */
  boundMs: number;
}

const SETUPS: Setup[] = [
  // The idle timer ends the hang; no fallback, so the request ends there.
  { name: 'idle timer 300 ms', routing: { streamIdleTimeoutMs: 300, requestTimeoutMs: 10_000 }, boundMs: 300 },
  // No idle timer to speak of: the request deadline ends it (after the first token: maxRequestMs, the cap on a delivering request).
  { name: 'deadline 600 ms', routing: { streamIdleTimeoutMs: 60_000, requestTimeoutMs: 600, maxRequestMs: 600 }, boundMs: 600 },
  // One-answer upstream calls (no idle timer at all): the attempt cap, then the deadline.
  { name: 'non-streamed upstream, deadline 600 ms', routing: { streamUpstream: false, requestTimeoutMs: 600, maxRequestMs: 600 }, boundMs: 600 },
];

describe('a hanging upstream ends as a timeout within the deadline', () => {
  const runs: Array<{ case: string; ms: number; bound: number }> = [];
  const startedAt = Date.now();

  afterAll(() => {
    const late = runs.filter((r) => r.ms > r.bound + SLACK_MS);
    writeFigures(
      'hanging-upstream',
      mode,
      {
        suite: 'Hanging upstream',
        checks:
          'hangs before headers, after headers, after the first token; chat, stream, MCP chat; idle timer, deadline, non-streamed upstream, every fallback hanging',
        figures: {
          cases: runs.length,
          slowestOverBoundMs: Math.max(0, ...runs.map((r) => Math.round(r.ms - r.bound))),
          late: late.length,
          leaksFound: late.length,
        },
        findings: late.map((r) => `${r.case}: ${Math.round(r.ms)} ms, bound ${r.bound} ms`),
      },
      startedAt,
    );
  });

  for (const setup of SETUPS) {
    describe(setup.name, () => {
      let sim: Simulator;
      let gateway: Gateway;
      let home: string;
      let client: Client;
      let closeServer: () => Promise<void>;

      beforeAll(async () => {
        sim = await startSimulator({ apiKey: KEY });
        home = mkdtempSync(join(tmpdir(), 'aegis-hang-'));
        const config = parseConfig(
          // No cooldown: every case below hangs the same target on purpose.
          { routing: { maxRetries: 0, cooldown: { failures: 1_000 }, ...setup.routing } },
          { DASHSCOPE_API_KEY: KEY, DASHSCOPE_BASE_URL: sim.baseURL, AEGIS_LLM_HOME: home, HOME: home, OLLAMA_BASE_URL: 'http://127.0.0.1:9/v1' },
        );
        gateway = createGateway({ config, logger: { info() {}, warn() {}, error() {} } });
        const server = createServer({ gateway, logger: { info() {}, warn() {}, error() {} } });
        client = new Client({ name: 'hang', version: '0' });
        const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
        await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
        closeServer = async () => {
          await client.close();
          await server.close();
        };
      });

      afterAll(async () => {
        await closeServer?.();
        await gateway?.close();
        await sim?.close();
        rmSync(home, { recursive: true, force: true });
      });

      const timed = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
        const started = performance.now();
        const value = await run();
        const ms = performance.now() - started;
        runs.push({ case: `${setup.name}, ${name}`, ms, bound: setup.boundMs });
        expect(ms, `${name} took ${Math.round(ms)} ms`).toBeLessThanOrEqual(setup.boundMs + SLACK_MS);
        return value;
      };

      const afterwards = async () => {
        // The hung request was abandoned: its socket closed, nothing in flight.
        expect(await settle(() => sim.inFlight(), 0, 3_000)).toBe(0);
        expect(sim.requests.at(-1)?.aborted).toBe(true);
      };

      for (const [hang, scenario] of Object.entries(HANGS)) {
        const request: ChatRequest = { model: 'dashscope/qwen-plus', prompt: 'hello there', maxTokens: 32 };

        it(`chat, hang ${hang}`, async () => {
          sim.script(scenario);
          const error = await timed(`chat, hang ${hang}`, () =>
            gateway.chat(request).then(
              () => undefined,
              (e: unknown) => e,
            ),
          );
          expect(isAegisError(error) && error.kind, String(error)).toBe('timeout');
          await afterwards();
        });

        it(`stream, hang ${hang}`, async () => {
          sim.script(scenario);
          const last = await timed(`stream, hang ${hang}`, async () => {
            let end: unknown;
            for await (const event of gateway.stream(request)) end = event;
            return end as { type: string; error?: { kind: string }; partial?: ChatResult };
          });
          expect(last.type).toBe('error');
          expect(last.error?.kind).toBe('timeout');
          if (hang === 'after the first token' && setup.routing.streamUpstream !== false) {
            // What was delivered before the hang is charged.
            expect(last.partial?.text.length).toBeGreaterThan(0);
            expect(last.partial?.costMicroUsd).toBeGreaterThan(0);
          }
          await afterwards();
        });

        it(`MCP chat tool, hang ${hang}`, async () => {
          sim.script(scenario);
          const result = await timed(`MCP chat, hang ${hang}`, () =>
            client.callTool({ name: 'chat', arguments: { model: 'dashscope/qwen-plus', prompt: 'hello there', max_tokens: 32 } }),
          );
          expect(result.isError).toBe(true);
          expect((result.structuredContent as { error?: { kind?: string } }).error?.kind).toBe('timeout');
          await afterwards();
        });
      }

      it('every target of a fallback chain hangs: the deadline still holds', async () => {
        const deadline = 900;
        sim.setDefault({ fault: { type: 'hang-before-headers' } });
        try {
          const started = performance.now();
          const error = await gateway
            .chat({ model: 'dashscope/qwen-plus', fallbacks: ['dashscope/qwen-turbo', 'dashscope/qwen-max'], prompt: 'x', timeoutMs: deadline })
            .then(
              () => undefined,
              (e: unknown) => e,
            );
          const ms = performance.now() - started;
          runs.push({ case: `${setup.name}, every fallback hangs`, ms, bound: deadline });
          expect(isAegisError(error) && error.kind, String(error)).toBe('timeout');
          expect(ms).toBeLessThanOrEqual(deadline + SLACK_MS);
        } finally {
          sim.setDefault({});
        }
        expect(await settle(() => sim.inFlight(), 0, 3_000)).toBe(0);
      });
    });
  }
});

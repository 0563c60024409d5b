/**
 * Lean results (issue 20), measured on the wire (the JSON-RPC result as the
 * client receives it): a short answer carries no attempts, fallbacks or
 * skips that explain nothing; an all-rate-limited route does not repeat each
 * target's sentence per attempt; a client that reads structuredContent gets
 * a long answer once, not twice.
 */
import { dashscopeErrors } from '@aegis-llm/simulator';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimateTokens } from '../../../core/src/cost/estimate-tokens.js';
import { startMcpFixture, type McpFixture } from '../test-support/mcp-fixture.js';

type Result = CallToolResult & { structuredContent?: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
const bytes = (result: unknown) => Buffer.byteLength(JSON.stringify(result));
const occurrences = (haystack: string, needle: string) => haystack.split(needle).length - 1;

describe('lean chat results', () => {
  let f: McpFixture;
  beforeAll(async () => {
    // Ollama is configured (and unreachable), OpenAI is not: the default route has a skip behind DashScope.
    f = await startMcpFixture({ file: { routing: { baseBackoffMs: 1, maxBackoffMs: 2 } } });
  });
  afterAll(async () => f.close());

  it('an 11-character answer: no attempts, fallbacks or skips, under 1,000 bytes', async () => {
    f.sim.script({ text: 'Hello world' });
    const named = (await f.client.callTool({ name: 'chat', arguments: { prompt: 'hi', model: 'dashscope/qwen-plus' } })) as Result;
    f.sim.script({ text: 'Hello world' });
    const routed = (await f.client.callTool({ name: 'chat', arguments: { prompt: 'hi' } })) as Result;
    for (const result of [named, routed]) {
      expect(result.structuredContent?.text).toBe('Hello world');
      expect(result.structuredContent).not.toHaveProperty('attempts');
      expect(result.structuredContent).not.toHaveProperty('fallbacks');
      // openai/gpt-4o-mini was skipped behind the model that answered: it explains nothing.
      expect(result.structuredContent).not.toHaveProperty('skipped');
      expect(bytes(result)).toBeLessThan(1_000);
    }
  });

  it('every target rate limited: each sentence once, under 5,000 bytes', async () => {
    f.sim.script(Array.from({ length: 9 }, () => ({ fault: { ...dashscopeErrors.rateQuota, headers: { 'retry-after': '0' } } })));
    const result = (await f.client.callTool({ name: 'chat', arguments: { prompt: 'hi' } })) as Result;
    expect(result.isError).toBe(true);
    const error = result.structuredContent?.error;
    expect(error.message).toMatch(/qwen-plus: .*429.*\(3 attempts\)/);
    expect(error.message).toMatch(/qwen-flash: .*429.*\(3 attempts\)/);
    expect(error.details.attempts).toBeUndefined();
    expect(error.details.errors.map((e: { model: string; status?: number }) => [e.model, e.status])).toEqual([
      ['qwen-plus', 429],
      ['qwen-flash', 429],
      ['qwen2.5:7b', undefined],
    ]);
    expect(error.details.errors.every((e: { message?: string }) => e.message === undefined)).toBe(true);
    // The structured error and its JSON text block: the sentence twice there, once in the leading text block.
    expect(occurrences(JSON.stringify(result), 'Requests rate limit exceeded')).toBe(2 * 3);
    expect(bytes(result)).toBeLessThan(5_000);
  });
});

describe('a long answer for a client that reads structuredContent', () => {
  const answer = `${'长答案。'.repeat(500)}END-OF-ANSWER`;
  let plain: McpFixture;
  let structured: McpFixture;
  beforeAll(async () => {
    plain = await startMcpFixture();
    // The fixture's client is named aegis-test.
    structured = await startMcpFixture({ server: { structuredClients: ['AEGIS-TEST'] } });
  });
  afterAll(async () => {
    await plain.close();
    await structured.close();
  });

  it('travels once in its result (twice for other clients, as the spec asks)', async () => {
    const results: Result[] = [];
    for (const f of [plain, structured]) {
      f.sim.script({ text: answer });
      results.push((await f.client.callTool({ name: 'chat', arguments: { prompt: 'long', model: 'dashscope/qwen-plus' } })) as Result);
    }
    const [forPlain, forStructured] = results as [Result, Result];
    expect(forPlain.structuredContent?.text).toBe(answer);
    expect(forStructured.structuredContent?.text).toBe(answer);
    expect(occurrences(JSON.stringify(forPlain), 'END-OF-ANSWER')).toBe(2);
    expect(occurrences(JSON.stringify(forStructured), 'END-OF-ANSWER')).toBe(1);
    const text = (forStructured.content[0] as { text: string }).text;
    expect(text).toMatch(/in structuredContent only/);
    expect(text).toMatch(/"provider":"dashscope"/);
    expect(bytes(forStructured)).toBeLessThan(bytes(forPlain) - answer.length);
  });

  it('a 30,000-character Chinese answer: pages of 8,000 estimated tokens, each result under a 25,000-token cap', async () => {
    // 30,000 characters of Chinese are 27,780-40,282 real tokens (issue 20): at most 1.35 per estimated one.
    const chinese = '这是一个很长的中文回答。'.repeat(2_500);
    for (const f of [plain, structured]) {
      f.sim.script({ text: chinese, chunks: 50 });
      let result = (await f.client.callTool({ name: 'chat', arguments: { prompt: 'long', model: 'dashscope/qwen-plus' } })) as Result;
      let read = '';
      for (;;) {
        const page = result.structuredContent?.page;
        expect(estimateTokens(result.structuredContent?.text)).toBeLessThanOrEqual(8_001);
        expect(estimateTokens(JSON.stringify(result)) * 1.35).toBeLessThan(25_000);
        read += result.structuredContent?.text;
        if (page.nextOffset === undefined) break;
        result = (await f.client.callTool({ name: 'chat', arguments: { answer_id: page.answerId, offset: page.nextOffset } })) as Result;
      }
      expect(read).toBe(chinese);
    }
  });
});

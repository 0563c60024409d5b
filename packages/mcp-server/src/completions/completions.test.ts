/**
 * Argument completion for `model`, `task` and `provider`: the ranking on its
 * own, each completer over a real gateway (the simulator as DashScope, a
 * config file with its own routes and endpoint), and `provider`
 * through `completion/complete` on the budget://provider/{provider}
 * template with the SDK's client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMcpFixture, type McpFixture } from '../test-support/mcp-fixture.js';
import { completeModel } from './complete-model.js';
import { completeProvider } from './complete-provider.js';
import { completeTask } from './complete-task.js';
import { rankCompletions } from './rank-completions.js';

describe('rankCompletions', () => {
  it('puts prefix matches first, then matches after a separator, each in the given order, without repeats', () => {
    const candidates = ['dashscope/qwen-plus', 'openai/gpt-4o', 'dashscope/qwen-flash', 'ollama/qwen2.5:7b', 'dashscope/qwen-plus'];
    expect(rankCompletions(candidates, 'qwen')).toEqual(['dashscope/qwen-plus', 'dashscope/qwen-flash', 'ollama/qwen2.5:7b']);
    expect(rankCompletions(candidates, 'DASH')).toEqual(['dashscope/qwen-plus', 'dashscope/qwen-flash']);
    expect(rankCompletions(candidates, 'flash')).toEqual(['dashscope/qwen-flash']);
    expect(rankCompletions(candidates, '7b')).toEqual(['ollama/qwen2.5:7b']);
    expect(rankCompletions(candidates, '')).toEqual(['dashscope/qwen-plus', 'openai/gpt-4o', 'dashscope/qwen-flash', 'ollama/qwen2.5:7b']);
    expect(rankCompletions(candidates, 'zzz')).toEqual([]);
    // A match in the middle of a part is no match: "wen" is not typed by someone after "qwen".
    expect(rankCompletions(candidates, 'wen')).toEqual([]);
  });

  it('ranks a prefix match before a part match whatever the given order', () => {
    expect(rankCompletions(['x/plus', 'plus-one'], 'plus')).toEqual(['plus-one', 'x/plus']);
  });

  it('treats user-supplied names as ordinary strings', () => {
    expect(rankCompletions(['__proto__', 'toString', 'constructor'], '__')).toEqual(['__proto__']);
    expect(rankCompletions(['__proto__', 'toString', 'constructor'], 'to')).toEqual(['toString']);
  });
});

describe('completers over a gateway', () => {
  let f: McpFixture;
  beforeAll(async () => {
    f = await startMcpFixture({
      file: {
        // The config refuses `__proto__` as a name; `toString` is an ordinary one.
        routes: { translate: ['dashscope/qwen-flash'], toString: ['dashscope/qwen-plus'] },
        endpoints: [{ name: 'my-endpoint', baseURL: 'http://127.0.0.1:9/v1', apiKey: 'sk-endpoint-0123456789', defaultModel: 'llama-3' }],
      },
    });
  });
  afterAll(async () => f.close());

  it('model: configured providers first, retired models left out, chat or embedding models only when asked', async () => {
    const all = await completeModel(f.gateway, '');
    expect(all.length).toBeGreaterThan(10);
    expect(all).toContain('dashscope/qwen-plus');
    // qwen-turbo is retired (replaced by qwen-flash): not offered to type.
    expect(all).not.toContain('dashscope/qwen-turbo');
    // DashScope is configured (the simulator), OpenAI is not: every DashScope model comes before any OpenAI one.
    const lastDashscope = all.map((m) => m.startsWith('dashscope/')).lastIndexOf(true);
    const firstOpenai = all.findIndex((m) => m.startsWith('openai/'));
    expect(firstOpenai).toBeGreaterThan(lastDashscope);

    expect((await completeModel(f.gateway, 'qwen-p'))[0]).toBe('dashscope/qwen-plus');
    const dashscope = await completeModel(f.gateway, 'dashscope/');
    expect(dashscope.length).toBeGreaterThan(3);
    expect(dashscope.every((m) => m.startsWith('dashscope/'))).toBe(true);

    const embed = await completeModel(f.gateway, '', 'embed');
    expect(embed).toContain('dashscope/text-embedding-v4');
    expect(embed).not.toContain('dashscope/qwen-plus');
    const chat = await completeModel(f.gateway, '', 'chat');
    expect(chat).toContain('dashscope/qwen-plus');
    expect(chat).not.toContain('dashscope/text-embedding-v4');
  });

  it("task: the built-in task types and the config file's own, `toString` an ordinary name", () => {
    const tasks = completeTask(f.gateway, '');
    expect(tasks).toEqual(expect.arrayContaining(['chat', 'summarize', 'extract', 'code', 'translate', 'toString']));
    expect(completeTask(f.gateway, 'su')).toEqual(['summarize']);
    expect(completeTask(f.gateway, 'tr')).toEqual(['translate']);
    expect(completeTask(f.gateway, 'tos')).toEqual(['toString']);
  });

  it('provider: configured ones first, then the known kinds', () => {
    const providers = completeProvider(f.gateway, '');
    const at = (id: string) => providers.indexOf(id);
    expect(at('dashscope')).toBeGreaterThanOrEqual(0);
    expect(at('my-endpoint')).toBeGreaterThanOrEqual(0);
    expect(at('openai')).toBeGreaterThan(Math.max(at('dashscope'), at('my-endpoint')));
    expect(providers).toHaveLength(new Set(providers).size);
    expect(completeProvider(f.gateway, 'my')).toEqual(['my-endpoint']);
    expect(completeProvider(f.gateway, 'endpoint')).toEqual(['my-endpoint']);
  });

  it('provider through completion/complete on the provider budget template', async () => {
    expect(f.client.getServerCapabilities()?.completions).toEqual({});
    const ref = { type: 'ref/resource' as const, uri: 'budget://provider/{provider}' };
    const { completion } = await f.client.complete({ ref, argument: { name: 'provider', value: 'dash' } });
    expect(completion.values).toEqual(['dashscope']);
    const none = await f.client.complete({ ref, argument: { name: 'provider', value: 'no-such' } });
    expect(none.completion.values).toEqual([]);
  });
});

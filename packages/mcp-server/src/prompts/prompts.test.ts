/**
 * The two prompts with the SDK's client, over a gateway whose DashScope is
 * the simulator and whose DashScope budget is $5: the budget check prices
 * the job exactly as budget_status does and says whether it fits, the task
 * prompt spells out the task's route, bad arguments are invalid-params
 * errors naming the argument, and `model` and `task` complete.
 */
import type { CallToolResult, GetPromptResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMcpFixture, type McpFixture } from '../test-support/mcp-fixture.js';

type Structured = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const textOf = (result: GetPromptResult) => {
  expect(result.messages).toHaveLength(1);
  const { role, content } = result.messages[0]!;
  expect(role).toBe('user');
  expect(content.type).toBe('text');
  return (content as { text: string }).text;
};
/** The JSON block the budget check carries. */
const jsonOf = (text: string) => JSON.parse(/```json\n([\s\S]*?)\n```/.exec(text)![1]!) as Structured;

describe('prompts', () => {
  let f: McpFixture;
  const get = (name: string, args: Record<string, string>) => f.client.getPrompt({ name, arguments: args });

  beforeAll(async () => {
    f = await startMcpFixture({ file: { budgets: { dashscope: { monthlyUsd: 5 } } } });
  });
  afterAll(async () => f.close());

  it('lists both prompts with titles, described arguments and which are required', async () => {
    expect(f.client.getServerCapabilities()?.prompts).toEqual({ listChanged: false });
    const { prompts } = await f.client.listPrompts();
    const byName = new Map(prompts.map((p) => [p.name, p]));
    expect([...byName.keys()].sort()).toEqual(['ask-for-task', 'check-budget-before-job']);
    for (const prompt of prompts) {
      expect(prompt.title, prompt.name).toBeTruthy();
      expect(prompt.description, prompt.name).toBeTruthy();
      for (const argument of prompt.arguments ?? []) expect(argument.description, `${prompt.name}.${argument.name}`).toBeTruthy();
    }
    const required = (name: string) => Object.fromEntries((byName.get(name)!.arguments ?? []).map((a) => [a.name, a.required === true]));
    expect(required('check-budget-before-job')).toEqual({ model: true, input_tokens: true, output_tokens: false, calls: false });
    expect(required('ask-for-task')).toEqual({ task: true, prompt: true });
  });

  it('check-budget-before-job: a job that fits, priced as budget_status prices it', async () => {
    const text = textOf(await get('check-budget-before-job', { model: 'dashscope/qwen-plus', input_tokens: '2000', output_tokens: '500', calls: '10' }));
    expect(text).toContain('10 calls of dashscope/qwen-plus (2000 input and 500 output tokens per call)');
    expect(text).toContain('It fits: go ahead');
    expect(text).toContain('`max_tokens` at 500');
    const fromPrompt = jsonOf(text);

    const tool = (await f.client.callTool({
      name: 'budget_status',
      arguments: { estimate: { model: 'dashscope/qwen-plus', input_tokens: 2000, output_tokens: 500, calls: 10 } },
    })) as CallToolResult & { structuredContent: Structured };
    expect(tool.isError).toBeFalsy();
    expect(fromPrompt.estimate).toEqual(tool.structuredContent.estimate);
    expect(fromPrompt.estimate.fits).toBe(true);
    expect(fromPrompt.estimate.total.microUsd).toBeGreaterThan(0);
    expect(fromPrompt.provider.provider).toBe('dashscope');
    expect(fromPrompt.provider.limit.microUsd).toBe(5_000_000);
  });

  it('check-budget-before-job: a job past the budget is not to be started', async () => {
    const text = textOf(await get('check-budget-before-job', { model: 'dashscope/qwen-plus', input_tokens: '100000', output_tokens: '8000', calls: '1000' }));
    expect(text).toContain('It does not fit: do not start it.');
    expect(jsonOf(text).estimate.fits).toBe(false);
  });

  it('check-budget-before-job: an embedding job needs no output tokens; a chat job does', async () => {
    const text = textOf(await get('check-budget-before-job', { model: 'dashscope/text-embedding-v4', input_tokens: '1000000' }));
    expect(text).toContain('1 call of dashscope/text-embedding-v4 (1000000 tokens to embed per call)');
    expect(text).not.toContain('max_tokens');
    expect(jsonOf(text).estimate.fits).toBe(true);

    await expect(get('check-budget-before-job', { model: 'dashscope/qwen-plus', input_tokens: '1000' })).rejects.toMatchObject({
      code: -32602,
      message: expect.stringContaining('output_tokens is required for a chat model'),
    });
  });

  it('check-budget-before-job: a model without a price is to be asked about, not started', async () => {
    // A model the catalog does not know may still exist upstream: its cost is unknown, not an error.
    const text = textOf(await get('check-budget-before-job', { model: 'dashscope/not-in-the-catalog', input_tokens: '10', output_tokens: '10' }));
    expect(text).toContain('Its cost is unknown (the model has no price): say so, and ask before starting it.');
    expect(jsonOf(text).estimate.fits).toBeUndefined();
  });

  it('check-budget-before-job: counts that are not whole numbers and an unknown provider are invalid params naming them', async () => {
    await expect(get('check-budget-before-job', { model: 'dashscope/qwen-plus', input_tokens: 'lots', output_tokens: '10' })).rejects.toMatchObject({
      code: -32602,
      message: expect.stringContaining('input_tokens is a whole number'),
    });
    const unknown = get('check-budget-before-job', { model: 'nowhere/qwen-plus', input_tokens: '10', output_tokens: '10' });
    await expect(unknown).rejects.toMatchObject({ code: -32602, message: expect.stringContaining('nowhere') });
    await expect(unknown).rejects.toMatchObject({ message: expect.stringContaining('dashscope/qwen-plus') });
  });

  it("ask-for-task: the request with the task's route, unconfigured providers marked skipped", async () => {
    const result = await get('ask-for-task', { task: 'summarize', prompt: 'Summarize the attached minutes in five bullets.' });
    const text = textOf(result);
    expect(text).toContain('`task: "summarize"` and no `model`');
    // The built-in summarize route; OpenAI has no key in this fixture, DashScope is the simulator.
    expect(text).toMatch(
      /The route, in order: dashscope\/qwen-flash -> dashscope\/qwen-plus -> openai\/gpt-4\.1-mini \(skipped: provider not configured\) -> /,
    );
    expect(text.endsWith('\n\nSummarize the attached minutes in five bullets.')).toBe(true);
    expect(result.description).toBe('A summarize request through its route');
  });

  it('ask-for-task: an unknown task type is an invalid param listing the known ones, `toString` included as an ordinary name', async () => {
    await expect(get('ask-for-task', { task: 'toString', prompt: 'hi' })).rejects.toMatchObject({
      code: -32602,
      message: expect.stringMatching(/Unknown task type "toString"\. Known task types: .*summarize/),
    });
  });

  it('completes model and task for the prompts', async () => {
    const model = await f.client.complete({ ref: { type: 'ref/prompt', name: 'check-budget-before-job' }, argument: { name: 'model', value: 'qwen-p' } });
    expect(model.completion.values[0]).toBe('dashscope/qwen-plus');
    expect(model.completion.values.every((v) => v.includes('qwen-p'))).toBe(true);
    const task = await f.client.complete({ ref: { type: 'ref/prompt', name: 'ask-for-task' }, argument: { name: 'task', value: 'sum' } });
    expect(task.completion.values).toEqual(['summarize']);
  });
});

import type OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SPEND_UNCAPPED_TOKENS } from './plan-answer.ts';
import { startSimulator } from './server.ts';
import { openaiFor, user } from './test-client.ts';
import type { Simulator } from './types.ts';

type Chunk = OpenAI.Chat.ChatCompletionChunk & { choices: Array<{ delta: { reasoning_content?: string | null } }> };

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterEach(() => sim.reset());
afterAll(() => sim.close());

async function stream(body: Record<string, unknown>): Promise<{ text: string; reasoning: string; usage: unknown }> {
  const chunks = (await openaiFor(sim).chat.completions.create({
    model: 'qwen-plus',
    messages: user('q'),
    stream: true,
    stream_options: { include_usage: true },
    ...body,
  } as OpenAI.ChatCompletionCreateParamsStreaming)) as AsyncIterable<Chunk>;
  let text = '';
  let reasoning = '';
  let usage: unknown;
  for await (const chunk of chunks) {
    text += chunk.choices[0]?.delta.content ?? '';
    reasoning += chunk.choices[0]?.delta.reasoning_content ?? '';
    if (chunk.usage) usage = chunk.usage;
  }
  return { text, reasoning, usage };
}

describe("spend: 'all'", () => {
  it('answers as long as the cap sent, and reports it', async () => {
    sim.setDefault({ spend: 'all' });
    const completion = await openaiFor(sim).chat.completions.create({ model: 'qwen-max', messages: user('q'), max_completion_tokens: 300 });
    expect(completion.choices[0]?.message.content).toHaveLength(1200);
    expect(completion.choices[0]?.finish_reason).toBe('length');
    expect(completion.usage).toMatchObject({ completion_tokens: 300 });
  });

  it('reasons as long as thinking_budget on a thinking stream, beside an answer as long as the cap', async () => {
    sim.setDefault({ spend: 'all' });
    const { text, reasoning, usage } = await stream({ max_completion_tokens: 50, enable_thinking: true, thinking_budget: 70 });
    expect(text).toHaveLength(200);
    expect(reasoning).toHaveLength(280);
    expect(usage).toMatchObject({ completion_tokens: 120, completion_tokens_details: { reasoning_tokens: 70 } });
  });

  it('reports a huge spend when no cap was sent', async () => {
    sim.setDefault({ spend: 'all' });
    const { usage } = await stream({});
    expect(usage).toMatchObject({ completion_tokens: SPEND_UNCAPPED_TOKENS });
  });
});

describe('rawUsage', () => {
  it('sends hostile usage figures verbatim, on both paths', async () => {
    const raw = { prompt_tokens: '12', completion_tokens: 1e18, completion_tokens_details: { reasoning_tokens: -5 } };
    sim.script([{ rawUsage: raw }, { rawUsage: raw }]);
    const completion = await openaiFor(sim).chat.completions.create({ model: 'qwen-max', messages: user('q') });
    expect(completion.usage).toEqual(raw);
    expect((await stream({})).usage).toEqual(raw);
  });

  it('is refused when it is not an object, as spend is when it is not "all"', () => {
    expect(() => sim.script({ rawUsage: 5 as never })).toThrow(/rawUsage must be an object/);
    expect(() => sim.script({ spend: 'some' as never })).toThrow(/spend must be 'all'/);
  });
});

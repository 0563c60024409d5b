import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSimulatorClient } from './control-client.ts';
import { dashscopeErrors } from './dashscope-errors.ts';
import { startSimulator } from './server.ts';
import { postChat, user } from './test-client.ts';
import type { Simulator } from './types.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterEach(() => sim.reset());
afterAll(() => sim.close());

describe('control API over HTTP', () => {
  it('scripts, sets the default, lists requests, reports status and resets', async () => {
    // Any URL on the simulator works: the client keeps only the origin.
    const control = createSimulatorClient(`${sim.origin}/compatible-mode/v1`);
    await control.script([{ text: 'first' }, { fault: dashscopeErrors.rateQuota }]);
    await control.script({ text: 'turbo' }, { model: 'qwen-turbo' });
    await control.setDefault({ text: 'default' });
    expect((await control.status()).pending).toBe(3);

    const answers: unknown[] = [];
    for (const model of ['qwen-turbo', 'qwen-plus', 'qwen-plus', 'qwen-plus']) {
      const response = await postChat(sim, { model, messages: user('a') });
      answers.push(response.ok ? ((await response.json()) as { choices: { message: { content: string } }[] }).choices[0]?.message.content : response.status);
    }
    expect(answers).toEqual(['turbo', 'first', 429, 'default']);

    const requests = await control.requests();
    expect(requests.map((request) => request.body?.model)).toEqual(['qwen-turbo', 'qwen-plus', 'qwen-plus', 'qwen-plus']);
    expect(requests[2]).toMatchObject({ status: 429, scenario: { fault: { code: 'Throttling.RateQuota' } } });
    expect(await control.status()).toMatchObject({ pending: 0, inFlight: 0, recorded: 4 });

    await control.reset();
    expect(await control.requests()).toEqual([]);
    const afterReset = await postChat(sim, { model: 'qwen-plus', messages: user('a') });
    expect(((await afterReset.json()) as { choices: { message: { content: string } }[] }).choices[0]?.message.content).toBe('Echo: a echo echo');
  });

  it('rejects invalid scenarios with 400 and says why', async () => {
    const response = await fetch(`${sim.origin}/__sim/script`, {
      method: 'POST',
      body: JSON.stringify({ scenarios: [{ latency: 5 }], model: 'qwen-plus' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { message: 'scenarios[0]: unknown scenario field "latency"' } });
    const unknownModel = await fetch(`${sim.origin}/__sim/script`, { method: 'POST', body: JSON.stringify({ scenarios: [{}], model: 'nope' }) });
    expect(unknownModel.status).toBe(400);
    await expect(createSimulatorClient(sim.origin).setDefault({ chunks: 0 })).rejects.toThrow(/chunks must be an integer >= 1/);
    expect(sim.pending()).toBe(0);
  });

  it('accepts a bare scenario as the default body', async () => {
    const response = await fetch(`${sim.origin}/__sim/default`, { method: 'POST', body: JSON.stringify({ text: 'bare' }) });
    expect(response.status).toBe(200);
    const answer = await postChat(sim, { model: 'qwen-plus', messages: user('a') });
    expect(await answer.text()).toContain('"content":"bare"');
  });

  it('keeps control requests out of the request log, and unknown control paths 404', async () => {
    expect((await fetch(`${sim.origin}/__sim/nothing`)).status).toBe(404);
    await fetch(`${sim.origin}/__sim/requests`);
    expect(sim.requests).toHaveLength(0);
  });
});

/**
 * onBudgetChange: a `spend` change after each chat or embed is recorded (of
 * its provider), a `limits` change when a reconfigure changes the budgets,
 * none for a reconfigure that leaves them alone, and none after unsubscribing.
 * onBudgetAlert: each threshold this process fires, once, with its sentence.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse-config.js';
import { CANARY_KEY, startGatewayFixture, type GatewayFixture } from '../test-support/gateway-fixture.js';
import type { BudgetAlertNotice, BudgetChange } from './budget-changes.js';

let fx: GatewayFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

describe('gateway.onBudgetChange', () => {
  it('says spend changed once a chat or an embed is recorded, and what the ledger holds then includes it', async () => {
    fx = await startGatewayFixture({ file: { budgets: { dashscope: { monthlyUsd: 5 } } } });
    const gateway = fx.gateway;
    const seen: Array<{ change: BudgetChange; spent: Promise<number>; latest: Promise<string | undefined> }> = [];
    const stop = gateway.onBudgetChange((change) => {
      // Read at the moment of the signal: the record has landed by then.
      seen.push({
        change,
        spent: gateway.budgetStatus({ provider: 'dashscope' }).then((s) => s.providers[0]!.spent.microUsd),
        latest: gateway.recentRequests(1).then(([record]) => record?.kind ?? record?.outcome),
      });
    });
    await gateway.chat({ prompt: 'hello', model: 'dashscope/qwen-plus' });
    expect(seen.map((s) => s.change)).toEqual([{ reason: 'spend', provider: 'dashscope' }]);
    expect(await seen[0]!.spent).toBeGreaterThan(0);

    await gateway.embed({ model: 'dashscope/text-embedding-v4', input: ['one text', 'another'] });
    expect(seen.map((s) => s.change)).toEqual([
      { reason: 'spend', provider: 'dashscope' },
      { reason: 'spend', provider: 'dashscope' },
    ]);
    // A few embedded tokens cost less than a micro-dollar: the record, not the sum, shows it landed.
    expect(await seen[1]!.latest).toBe('embed');

    stop();
    await gateway.chat({ prompt: 'unseen', model: 'dashscope/qwen-plus' });
    expect(seen).toHaveLength(2);
  });

  it('says the limits changed when a reconfigure changes a budget, and nothing when it changes none', async () => {
    fx = await startGatewayFixture();
    const changes: BudgetChange[] = [];
    fx.gateway.onBudgetChange((change) => changes.push(change));
    const env = { DASHSCOPE_API_KEY: CANARY_KEY, DASHSCOPE_BASE_URL: fx.sim.baseURL, AEGIS_LLM_HOME: fx.home, HOME: fx.home };
    fx.gateway.reconfigure(parseConfig({ routes: { chat: ['dashscope/qwen-flash'] } }, env));
    expect(changes).toEqual([]);
    fx.gateway.reconfigure(parseConfig({ budgets: { dashscope: { monthlyUsd: 1 } } }, env));
    expect(changes).toEqual([{ reason: 'limits' }]);
  });

  it('keeps calling the other listeners when one throws, and logs it', async () => {
    fx = await startGatewayFixture();
    let calls = 0;
    fx.gateway.onBudgetChange(() => {
      throw new Error('listener broke');
    });
    fx.gateway.onBudgetChange(() => void calls++);
    const result = await fx.gateway.chat({ prompt: 'hello', model: 'dashscope/qwen-plus' });
    expect(result.text.length).toBeGreaterThan(0);
    expect(calls).toBe(1);
    expect(fx.logs.some((line) => line.includes('budget-change listener failed') && line.includes('listener broke'))).toBe(true);
  });

  it('tells each budget alert this process fires, once, with the sentence the log carries', async () => {
    // 1,000 micro-USD: a short chat is admitted (worst case ~150) and crosses 1%.
    fx = await startGatewayFixture({ file: { budgets: { dashscope: { monthlyUsd: 0.001, alertThresholds: [1, 100] } } } });
    const alerts: BudgetAlertNotice[] = [];
    const stop = fx.gateway.onBudgetAlert((alert) => alerts.push(alert));
    await fx.gateway.chat({ prompt: 'hello', model: 'dashscope/qwen-plus', maxTokens: 10 });
    await fx.gateway.flush();
    expect(alerts.map((a) => [a.provider, a.threshold])).toEqual([['dashscope', 1]]);
    const [alert] = alerts;
    expect(alert!.limitMicroUsd).toBe(1000);
    expect(alert!.spentMicroUsd).toBeGreaterThanOrEqual(1);
    expect(alert!.text).toMatch(/^Aegis LLM budget alert: dashscope has spent \$0\.\d+ of its \$0\.001 monthly budget/);
    expect(fx.logs.some((line) => line.includes(alert!.text))).toBe(true);

    // The same threshold does not fire twice in a period.
    await fx.gateway.chat({ prompt: 'hello again', model: 'dashscope/qwen-plus', maxTokens: 10 });
    await fx.gateway.flush();
    expect(alerts.filter((a) => a.threshold === 1)).toHaveLength(1);
    stop();
  });
});

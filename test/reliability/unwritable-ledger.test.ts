/**
 * A ledger that cannot be written refuses budgeted work (issue 15, items 4
 * and 5). Mid-load, the embedded ledger's directory is replaced by a plain
 * file for a while (that stops writes as root too, where chmod does not), then
 * put back. Must hold:
 * - meanwhile budgeted requests are refused with `store_unavailable`, naming
 *   the cost ledger, and unbudgeted ones are still answered;
 * - once it is back, every answer given (during the outage too) is in the
 *   ledger exactly once: the records that could not be written were kept and
 *   retried, not dropped;
 * - no provider went into cooldown, and budgeted requests are answered again.
 */
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGateway, isAegisError, parseConfig, type Gateway, type LedgerRecord } from '@aegis-llm/core';
import { startSimulator, type Simulator } from '@aegis-llm/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const KEY = 'sk-unwritable-ledger-0123456789';
let sim: Simulator;
let home: string;
let gateway: Gateway;
const logs: string[] = [];

beforeAll(async () => {
  sim = await startSimulator({ apiKey: KEY, models: ['qwen-plus', 'gpt-4o-mini'], defaultScenario: { chunks: 4, chunkIntervalMs: 5 } });
  home = mkdtempSync(join(tmpdir(), 'aegis-unwritable-'));
  const config = parseConfig(
    { routing: { maxRetries: 0 }, budgets: { dashscope: { monthlyUsd: 10 } } },
    {
      DASHSCOPE_API_KEY: KEY,
      DASHSCOPE_BASE_URL: sim.baseURL,
      OPENAI_API_KEY: KEY,
      OPENAI_BASE_URL: sim.baseURL,
      AEGIS_LLM_HOME: home,
      HOME: home,
    },
  );
  const write = (level: string) => (message: string, fields?: Record<string, unknown>) => logs.push(`${level}: ${message} ${JSON.stringify(fields ?? {})}`);
  gateway = createGateway({ config, logger: { info: write('info'), warn: write('warn'), error: write('error') } });
});
afterAll(async () => {
  await sim?.close();
  rmSync(home, { recursive: true, force: true });
});

type Phase = 'before' | 'outage' | 'after';
interface Tally {
  answered: number;
  costMicroUsd: number;
  refused: Map<string, number>;
}

function ledgerRecords(): LedgerRecord[] {
  const dir = join(home, 'ledger');
  return readdirSync(dir)
    .filter((name) => /^ledger-\d{4}-\d{2}\.jsonl$/.test(name))
    .flatMap((name) => readFileSync(join(dir, name), 'utf8').split('\n'))
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LedgerRecord);
}

describe('the ledger directory made unwritable mid-load', () => {
  it('refuses budgeted requests with store_unavailable, loses no record, puts no provider in cooldown', async () => {
    let phase: Phase = 'before';
    const tallies = new Map<string, Tally>();
    const tally = (provider: string, at: Phase): Tally => {
      const key = `${provider}:${at}`;
      let t = tallies.get(key);
      if (t === undefined) tallies.set(key, (t = { answered: 0, costMicroUsd: 0, refused: new Map() }));
      return t;
    };
    const messages = new Set<string>();
    let stop = false;
    let n = 0;
    const worker = async () => {
      while (!stop) {
        const i = n++;
        const provider = i % 3 === 2 ? 'openai' : 'dashscope';
        const model = provider === 'openai' ? 'openai/gpt-4o-mini' : 'dashscope/qwen-plus';
        const at = phase;
        const request = { model, prompt: `request ${i}`, maxTokens: 30 };
        try {
          let cost: number | undefined;
          if (i % 2 === 0) cost = (await gateway.chat(request)).costMicroUsd;
          else {
            for await (const event of gateway.stream(request)) {
              if (event.type === 'done') cost = event.result.costMicroUsd;
              if (event.type === 'error') throw event.error;
            }
          }
          const t = tally(provider, at);
          t.answered += 1;
          t.costMicroUsd += cost ?? 0;
        } catch (error) {
          const kind = isAegisError(error) ? error.kind : 'thrown';
          if (isAegisError(error)) messages.add(error.message);
          const t = tally(provider, at);
          t.refused.set(kind, (t.refused.get(kind) ?? 0) + 1);
          // A refused request comes back at once: do not spin.
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      }
    };
    const workers = Array.from({ length: 8 }, worker);

    const dir = join(home, 'ledger');
    const away = join(home, 'ledger.away');
    await new Promise((resolve) => setTimeout(resolve, 800));
    // Unwritable, also for root: the directory is no longer there, a file is.
    phase = 'outage';
    renameSync(dir, away);
    writeFileSync(dir, 'not a directory');
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    rmSync(dir);
    renameSync(away, dir);
    phase = 'after';
    // Long enough for a lock left in the directory at the swap to go stale (5 s) and the kept records to land (retries every 2 s at most).
    await new Promise((resolve) => setTimeout(resolve, 9_000));
    stop = true;
    await Promise.all(workers);
    const cooldowns = await gateway.cooldowns();
    await gateway.close();

    const get = (provider: string, at: Phase) => tallies.get(`${provider}:${at}`) ?? { answered: 0, costMicroUsd: 0, refused: new Map<string, number>() };
    const summary = Object.fromEntries([...tallies].map(([key, t]) => [key, { answered: t.answered, refused: Object.fromEntries(t.refused) }]));
    console.info('unwritable ledger', summary);

    // Budgeted requests were refused while it could not be written, and only with store_unavailable.
    expect(get('dashscope', 'outage').refused.get('store_unavailable') ?? 0).toBeGreaterThan(0);
    for (const t of tallies.values()) expect([...t.refused.keys()].filter((kind) => kind !== 'store_unavailable')).toEqual([]);
    expect([...messages].every((m) => m.includes('cost ledger'))).toBe(true);
    // Unbudgeted requests went on being answered.
    expect(get('openai', 'outage').answered).toBeGreaterThan(0);
    // Budgeted requests are answered again afterwards, and no provider is in cooldown.
    expect(get('dashscope', 'after').answered).toBeGreaterThan(0);
    expect(cooldowns).toEqual([]);

    // Every answer is in the ledger once, at its cost; nothing recorded twice.
    const records = ledgerRecords();
    expect(new Set(records.map((r) => r.id)).size).toBe(records.length);
    for (const provider of ['dashscope', 'openai']) {
      const answered = (['before', 'outage', 'after'] as const).reduce((sum, at) => sum + get(provider, at).answered, 0);
      const cost = (['before', 'outage', 'after'] as const).reduce((sum, at) => sum + get(provider, at).costMicroUsd, 0);
      const ok = records.filter((r) => r.provider === provider && r.outcome === 'ok');
      expect({ provider, answered: ok.length, cost: ok.reduce((sum, r) => sum + (r.costMicroUsd ?? 0), 0) }).toEqual({ provider, answered, cost });
    }
    expect(logs.some((line) => line.includes('kept in memory and retried'))).toBe(true);
    expect(logs.some((line) => line.includes('writable again'))).toBe(true);
  }, 60_000);
});

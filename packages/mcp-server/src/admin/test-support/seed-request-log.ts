/**
 * Traffic over three days for the date range, request log and error
 * breakdown tests (API and Chromium), against the fixture's simulator. Start
 * the fixture with `seedFixtureOptions()` so the gateway reads `clock` and
 * the timeout below applies. The model budget is saved only today: a budget
 * allowance held across a clock jumped by days would lapse (and be recorded
 * as abandoned), which no real clock does.
 *
 * - 3 days ago: 2 answers of qwen-plus, task summarize, tag team=alpha.
 * - yesterday: qwen-plus fails (HTTP 500) behind qwen-flash that serves
 *   (task translate, team=beta); qwen-flash rate limited (429) alone.
 * - today: qwen-max refused by its model budget; qwen-turbo times out;
 *   `bulk` answers of qwen-flash (task bulk) for paging.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { loadConfig } from '@aegis-llm/core';
import type { AdminFixture, AdminFixtureOptions } from './start-admin-fixture.js';

const DAY_MS = 86_400_000;

/** A clock the test moves: `daysBack` days before the real now, or the real now. */
export interface ShiftedClock {
  now(): number;
  daysBack(days: number): void;
}

export function shiftedClock(): ShiftedClock {
  let back = 0;
  return { now: () => Date.now() - back * DAY_MS, daysBack: (days) => void (back = days) };
}

export function seedFixtureOptions(clock: ShiftedClock, extra: AdminFixtureOptions = {}): AdminFixtureOptions {
  return {
    ...extra,
    file: {
      timeZone: 'UTC',
      routing: { maxRetries: 0, requestTimeoutMs: 2_000, cooldown: { failures: 50 } },
      ...extra.file,
    },
    gateway: { ...extra.gateway, clock: { now: () => clock.now() } },
  };
}

/** The day key (UTC) `days` days before now. */
export function dayBack(days: number): string {
  return new Date(Date.now() - days * DAY_MS).toISOString().slice(0, 10);
}

export async function seedRequestLog(fx: AdminFixture, clock: ShiftedClock, bulk = 30): Promise<void> {
  const serverError = { fault: { type: 'status' as const, status: 500, code: 'InternalError' } };
  const rateLimited = { fault: { type: 'status' as const, status: 429, code: 'Throttling.RateQuota' } };
  const chat = fx.gateway.chat.bind(fx.gateway);

  clock.daysBack(3);
  for (let i = 0; i < 2; i += 1) {
    fx.sim.script({ text: 'a', usage: { promptTokens: 1_000, completionTokens: 100 } }, { model: 'qwen-plus' });
    await chat({ model: 'dashscope/qwen-plus', prompt: 'x', maxTokens: 200, task: 'summarize', tags: { team: 'alpha' } });
  }

  clock.daysBack(1);
  fx.sim.script(serverError, { model: 'qwen-plus' });
  fx.sim.script({ text: 'b' }, { model: 'qwen-flash' });
  await chat({ model: 'dashscope/qwen-plus', fallbacks: ['dashscope/qwen-flash'], prompt: 'x', maxTokens: 20, task: 'translate', tags: { team: 'beta' } });
  fx.sim.script(rateLimited, { model: 'qwen-flash' });
  await chat({ model: 'dashscope/qwen-flash', prompt: 'x', maxTokens: 20 }).catch(() => undefined);

  clock.daysBack(0);
  const file = JSON.parse(readFileSync(fx.configFile, 'utf8')) as Record<string, unknown>;
  writeFileSync(fx.configFile, `${JSON.stringify({ ...file, budgets: { dashscope: { monthlyUsd: 100, models: { 'qwen-max': 0.000001 } } } }, null, 2)}\n`);
  await fx.gateway.reconfigure(loadConfig({ file: fx.configFile, env: fx.env, cwd: fx.home, homeDir: fx.home }));
  await chat({ model: 'dashscope/qwen-max', prompt: 'x', maxTokens: 200 }).catch(() => undefined);
  fx.sim.script({ fault: { type: 'hang-before-headers' as const } }, { model: 'qwen-turbo' });
  await chat({ model: 'dashscope/qwen-turbo', prompt: 'x', maxTokens: 20 }).catch(() => undefined);
  for (let i = 0; i < bulk; i += 1) {
    fx.sim.script({ text: 'c' }, { model: 'qwen-flash' });
    await chat({ model: 'dashscope/qwen-flash', prompt: 'x', maxTokens: 5, task: 'bulk' });
  }
}

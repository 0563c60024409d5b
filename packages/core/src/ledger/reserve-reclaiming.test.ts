import { describe, expect, it } from 'vitest';
import { RECLAIM_WAIT_MS, idleRoomWouldAdmit, reserveReclaiming } from './reserve-reclaiming.js';
import type { BudgetRefusal, ReserveOutcome } from './store.js';
import { reserveInput } from './test-support/ledger-store-contract.js';

const refusal = (extra: Partial<BudgetRefusal> = {}): BudgetRefusal => ({
  scope: 'provider',
  spentMicroUsd: 400,
  reservedMicroUsd: 500,
  limitMicroUsd: 1000,
  requestMicroUsd: 200,
  ...extra,
});
const refused = (extra: Partial<BudgetRefusal> = {}): ReserveOutcome => ({ admitted: false, refusal: refusal(extra) });
const admitted: ReserveOutcome = {
  admitted: true,
  repeated: false,
  reservation: { id: 'r', provider: 'dashscope', model: 'qwen-plus', period: '2026-11', day: '2026-11-03', expiresAt: 0 },
};

/** A store answering `answers` in turn (the last one forever), and what the loop did. */
function scripted(answers: ReserveOutcome[]) {
  const seen = { reserves: 0, reclaims: [] as string[], slept: [] as number[], reclaimMs: [] as Array<number | undefined> };
  return {
    seen,
    deps: {
      store: {
        reserve: async (input: { reclaimMs?: number }) => {
          seen.reclaimMs.push(input.reclaimMs);
          return answers[Math.min(seen.reserves++, answers.length - 1)]!;
        },
      },
      allowances: { reclaim: async (period: string, provider: string) => void seen.reclaims.push(`${period}/${provider}`) },
      sleep: async (ms: number) => void seen.slept.push(ms),
    },
  };
}

describe('reserveReclaiming', () => {
  it('tells a refusal idle allowance room alone causes from one the requests in flight cause', () => {
    // 400 spent + 500 held of which 300 live allowances: 400 + 200 + 200 fits 1000.
    expect(idleRoomWouldAdmit(refusal({ allowanceMicroUsd: 300 }))).toBe(true);
    expect(idleRoomWouldAdmit(refusal({ allowanceMicroUsd: 99 }))).toBe(false);
    expect(idleRoomWouldAdmit(refusal())).toBe(false);
    // Unpriced: admitted while below the limit.
    expect(idleRoomWouldAdmit(refusal({ requestMicroUsd: undefined, reservedMicroUsd: 600, allowanceMicroUsd: 1 }))).toBe(true);
    expect(idleRoomWouldAdmit(refusal({ requestMicroUsd: undefined, reservedMicroUsd: 600, allowanceMicroUsd: 0 }))).toBe(false);
  });

  it('refuses at once when the requests in flight leave no room', async () => {
    const { deps, seen } = scripted([refused({ allowanceMicroUsd: 50 })]);
    expect(await reserveReclaiming(deps, reserveInput('r', 200))).toMatchObject({ admitted: false });
    expect(seen).toMatchObject({ reserves: 1, reclaims: [], slept: [] });
  });

  it("asks the room back, retires its own process's allowances and tries again until admitted", async () => {
    const { deps, seen } = scripted([refused({ allowanceMicroUsd: 300 }), refused({ allowanceMicroUsd: 300 }), refused({ allowanceMicroUsd: 300 }), admitted]);
    expect(await reserveReclaiming(deps, reserveInput('r', 200))).toBe(admitted);
    expect(seen).toMatchObject({ reserves: 4, reclaims: ['2026-11/dashscope', '2026-11/dashscope', '2026-11/dashscope'], slept: [25, 50] });
    // Every try asks the store to mark the reclaim.
    expect(new Set(seen.reclaimMs)).toEqual(new Set([2000]));
  });

  it('stops once what is left is requests in flight, or after about 3 s of holders not answering', async () => {
    const settles = scripted([refused({ allowanceMicroUsd: 300 }), refused({ reservedMicroUsd: 700 })]);
    expect(await reserveReclaiming(settles.deps, reserveInput('r', 200))).toMatchObject({ admitted: false, refusal: { reservedMicroUsd: 700 } });
    expect(settles.seen.reserves).toBe(2);

    const stalled = scripted([refused({ allowanceMicroUsd: 300 })]);
    expect(await reserveReclaiming(stalled.deps, reserveInput('r', 200))).toMatchObject({ admitted: false });
    expect(stalled.seen.slept.reduce((a, b) => a + b, 0)).toBe(RECLAIM_WAIT_MS);
    expect(RECLAIM_WAIT_MS).toBeGreaterThanOrEqual(2500);
    expect(RECLAIM_WAIT_MS).toBeLessThanOrEqual(4000);
  });
});

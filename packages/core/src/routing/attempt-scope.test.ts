import { describe, expect, it } from 'vitest';
import { systemClock } from '../time/clock.js';
import { createAttemptScope } from './attempt-scope.js';

const target = { provider: 'dashscope', model: 'qwen-plus' };
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the attempt scope idle watchdog', () => {
  it('aborts an attempt kept waiting past idleTimeoutMs, delivering or not', async () => {
    const scope = createAttemptScope({ target, clock: systemClock, deadline: systemClock.now() + 10_000, idleTimeoutMs: 40 });
    scope.delivering();
    scope.armIdle();
    await wait(120);
    expect(scope.signal.aborted).toBe(true);
    expect(scope.signal.reason).toMatchObject({ kind: 'timeout' });
    scope.dispose();
  });

  it('with idleUntilDelivering, watches only until delivering() (coalesced parts come far apart)', async () => {
    const scope = createAttemptScope({ target, clock: systemClock, deadline: systemClock.now() + 10_000, idleTimeoutMs: 40, idleUntilDelivering: true });
    scope.armIdle();
    scope.delivering();
    scope.armIdle();
    await wait(120);
    expect(scope.signal.aborted).toBe(false);
    scope.dispose();

    const before = createAttemptScope({ target, clock: systemClock, deadline: systemClock.now() + 10_000, idleTimeoutMs: 40, idleUntilDelivering: true });
    before.armIdle();
    await wait(120);
    expect(before.signal.aborted).toBe(true);
    before.dispose();
  });
});

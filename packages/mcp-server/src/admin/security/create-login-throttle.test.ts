import { describe, expect, test } from 'vitest';
import { createLoginThrottle } from './create-login-throttle.js';

describe('createLoginThrottle', () => {
  test('counts failures per source within the window', () => {
    let now = 1_000_000;
    const throttle = createLoginThrottle({ maxFailures: 3, windowMs: 60_000, now: () => now });
    for (let i = 0; i < 3; i += 1) {
      expect(throttle.retryAfterMs('10.0.0.1')).toBe(0);
      throttle.failed('10.0.0.1');
      now += 1_000;
    }
    // Locked until the first failure leaves the window (60 s after it).
    expect(throttle.retryAfterMs('10.0.0.1')).toBe(57_000);
    expect(throttle.retryAfterMs('10.0.0.2')).toBe(0);
    now += 57_000;
    expect(throttle.retryAfterMs('10.0.0.1')).toBe(0);
  });

  test('a success clears only its own source', () => {
    const throttle = createLoginThrottle({ maxFailures: 1, now: () => 5 });
    throttle.failed('a');
    throttle.failed('b');
    throttle.succeeded('a');
    expect(throttle.retryAfterMs('a')).toBe(0);
    expect(throttle.retryAfterMs('b')).toBeGreaterThan(0);
  });

  test('sources are names, not object keys, and the stalest are forgotten past maxSources', () => {
    const throttle = createLoginThrottle({ maxFailures: 1, maxSources: 2, now: () => 5 });
    throttle.failed('__proto__');
    expect(throttle.retryAfterMs('__proto__')).toBeGreaterThan(0);
    expect(throttle.retryAfterMs('constructor')).toBe(0);
    throttle.failed('b');
    throttle.failed('c');
    expect(throttle.retryAfterMs('__proto__')).toBe(0);
    expect(throttle.retryAfterMs('b')).toBeGreaterThan(0);
    expect(throttle.retryAfterMs('c')).toBeGreaterThan(0);
  });
});

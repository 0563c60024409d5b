import { expect, test } from 'vitest';
import { createLoginThrottle } from './create-login-throttle.js';
import { createSessionStore } from './create-session-store.js';

test('sessions end after the idle time and after the maximum age, whatever the use', () => {
  let now = 0;
  const store = createSessionStore({ idleMs: 100, maxAgeMs: 250, now: () => now });
  const session = store.create();
  expect(session.id).not.toBe(session.csrfToken);
  now = 90;
  expect(store.get(session.id)).toBe(session);
  now = 180;
  expect(store.get(session.id)).toBe(session); // idle timer restarted at 90
  now = 260;
  expect(store.get(session.id)).toBeUndefined(); // past the maximum age
  expect(store.get(undefined)).toBeUndefined();
  expect(store.get('')).toBeUndefined();
});

test('the login throttle opens again once the window has passed', () => {
  let now = 0;
  const throttle = createLoginThrottle({ maxFailures: 2, windowMs: 1000, now: () => now });
  throttle.failed('127.0.0.1');
  expect(throttle.retryAfterMs('127.0.0.1')).toBe(0);
  throttle.failed('127.0.0.1');
  expect(throttle.retryAfterMs('127.0.0.1')).toBe(1000);
  now = 1001;
  expect(throttle.retryAfterMs('127.0.0.1')).toBe(0);
});

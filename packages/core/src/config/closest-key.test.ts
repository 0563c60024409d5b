import { describe, expect, it } from 'vitest';
import { closestKey } from './closest-key.js';

const TOP = ['home', 'providers', 'endpoints', 'models', 'routes', 'routing', 'budgets', 'alerts', 'timeZone', 'currency'];

describe('closestKey', () => {
  it.each([
    ['provider', 'providers'],
    ['Providers', 'providers'],
    ['budget', 'budgets'],
    ['timezone', 'timeZone'],
    ['time_zone', 'timeZone'],
    ['endpoint', 'endpoints'],
    ['aletrs', 'alerts'],
    ['rotes', 'routes'],
  ])('%s -> %s', (typo, expected) => {
    expect(closestKey(typo, TOP)).toBe(expected);
  });

  it('suggests nothing for an unrelated key', () => {
    expect(closestKey('llm', TOP)).toBeUndefined();
    expect(closestKey('apiKey', TOP)).toBeUndefined();
  });
});

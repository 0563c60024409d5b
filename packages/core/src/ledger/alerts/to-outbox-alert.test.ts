import { describe, expect, it } from 'vitest';
import { toOutboxAlert } from './to-outbox-alert.js';

describe('toOutboxAlert', () => {
  it('leads the body with the id and type, which the payload cannot override', () => {
    const alert = toOutboxAlert({
      id: 'usage-suspect-r1.1',
      type: 'aegis-llm.usage-suspect',
      payload: { id: 'x', type: 'y', provider: 'dashscope' },
      facts: { provider: 'dashscope' },
    });
    expect(alert.body).toBe('{"id":"usage-suspect-r1.1","type":"aegis-llm.usage-suspect","provider":"dashscope"}');
    expect(alert.facts).toEqual({ provider: 'dashscope' });
  });

  it('replaces an id that cannot go in a header by its hash, the same every time', () => {
    const make = () => toOutboxAlert({ id: 'requête 1', type: 't', payload: {} });
    expect(make().id).toMatch(/^sha256-[0-9a-f]{32}$/);
    expect(make().id).toBe(make().id);
    expect(JSON.parse(make().body)).toMatchObject({ id: make().id });
  });
});

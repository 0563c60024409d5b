import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniquePrefix } from '../ledger/redis/test-support/redis-test-store.js';
import { startGatewayFixture } from '../test-support/gateway-fixture.js';
import { hasRedisServer, startRedisServer, type RedisServer } from '../test-support/start-redis-server.js';

const enabled = hasRedisServer();
let server: RedisServer | undefined;
beforeAll(async () => {
  if (enabled) server = await startRedisServer();
});
afterAll(() => server?.stop());

describe.skipIf(!enabled)('a gateway on the store its configuration names', () => {
  it('AEGIS_LLM_STORE=redis://...: two gateways share one ledger and budget, nothing in the embedded files', async () => {
    const file = { store: { keyPrefix: uniquePrefix() }, budgets: { dashscope: { monthlyUsd: 5 } } };
    const env = { AEGIS_LLM_STORE: server!.url };
    const [a, b] = await Promise.all([startGatewayFixture({ file, env }), startGatewayFixture({ file, env })]);
    try {
      expect(a.config.store).toMatchObject({ kind: 'redis', url: server!.url });
      a.sim.script({ text: 'shared', latencyMs: 1 });
      const answer = await a.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'hi' });
      // The answer does not wait for the ledger write; another process sees it once it has landed.
      await a.gateway.flush();
      const status = await b.gateway.budgetStatus({ provider: 'dashscope' });
      expect(status.providers.find((p) => p.provider === 'dashscope')).toMatchObject({
        spent: { microUsd: answer.costMicroUsd },
        requests: 1,
        // One request: A took no budget allowance (only steady demand does), nothing stays held.
        openReservations: 0,
      });
      expect((await b.gateway.recentRequests(1))[0]).toMatchObject({ costMicroUsd: answer.costMicroUsd });
      expect(existsSync(join(a.home, 'ledger'))).toBe(false);
      await a.close();
      expect((await b.gateway.budgetStatus({ provider: 'dashscope' })).providers.find((p) => p.provider === 'dashscope')).toMatchObject({
        spent: { microUsd: answer.costMicroUsd },
        reserved: { microUsd: 0 },
        openReservations: 0,
      });
    } finally {
      // Closing ends the Redis connections: the test process would not exit otherwise.
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('Redis down, fail-closed: a request is refused before anything is sent, naming the store but no password', async () => {
    const env = { AEGIS_LLM_STORE: `redis://:pw-canary-77@127.0.0.1:${server!.port + 1}/0` };
    const fx = await startGatewayFixture({ file: { budgets: { dashscope: { monthlyUsd: 5 } } }, env });
    try {
      fx.sim.script({ text: 'never', latencyMs: 1 });
      const error = await fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'hi' }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ kind: 'store_unavailable', retryable: false, fallbackable: false });
      expect((error as Error).message).toContain(`redis://127.0.0.1:${server!.port + 1}/0`);
      expect(fx.sim.requests).toHaveLength(0);
      expect(JSON.stringify([(error as Error).message, fx.logs])).not.toContain('pw-canary-77');
    } finally {
      await fx.close();
    }
  });
});

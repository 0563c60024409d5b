import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLedger, parseConfig } from '@aegis-llm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The core's own redis-server helper: fails under CI=true when redis-server is missing.
import { hasRedisServer, startRedisServer, type RedisServer } from '../../../core/src/test-support/start-redis-server.js';
import { captureIo } from '../test-support/capture-io.js';
import { main } from './main.js';

describe.runIf(hasRedisServer())('aegis-llm store import', () => {
  let redis: RedisServer;
  let dir: string;
  beforeAll(async () => {
    redis = await startRedisServer();
    dir = mkdtempSync(join(tmpdir(), 'aegis-import-'));
    // Three requests recorded in an embedded ledger.
    const ledger = createLedger({ config: parseConfig({}, { AEGIS_LLM_HOME: join(dir, 'home'), HOME: dir }) });
    for (const id of ['a', 'b', 'c']) {
      await ledger.record({ id, provider: 'dashscope', model: 'qwen-plus', costMicroUsd: 1_000, latencyMs: 5, outcome: 'ok', attempts: 1 });
    }
    await ledger.close();
  });
  afterAll(async () => {
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = async (argv: string[], env: NodeJS.ProcessEnv) => {
    const io = captureIo({ AEGIS_LLM_HOME: join(dir, 'home'), HOME: dir, ...env }, dir);
    return { code: await main(argv, io), out: io.out(), err: io.err() };
  };

  it('copies the embedded ledger into Redis once, and again adds nothing', async () => {
    const first = await run(['store', 'import'], { AEGIS_LLM_STORE: redis.url });
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/Imported 3 records .*: 3 new, 0 already there/);
    const again = await run(['store', 'import', '--json'], { AEGIS_LLM_STORE: redis.url });
    expect(JSON.parse(again.out)).toMatchObject({ records: 3, added: 0 });
  });

  it('says what to set without a Redis store, and rejects unknown actions', async () => {
    const noRedis = await run(['store', 'import'], {});
    expect(noRedis.code).toBe(2);
    expect(noRedis.err).toContain('AEGIS_LLM_STORE=redis://');
    expect((await run(['store', 'export'], { AEGIS_LLM_STORE: redis.url })).code).toBe(2);
  });
});

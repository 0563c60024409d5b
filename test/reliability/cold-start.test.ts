/**
 * The first call of a fresh process (found by slow-ledger.test.ts after the
 * openai SDK became lazily loaded, dd98a05): loading the SDK is our own
 * start-up time, not the upstream's silence, so it must not be measured by
 * the stream idle timer. Vitest evaluates modules afresh for each test file,
 * so the first call here loads the SDK for real: keep this file to this one
 * test, first.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGateway, parseConfig } from '@aegis-llm/core';
import { startSimulator } from '@aegis-llm/simulator';
import { expect, it } from 'vitest';

const KEY = 'sk-cold-start-0123456789';

it('the first call of a new gateway answers although the idle timeout is shorter than loading the SDK', async () => {
  const sim = await startSimulator({ apiKey: KEY });
  const home = mkdtempSync(join(tmpdir(), 'aegis-cold-'));
  const config = parseConfig(
    // Shorter than loading the SDK on a cold process here (300-500 ms), long
    // enough for a loopback first chunk on a busy CI machine (50 ms flaked).
    { routing: { maxRetries: 0, streamIdleTimeoutMs: 250 } },
    { DASHSCOPE_API_KEY: KEY, DASHSCOPE_BASE_URL: sim.baseURL, AEGIS_LLM_HOME: home, HOME: home },
  );
  const gateway = createGateway({ config, logger: { info() {}, warn() {}, error() {} } });
  try {
    const result = await gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'hello', maxTokens: 20 });
    expect(result.text).toMatch(/^Echo: hello/);
  } finally {
    await gateway.close();
    await sim.close();
    rmSync(home, { recursive: true, force: true });
  }
});

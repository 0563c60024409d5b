import { describe, expect, it } from 'vitest';
import { AegisError } from '../errors.js';
import { configSecrets } from './config-secrets.js';
import { parseConfig } from './parse-config.js';

const meta = { cwd: '/p', homeDir: '/h', file: '/p/aegis-llm.config.json' };

function errorOf(run: () => unknown): AegisError {
  try {
    run();
  } catch (error) {
    expect((error as AegisError).kind).toBe('invalid_config');
    return error as AegisError;
  }
  throw new Error('expected an invalid_config error');
}

describe('the store setting', () => {
  it('defaults to the embedded store', () => {
    expect(parseConfig(undefined, {}, meta).store).toEqual({ kind: 'embedded' });
    expect(parseConfig({ store: { onUnavailable: 'fail-open' } }, {}, meta).store).toEqual({ kind: 'embedded' });
  });

  it('reads a Redis store from the file, with defaults', () => {
    expect(parseConfig({ store: { url: 'redis://cache:6379/2' } }, {}, meta).store).toEqual({
      kind: 'redis',
      url: 'redis://cache:6379/2',
      onUnavailable: 'fail-closed',
      keyPrefix: 'aegis:',
      recordRetentionDays: 90,
    });
    const full = { url: 'rediss://cache', onUnavailable: 'fail-open', keyPrefix: 'team-a:', recordRetentionDays: 30 };
    expect(parseConfig({ store: full }, {}, meta).store).toEqual({ kind: 'redis', ...full });
  });

  it("takes AEGIS_LLM_STORE over the file URL, keeping the file's other settings", () => {
    const file = { store: { url: 'redis://file:6379/0', onUnavailable: 'fail-open' } };
    expect(parseConfig(file, { AEGIS_LLM_STORE: 'redis://env:6380/1' }, meta).store).toMatchObject({
      kind: 'redis',
      url: 'redis://env:6380/1',
      onUnavailable: 'fail-open',
    });
    expect(parseConfig(file, { AEGIS_LLM_STORE: 'embedded' }, meta).store).toEqual({ kind: 'embedded' });
  });

  it('refuses what is not a Redis URL, without echoing a password', () => {
    const fromFile = errorOf(() => parseConfig({ store: { url: 'http://:pw-secret-1@cache:6379' } }, {}, meta));
    expect(fromFile.message).toContain('store.url');
    expect(fromFile.message).toContain('redis://host:6379/0');
    expect(fromFile.message).not.toContain('pw-secret-1');
    const fromEnv = errorOf(() => parseConfig(undefined, { AEGIS_LLM_STORE: 'cache:6379?password=pw-secret-2' }, meta));
    expect(fromEnv.message).toContain('AEGIS_LLM_STORE');
    const masked = errorOf(() => parseConfig(undefined, { AEGIS_LLM_STORE: 'redis://:pw-secret-3@cache:6379/x' }, meta));
    expect(masked.message).not.toContain('pw-secret-3');
    expect(errorOf(() => parseConfig({ store: { url: 'redis://c', onUnavailable: 'open' } }, {}, meta)).message).toContain('store.onUnavailable');
  });

  it('counts a Redis password among the secrets to redact', () => {
    const config = parseConfig({ store: { url: 'redis://:s3cr%2Fet@cache:6379/0' } }, {}, meta);
    expect(configSecrets(config)).toEqual(expect.arrayContaining(['s3cr%2Fet', 's3cr/et']));
  });
});

import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { AdminHttpError } from '../api/admin-http-error.js';
import { budgetFieldOf, setBudget } from './apply-budget-patch.js';
import { fieldsUnder } from './config-path.js';
import type { AegisConfig } from '@aegis-llm/core';
import { createConfigEditor } from './create-config-editor.js';

let dir: string;
let file: string;
const env = { HOME: '/nonexistent', AEGIS_LLM_HOME: '/tmp/aegis-editor-home' };
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aegis-editor-'));
  file = join(dir, 'aegis-llm.config.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const budget = (monthlyUsd: string) => ({ monthlyUsd, onLimit: 'block', alertThresholds: ['50', '100'], models: [] });

test('an update keeps everything it does not touch (keys included), writes 0600 and reconfigures with what it validated', async () => {
  const original = {
    $schema: './schema.json',
    providers: { openai: { apiKey: 'sk-keep-me-0123456789', defaultModel: 'gpt-4o-mini' } },
    endpoints: [{ name: 'groq', baseURL: 'https://api.groq.com/openai/v1', apiKeyEnv: 'GROQ_API_KEY', headers: { 'X-Title': 'aegis' } }],
  };
  writeFileSync(file, JSON.stringify(original), { mode: 0o644 });
  const reconfigure = vi.fn(async (_config: AegisConfig) => undefined);
  const editor = createConfigEditor({ file, env, reconfigure });
  await editor.update((draft) => {
    setBudget(draft, 'dashscope', budget('12.50'));
    return budgetFieldOf('dashscope');
  });
  const written = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  expect(written).toEqual({ ...original, budgets: { dashscope: { monthlyUsd: '12.50', onLimit: 'block', alertThresholds: [50, 100] } } });
  expect(Object.keys(written)).toEqual(['$schema', 'providers', 'endpoints', 'budgets']);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(reconfigure).toHaveBeenCalledTimes(1);
  // The file as saved, parsed once: reconfigure does not read it again.
  const applied = reconfigure.mock.calls[0]![0];
  expect(applied.budgets.dashscope?.monthlyLimitMicroUsd).toBe(12_500_000);
  expect(applied.configFile).toBe(file);
  expect(applied.providers.openai?.defaultModel).toBe('gpt-4o-mini');
});

test('an invalid result is refused with parseConfig’s message and the field, and nothing is written', async () => {
  writeFileSync(file, '{"timeZone":"UTC"}\n');
  const reconfigure = vi.fn(async () => undefined);
  const editor = createConfigEditor({ file, env, reconfigure });
  const failure = await editor
    .update((draft) => {
      setBudget(draft, 'dashscope', { ...budget('5'), alertThresholds: ['50', 'lots'] });
      return budgetFieldOf('dashscope');
    })
    .catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(AdminHttpError);
  expect(failure).toMatchObject({
    status: 422,
    kind: 'invalid_config',
    extra: { path: 'budgets.dashscope.alertThresholds[1]', field: 'alertThresholds' },
  });
  expect((failure as Error).message).toBe('"lots" is text, not a number. Use a number.');
  expect(readFileSync(file, 'utf8')).toBe('{"timeZone":"UTC"}\n');
  expect(reconfigure).not.toHaveBeenCalled();
});

test('a problem outside the edited section is reported for the whole form, in full', async () => {
  writeFileSync(file, '{"timeZone":"Mars/Olympus"}\n');
  const editor = createConfigEditor({ file, env, reconfigure: async () => undefined });
  const failure = await editor
    .update((draft) => {
      setBudget(draft, 'dashscope', budget('5'));
      return budgetFieldOf('dashscope');
    })
    .then(
      () => undefined,
      (error: unknown) => error as AdminHttpError,
    );
  expect(failure?.extra).toMatchObject({
    path: 'timeZone',
    field: undefined,
    problems: [{ path: 'timeZone', message: expect.stringContaining('timeZone: "Mars/Olympus"') }],
  });
  expect(failure?.message).toContain('timeZone: "Mars/Olympus" is not an IANA time zone.');
});

test('a file that is not JSON is never overwritten', async () => {
  writeFileSync(file, '{ "providers": { "openai": { "apiKey": "sk-secret-in-broken-file" ');
  const editor = createConfigEditor({ file, env, reconfigure: async () => undefined });
  const failure = await editor
    .update(() => fieldsUnder([], () => undefined))
    .then(
      () => undefined,
      (error: unknown) => error as AdminHttpError,
    );
  expect(failure?.status).toBe(409);
  expect(failure?.message).not.toContain('sk-secret');
  expect(readFileSync(file, 'utf8')).toContain('sk-secret-in-broken-file');
});

test('no file yet: the first update creates it', async () => {
  const editor = createConfigEditor({ file, env, reconfigure: async () => undefined });
  expect(await editor.read()).toEqual({});
  await editor.update((draft) => {
    setBudget(draft, 'openai', budget('3'));
    return budgetFieldOf('openai');
  });
  expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ budgets: { openai: { monthlyUsd: '3' } } });
});

test('concurrent updates run one at a time, each on top of the previous one', async () => {
  writeFileSync(file, '{}\n');
  const editor = createConfigEditor({ file, env, reconfigure: async () => new Promise((resolve) => setTimeout(resolve, 5)) });
  await Promise.all(
    ['dashscope', 'openai', 'anyllm', 'ollama'].map((provider) =>
      editor.update((draft) => {
        setBudget(draft, provider, budget('1'));
        return budgetFieldOf(provider);
      }),
    ),
  );
  const written = JSON.parse(readFileSync(file, 'utf8')) as { budgets: Record<string, unknown> };
  expect(Object.keys(written.budgets).sort()).toEqual(['anyllm', 'dashscope', 'ollama', 'openai']);
});

test('a failing reconfigure is reported as such; the file is saved', async () => {
  writeFileSync(file, '{}\n');
  const editor = createConfigEditor({
    file,
    env,
    reconfigure: async () => {
      throw new Error('store unavailable');
    },
  });
  const failure = await editor
    .update((draft) => {
      setBudget(draft, 'openai', budget('3'));
      return budgetFieldOf('openai');
    })
    .then(
      () => undefined,
      (error: unknown) => error as AdminHttpError,
    );
  expect(failure).toMatchObject({ status: 500, kind: 'apply_failed' });
  expect(failure?.message).toContain('store unavailable');
  expect(readFileSync(file, 'utf8')).toContain('"openai"');
});

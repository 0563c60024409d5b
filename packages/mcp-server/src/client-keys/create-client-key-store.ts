/**
 * The client keys of one Aegis home, in `<home>/client-keys.json` (mode 0600,
 * written atomically). The running server re-reads the file when it changes,
 * so `aegis-llm keys revoke` in another shell takes effect on the next request.
 * Writers (the CLI, the admin page) are few and rare; two writing in the same
 * instant could lose one change, which the later one's list would show.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_ALERT_THRESHOLDS, TAG, tagScope, usdToMicro, type TagBudget } from '@aegis-llm/core';
import { z } from 'zod';
import { writeFileAtomic } from '../admin/config-file/write-file-atomic.js';
import { hashSecret, newKeyMaterial, SECRET_PREFIX, toView, type ClientKey, type ClientKeyView } from './client-key.js';

export const CLIENT_KEYS_FILE = 'client-keys.json';

const targetPattern = /^[^/\s]+\/\S+$/;
const providerPattern = /^[^/\s]+$/;

export const newKeySchema = z.object({
  name: z.string().trim().min(1).max(100),
  allowedModels: z.array(z.string().regex(targetPattern, 'must be provider/model')).min(1).optional(),
  allowedProviders: z.array(z.string().regex(providerPattern, 'must be a provider id')).min(1).optional(),
  monthlyBudgetUsd: z.number().positive().finite().optional(),
});
export type NewKey = z.infer<typeof newKeySchema>;

const fileSchema = z.object({
  version: z.literal(1),
  keys: z.array(
    newKeySchema.extend({
      id: z.string(),
      hash: z.string().regex(/^[0-9a-f]{64}$/),
      hint: z.string(),
      createdAt: z.string(),
      revokedAt: z.string().optional(),
    }),
  ),
});

export interface ClientKeyStore {
  /** The active key a secret belongs to, or undefined (unknown or revoked). */
  verify(secret: string): ClientKey | undefined;
  list(): ClientKeyView[];
  /** True when at least one key is active. */
  hasActiveKeys(): boolean;
  /** A new key; the secret is in the answer only, never stored. */
  create(input: NewKey, now?: Date): Promise<{ key: ClientKeyView; secret: string }>;
  /** Revokes by id; undefined when there is no such key. */
  revoke(id: string, now?: Date): Promise<ClientKeyView | undefined>;
  /**
   * The active keys' monthly budgets as the core's tag budgets
   * (`client_key=<id>`), which it enforces in the store like any budget.
   * The same object while the file is unchanged.
   */
  tagBudgets(): Record<string, TagBudget>;
}

export function createClientKeyStore(home: string): ClientKeyStore {
  const file = join(home, CLIENT_KEYS_FILE);
  let stamp = '';
  let keys: ClientKey[] = [];
  let byHash = new Map<string, ClientKey>();
  let budgets: Record<string, TagBudget> = {};

  const load = (): void => {
    let next = 'missing';
    try {
      const s = statSync(file);
      next = `${s.mtimeMs}:${s.size}:${s.ino}`;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (next === stamp) return;
    const parsed = next === 'missing' ? { version: 1 as const, keys: [] } : parseFile(file);
    keys = parsed.keys.map(stripUndefined);
    byHash = new Map(keys.filter((k) => k.revokedAt === undefined).map((k) => [k.hash, k]));
    budgets = keyBudgets([...byHash.values()]);
    stamp = next;
  };
  const save = async (): Promise<void> => {
    await writeFileAtomic(file, `${JSON.stringify({ version: 1, keys }, null, 2)}\n`, { mode: 0o600 });
    stamp = '';
    load();
  };

  return {
    verify(secret) {
      if (!secret.startsWith(SECRET_PREFIX)) return undefined;
      load();
      return byHash.get(hashSecret(secret));
    },
    list() {
      load();
      return keys.map(toView);
    },
    hasActiveKeys() {
      load();
      return byHash.size > 0;
    },
    async create(input, now = new Date()) {
      const valid = newKeySchema.parse(input);
      load();
      const { id, secret } = newKeyMaterial();
      const key: ClientKey = stripUndefined({
        id,
        name: valid.name,
        hash: hashSecret(secret),
        hint: `${secret.slice(0, SECRET_PREFIX.length + 4)}…`,
        createdAt: now.toISOString(),
        ...optional(valid),
      });
      keys = [...keys, key];
      await save();
      return { key: toView(key), secret };
    },
    tagBudgets() {
      load();
      return budgets;
    },
    async revoke(id, now = new Date()) {
      load();
      const key = keys.find((k) => k.id === id);
      if (!key) return undefined;
      if (key.revokedAt === undefined) {
        keys = keys.map((k) => (k.id === id ? { ...k, revokedAt: now.toISOString() } : k));
        await save();
      }
      return toView(keys.find((k) => k.id === id)!);
    },
  };
}

function keyBudgets(active: readonly ClientKey[]): Record<string, TagBudget> {
  const out: Record<string, TagBudget> = {};
  for (const key of active) {
    const limit = key.monthlyBudgetUsd === undefined ? undefined : usdToMicro(key.monthlyBudgetUsd);
    if (limit === undefined) continue;
    Object.defineProperty(out, tagScope(TAG.clientKey, key.id), {
      value: { monthlyLimitMicroUsd: limit, alertThresholds: [...DEFAULT_ALERT_THRESHOLDS] },
      enumerable: true,
    });
  }
  return out;
}

function optional(input: NewKey): Partial<ClientKey> {
  const { name: _name, ...rest } = input;
  return rest;
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function parseFile(file: string): z.infer<typeof fileSchema> {
  const text = readFileSync(file, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${file} is not valid JSON: fix or remove it (aegis-llm keys create writes a new one).`);
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join('.') || 'file'}: ${issue?.message ?? 'invalid'}.`);
  }
  return parsed.data;
}

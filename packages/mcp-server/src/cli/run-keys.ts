import { loadConfig } from '@aegis-llm/core';
import { z } from 'zod';
import type { ClientKeyView } from '../client-keys/client-key.js';
import { createClientKeyStore, newKeySchema } from '../client-keys/create-client-key-store.js';
import { EXIT, type CliIo } from './cli-io.js';
import type { Values } from './commands.js';
import { formatTable } from './format-table.js';
import { UsageError } from './usage-error.js';

const list = (value: Values[string]) => (Array.isArray(value) ? value.map(String) : undefined);

/**
 * `aegis-llm keys create|list|revoke`: client keys for the OpenAI-compatible
 * endpoint of `aegis-llm serve`, in the data directory (AEGIS_LLM_HOME). A
 * running server sees changes at its next request.
 */
export async function runKeys(values: Values, positionals: string[], io: CliIo): Promise<number> {
  const [action, id] = positionals;
  const file = typeof values.config === 'string' ? values.config : undefined;
  const config = loadConfig({ env: io.env, cwd: io.cwd, file });
  const store = createClientKeyStore(config.home);
  const json = values.json === true;
  const print = (value: unknown) => io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

  switch (action) {
    case 'create': {
      const budget = typeof values['monthly-budget-usd'] === 'string' ? Number(values['monthly-budget-usd']) : undefined;
      const input = {
        name: typeof values.name === 'string' ? values.name : '',
        ...(list(values.model) ? { allowedModels: list(values.model) } : {}),
        ...(list(values.provider) ? { allowedProviders: list(values.provider) } : {}),
        ...(budget === undefined ? {} : { monthlyBudgetUsd: budget }),
      };
      const parsed = newKeySchema.safeParse(input);
      if (!parsed.success) throw new UsageError(describeIssue(parsed.error));
      const { key, secret } = await store.create(parsed.data);
      if (json) {
        print({ ...key, secret });
        return EXIT.ok;
      }
      io.stdout.write(
        [
          `Created client key ${key.id} ("${key.name}").`,
          '',
          `  ${secret}`,
          '',
          'This secret is shown once and never stored: copy it now. Use it as the API key',
          'of any OpenAI client, with base URL http://<host>:<port>/v1.',
          `Spend is tagged client_key=${key.id}. Revoke with: aegis-llm keys revoke ${key.id}`,
          '',
        ].join('\n'),
      );
      return EXIT.ok;
    }
    case 'list': {
      const keys = store.list();
      if (json) {
        print(keys);
        return EXIT.ok;
      }
      if (keys.length === 0) {
        io.stdout.write('No client keys. Create one with: aegis-llm keys create --name <who>\n');
        return EXIT.ok;
      }
      io.stdout.write(
        formatTable<ClientKeyView>(keys, [
          { header: 'ID', value: (k) => k.id },
          { header: 'NAME', value: (k) => k.name },
          { header: 'STATUS', value: (k) => k.status },
          { header: 'KEY', value: (k) => k.hint },
          { header: 'CREATED', value: (k) => k.createdAt.slice(0, 10) },
          { header: 'BUDGET/MONTH', value: (k) => (k.monthlyBudgetUsd === undefined ? '-' : `$${k.monthlyBudgetUsd}`), align: 'right' },
          { header: 'ALLOWED', value: (k) => [...(k.allowedProviders ?? []).map((p) => `${p}/*`), ...(k.allowedModels ?? [])].join(',') || 'any' },
        ]),
      );
      return EXIT.ok;
    }
    case 'revoke': {
      if (id === undefined) throw new UsageError('revoke needs the key id (aegis-llm keys list shows them)');
      const key = await store.revoke(id);
      if (!key) {
        io.stderr.write(`aegis-llm keys: no client key "${id}" (aegis-llm keys list shows them).\n`);
        return EXIT.failed;
      }
      if (json) print(key);
      else io.stdout.write(`Revoked ${key.id} ("${key.name}"): it is refused from the next request on.\n`);
      return EXIT.ok;
    }
    default:
      throw new UsageError(action === undefined ? 'name an action: create, list or revoke' : `unknown action "${action}": use create, list or revoke`);
  }
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const field = String(issue?.path[0] ?? '');
  const flag =
    ({ name: '--name', allowedModels: '--model', allowedProviders: '--provider', monthlyBudgetUsd: '--monthly-budget-usd' } as Record<string, string>)[field] ??
    field;
  if (field === 'name') return '--name is required: who or what the key is for';
  return `${flag}: ${issue?.message ?? 'invalid value'}`;
}

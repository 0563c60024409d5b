import path from 'node:path';
import type { z } from 'zod';
import { homedir } from 'node:os';
import { isAegisError } from '../errors.js';
import { createRedactor } from '../secrets/create-redactor.js';
import type { CatalogEntryOverride } from '../catalog/types.js';
import { checkCrossReferences } from './check-cross-references.js';
import { collectRawSecrets } from './collect-raw-secrets.js';
import {
  DEFAULT_CNY_PER_USD,
  DEFAULT_HOME,
  DEFAULT_RECORD_RETENTION_DAYS,
  DEFAULT_ROUTING,
  DEFAULT_STORE_KEY_PREFIX,
  DEFAULT_TIME_ZONE,
} from './default-routing.js';
import { displayPath } from './display-path.js';
import { expandHome } from './expand-home.js';
import { crossReferencesOfInvalid } from './cross-references-of-invalid.js';
import { findProtoKey } from './find-proto-key.js';
import { formatConfigIssue } from './format-config-issue.js';
import { formatConfigPath } from './format-config-path.js';
import { configWhere, invalidConfig, type ConfigProblem, type InvalidConfigDetails } from './invalid-config.js';
import { readEnv, value } from './read-env.js';
import { resolveBudgets, resolveTagBudgets } from './resolve-budgets.js';
import { resolveProviders } from './resolve-providers.js';
import { configFileSchema, type ConfigFile } from './schema.js';
import type { AegisConfig, RoutingSettings, StoreSettings } from './types.js';

export interface ConfigMeta {
  /** The config file the raw value came from (absolute, or relative to `cwd`); named in messages. */
  file?: string;
  /** @default process.cwd() */
  cwd?: string;
  /** What `~` expands to. @default os.homedir() */
  homeDir?: string;
}

/**
 * The configuration from an already-read file value (`undefined`: no file)
 * and the environment. Throws `AegisError('invalid_config')` with one
 * sentence naming the field or variable, the problem and the fix; never a
 * key's value (messages avoid key fields, and are redacted on top).
 * See ./schema.ts for the file format and the precedence rules.
 */
export function parseConfig(raw: unknown, env: NodeJS.ProcessEnv = process.env, meta: ConfigMeta = {}): AegisConfig {
  const redact = createRedactor(collectRawSecrets(raw, env));
  try {
    return parse(raw, env, meta);
  } catch (error) {
    if (isAegisError(error) && error.kind === 'invalid_config') {
      const details: InvalidConfigDetails = { source: 'file', ...error.details };
      // A path names keys, and a key name can be a pasted secret too.
      if (details.path !== undefined) details.path = redact(details.path);
      if (details.problems !== undefined) details.problems = details.problems.map((p) => ({ path: redact(p.path), text: redact(p.text) }));
      throw invalidConfig(redact(error.message), details);
    }
    throw error;
  }
}

function parse(raw: unknown, env: NodeJS.ProcessEnv, meta: ConfigMeta): AegisConfig {
  const cwd = meta.cwd ?? process.cwd();
  const homeDir = meta.homeDir ?? homedir();
  const shown = meta.file === undefined ? undefined : displayPath(meta.file, cwd);
  const filePath = meta.file === undefined ? undefined : path.resolve(cwd, meta.file);
  const where = configWhere('file', shown);
  const fail = (path: string, text: string): never => {
    throw invalidConfig(`${where}: ${text}`, { source: 'file', file: shown, path, problems: [{ path, text }] });
  };
  /** Every problem at once: one sentence when there is one, a numbered list when there are more. */
  const failAll = (problems: readonly ConfigProblem[]): never => {
    const [first] = problems;
    if (problems.length === 1 && first !== undefined) return fail(first.path, first.text);
    const list = problems.map((p, i) => `\n  ${i + 1}. ${p.text}`).join('');
    throw invalidConfig(`${where}: ${problems.length} problems:${list}`, { source: 'file', file: shown, path: first?.path, problems: [...problems] });
  };

  const input = raw ?? {};
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    fail('', 'the file must hold one JSON object { ... } at the top level.');
  }
  const protoKey = findProtoKey(input);
  if (protoKey !== undefined) {
    const at = formatConfigPath(protoKey);
    fail(at, `${at}: "__proto__" cannot be used as a name. Rename it (JavaScript objects treat "__proto__" specially, so it would be silently dropped).`);
  }
  const parsed = configFileSchema.safeParse(input);
  if (!parsed.success) {
    const problems = uniqueProblems(parsed.error.issues.map((issue) => formatConfigIssue(issue, input, configFileSchema)));
    const named = new Set(problems.map((p) => p.path));
    failAll([...problems, ...crossReferencesOfInvalid(input, parsed.error.issues.flatMap(refusedPaths), named)]);
  }
  const file: ConfigFile = parsed.data ?? {};
  const crossProblems = checkCrossReferences(file);
  if (crossProblems.length > 0) failAll(crossProblems);

  const settings = readEnv(env);
  const fileDir = filePath === undefined ? cwd : path.dirname(filePath);
  const home = settings.home !== undefined ? expandHome(settings.home, homeDir, cwd) : expandHome(file.home ?? DEFAULT_HOME, homeDir, fileDir);

  const config: AegisConfig = {
    home,
    providers: resolveProviders(file, settings, env),
    models: (file.models ?? []).map((entry) => toOverride(entry, shown)),
    routes: Object.fromEntries(Object.entries(file.routes ?? {}).map(([task, targets]) => [task, [...targets]])),
    routing: mergeRouting(file.routing),
    budgets: resolveBudgets(file, settings.budgets),
    tagBudgets: resolveTagBudgets(file),
    alerts: dropUndefined({
      webhookUrl: settings.alertWebhook ?? file.alerts?.webhookUrl,
      webhookSecret:
        settings.alertWebhookSecret ??
        (file.alerts?.webhookSecretEnv === undefined ? undefined : value(env, file.alerts.webhookSecretEnv)) ??
        file.alerts?.webhookSecret,
    }),
    timeZone: file.timeZone ?? DEFAULT_TIME_ZONE,
    currency: { cnyPerUsd: file.currency?.cnyPerUsd ?? DEFAULT_CNY_PER_USD },
    store: resolveStore(file.store, settings.store),
  };
  if (filePath !== undefined) config.configFile = filePath;
  return config;
}

/** Where the schema refused a value: an unknown key's own path, not its parent's. */
function refusedPaths(issue: z.core.$ZodIssue): PropertyKey[][] {
  return issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...issue.path, key]) : [issue.path];
}

/** One sentence per problem: zod can report one place twice (a union's branches). */
function uniqueProblems(problems: readonly ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => !seen.has(p.text) && seen.add(p.text) !== undefined);
}

/** The environment's URL replaces the file's; the file's other store settings still apply. */
function resolveStore(store: ConfigFile['store'], envUrl: string | undefined): StoreSettings {
  const url = envUrl ?? store?.url;
  if (url === undefined || url === 'embedded') return { kind: 'embedded' };
  return {
    kind: 'redis',
    url,
    onUnavailable: store?.onUnavailable ?? 'fail-closed',
    keyPrefix: store?.keyPrefix ?? DEFAULT_STORE_KEY_PREFIX,
    recordRetentionDays: store?.recordRetentionDays ?? DEFAULT_RECORD_RETENTION_DAYS,
  };
}

function mergeRouting(routing: ConfigFile['routing']): RoutingSettings {
  const { cooldown, ...rest } = routing ?? {};
  return {
    ...DEFAULT_ROUTING,
    ...dropUndefined(rest),
    cooldown: { ...DEFAULT_ROUTING.cooldown, ...dropUndefined(cooldown ?? {}) },
  };
}

function toOverride(entry: NonNullable<ConfigFile['models']>[number], shown: string | undefined): CatalogEntryOverride {
  const { pricing, ...rest } = entry;
  const override: CatalogEntryOverride = dropUndefined(rest);
  if (pricing !== undefined) {
    override.pricing = {
      currency: pricing.currency ?? 'USD',
      tiers: pricing.tiers.map((tier) => dropUndefined(tier)),
      source: pricing.source ?? (shown === undefined ? 'config file' : `config file ${shown}`),
      asOf: pricing.asOf ?? 'unspecified',
    };
  }
  return override;
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

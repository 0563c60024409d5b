import path from 'node:path';
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
import { findProtoKey } from './find-proto-key.js';
import { formatConfigIssue } from './format-config-issue.js';
import { formatConfigPath } from './format-config-path.js';
import { configWhere, invalidConfig, type InvalidConfigDetails } from './invalid-config.js';
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
    throw invalidConfig(`${where}: ${text}`, { source: 'file', file: shown, path });
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
    const [first, ...rest] = parsed.error.issues;
    if (first !== undefined) {
      const { path, text } = formatConfigIssue(first, input, configFileSchema);
      const more = rest.length === 0 ? '' : ` (${rest.length} more problem${rest.length === 1 ? '' : 's'} after this one.)`;
      fail(path, `${text}${more}`);
    }
  }
  const file: ConfigFile = parsed.data ?? {};
  const crossProblem = checkCrossReferences(file);
  if (crossProblem) fail(crossProblem.path, crossProblem.text);

  const settings = readEnv(env);
  const fileDir = filePath === undefined ? cwd : path.dirname(filePath);
  const home =
    settings.home !== undefined
      ? expandHome(settings.home, homeDir, cwd)
      : expandHome(file.home ?? DEFAULT_HOME, homeDir, fileDir);

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

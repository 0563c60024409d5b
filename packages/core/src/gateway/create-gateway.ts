import { randomUUID } from 'node:crypto';
import { createCatalog } from '../catalog/create-catalog.js';
import { budgetPricing } from './budget-pricing.js';
import { configSecrets } from '../config/config-secrets.js';
import type { AegisConfig, TagBudget } from '../config/types.js';
import { priceUsage } from '../cost/price-usage.js';
import { AegisError } from '../errors.js';
import { createLedger } from '../ledger/create-ledger.js';
import type { Ledger } from '../ledger/ledger.js';
import { createStderrLogger, type Logger } from '../log/logger.js';
import { createProvider } from '../providers/create-provider.js';
import type { Provider } from '../providers/provider.js';
import { systemClock, systemRandom, systemSleep, type Clock, type Random, type Sleep } from '../time/clock.js';
import { createCooldownTracker, type CooldownTracker } from '../routing/cooldown-tracker.js';
import { checkRouteTargets } from '../routing/check-route-targets.js';
import { routeCheckContext } from './route-check-context.js';
import { DEFAULT_ROUTES, mergeRoutes } from '../routing/default-routes.js';
import { parseTarget } from '../routing/parse-target.js';
import { createRedactor } from '../secrets/create-redactor.js';
import { createStoresFromConfig } from './create-stores-from-config.js';
import type { Target } from '../types.js';
import type { GatewayContext } from './gateway-context.js';
import type { Gateway, GatewayBudgetQuery } from './gateway.js';
import { listModels } from './list-models.js';
import { requireKnownProvider } from './require-known-provider.js';
import { runChat } from './run-chat.js';
import { embedTargetOf } from './plan-embed.js';
import { runEmbed } from './run-embed.js';
import { runRequest } from './run-request.js';
import { testProvider } from './test-provider.js';
import { createUpstreamTransport } from '../transport/create-upstream-transport.js';
import type { BudgetAlertNotice, BudgetChange } from './budget-changes.js';
import { createListeners } from './create-listeners.js';
import { alertText } from '../ledger/alerts/build-alert-payload.js';
import { watchLedgerSpend } from './watch-ledger-spend.js';

export interface GatewayOptions {
  config: AegisConfig;
  /** @default a ledger on the store `config.store` names: embedded in `config.home`, or Redis */
  ledger?: Ledger;
  /** @default cooldowns on the store `config.store` names: in-memory per gateway, or shared through Redis */
  cooldown?: CooldownTracker;
  /** @default stderr (stdout belongs to the MCP protocol) */
  logger?: Logger;
  /** For upstream calls. @default the upstream transport over undici (../transport/create-upstream-transport.ts), closed with the gateway */
  fetch?: typeof fetch;
  clock?: Clock;
  sleep?: Sleep;
  random?: Random;
  /**
   * Who this process is as a writer of the store's budget book (README,
   * "Budgets live in the store"): `n8n credential "..."`, say. Never a secret.
   * @default `config file <path>`, or `environment` without a file
   */
  budgetSource?: string;
  /**
   * Tag budgets this process declares besides the config's `tagBudgets`,
   * read on each budget-book refresh: the server's client keys, as
   * `client_key=<id>` -> the key's monthly budget.
   */
  tagBudgets?: () => Record<string, TagBudget>;
}

/** What createGateway derives from a configuration (see derive). */
type Derived = Pick<GatewayContext, 'config' | 'redact' | 'catalog' | 'providers' | 'planProviders' | 'routes' | 'routeWarnings'> & {
  /** What the providers are built from, to tell whether a new configuration needs new ones. */
  providerInputs: string;
};

/**
 * The gateway: the product's verbs over configured providers, routing,
 * budgets and the ledger. One per process is the intent (cooldown state is
 * shared by every request it serves).
 */
export function createGateway(options: GatewayOptions): Gateway {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createStderrLogger();
  // One connection pool for every provider of this gateway, unless a fetch was injected.
  const transport = options.fetch ? undefined : createUpstreamTransport();

  /**
   * Everything derived from the configuration, rebuilt by reconfigure. The
   * providers (and their clients) are kept when nothing they are built from
   * changed: a save of a budget or a route does not rebuild them.
   */
  const derive = (config: AegisConfig, previous?: Derived): Derived => {
    const secrets = configSecrets(config);
    const providerInputs = JSON.stringify([config.providers, config.models, config.routing.streamIdleTimeoutMs, secrets]);
    const built = previous !== undefined && previous.providerInputs === providerInputs ? previous : buildProviders(config, secrets, providerInputs);
    const { providers, catalog } = built;
    // Only the file's routes: the built-in ones name current models (default-routes.test.ts).
    const routeWarnings = checkRouteTargets(config.routes, routeCheckContext(providers, catalog));
    for (const warning of routeWarnings) logger.warn(warning.message, { task: warning.task, target: warning.target, code: warning.code });
    return { ...built, config, routes: mergeRoutes(DEFAULT_ROUTES, config.routes), routeWarnings };
  };

  /** The providers, their catalog and redactor: what derive keeps while their inputs stay the same. */
  const buildProviders = (config: AegisConfig, secrets: string[], providerInputs: string) => {
    const redact = createRedactor(secrets);
    // Each provider's region picks its price list (a Beijing key pays the CNY list).
    const regions = Object.fromEntries(Object.values(config.providers).flatMap((p) => (p.region === undefined ? [] : [[p.id, p.region] as const])));
    const catalog = createCatalog(config.models, { regions });
    const isStreamingOnly = (provider: string) => (model: string) => catalog.peek(provider, model)?.capabilities.includes('streaming-only') ?? false;
    const providers = new Map<string, Provider>(
      Object.values(config.providers).map((p) => [
        p.id,
        createProvider(p, {
          redact,
          streamIdleTimeoutMs: config.routing.streamIdleTimeoutMs,
          isStreamingOnly: isStreamingOnly(p.id),
          send: transport?.send,
          fetch: options.fetch,
          prepareFetch: transport?.prepare,
          now: () => clock.now(),
        }),
      ]),
    );
    const planProviders = Object.fromEntries([...providers].map(([id, p]) => [id, p.config]));
    return { redact, catalog, providers, planProviders, providerInputs };
  };

  let current = options.config;
  // The stores config.store names (embedded, or one Redis), for what the caller did not pass.
  const stores =
    options.ledger === undefined || options.cooldown === undefined
      ? createStoresFromConfig(options.config, { clock, logger, ledger: options.ledger === undefined, cooldown: options.cooldown === undefined })
      : undefined;
  const changes = createListeners<BudgetChange>(logger, 'budget-change');
  const alerts = createListeners<BudgetAlertNotice>(logger, 'budget-alert');
  const ledger = watchLedgerSpend(
    options.ledger ??
      createLedger({
        config: () => current,
        store: stores?.ledgerStore,
        budgetBook: stores?.budgetBook,
        budgetSource: options.budgetSource,
        tagBudgets: options.tagBudgets,
        clock,
        logger,
        fetch: options.fetch,
        onBudgetAlert: (alert) => alerts.emit({ ...alert, text: alertText(alert) }),
      }),
    changes.emit,
  );
  let derived = derive(options.config);
  let ctx: GatewayContext = {
    ...derived,
    ledger,
    cooldown: options.cooldown ?? createCooldownTracker({ settings: options.config.routing, clock, store: stores?.cooldownStore }),
    clock,
    sleep: options.sleep ?? systemSleep,
    random: options.random ?? systemRandom,
    logger,
    newId: () => randomUUID(),
  };

  const resolveModel = (spec: string): Target => {
    const target = parseTarget(spec, ctx.providers.keys()) ?? ctx.catalog.findByModel(spec)[0];
    if (!target) {
      throw new AegisError('bad_request', `Unknown model "${spec}". Use provider/model, e.g. dashscope/qwen-plus (list_models shows them).`, {
        details: { field: 'model' },
      });
    }
    return { provider: target.provider, model: target.model };
  };

  /** The ledger's budget status, with an estimate priced as its call would be charged. */
  const budgetStatusOf = async (query: GatewayBudgetQuery) => {
    const { estimate, ...rest } = query;
    if (!estimate) return ledger.budgetStatus(rest);
    const embedding = estimate.kind === 'embed';
    const target = embedding ? embedTargetOf(ctx, estimate.model, 'estimate.model') : resolveModel(estimate.model);
    // An embedding job produces no output tokens, whatever was given.
    const outputTokens = embedding ? 0 : (estimate.outputTokens ?? 0);
    const usage = {
      inputTokens: estimate.inputTokens,
      outputTokens,
      cachedInputTokens: 0,
      reasoningTokens: 0,
    };
    return ledger.budgetStatus({
      ...rest,
      estimate: {
        calls: estimate.calls ?? 1,
        provider: target.provider,
        model: target.model,
        inputTokens: estimate.inputTokens,
        outputTokens,
        // The price a call would be charged: an assumed one for an unpriced model, if its budget assumes one.
        costPerCallMicroUsd: priceUsage(usage, budgetPricing(ctx, target), {
          cnyPerUsd: ctx.config.currency.cnyPerUsd,
        }),
      },
    });
  };

  return {
    get config() {
      return ctx.config;
    },
    usage: (query) => ledger.usage(query),
    // Requests only: the records of failed attempts behind them are in the sums, not in this list.
    recentRequests: async (limit, options) => {
      const records = await ledger.listRecent(limit);
      return options?.failedAttempts === true ? records : records.filter((record) => record.attemptOf === undefined);
    },
    flush: () => ledger.flush(),
    sendTestAlert: () => ledger.sendTestAlert(),
    reconfigure(config) {
      const limitsBefore = budgetsKey(current);
      derived = derive(config, derived);
      ctx = { ...ctx, ...derived };
      current = config;
      if (budgetsKey(config) !== limitsBefore) changes.emit({ reason: 'limits' });
    },
    onBudgetChange: (listener) => changes.subscribe(listener),
    onBudgetAlert: (listener) => alerts.subscribe(listener),
    chat: (request) => runChat(ctx, request),
    stream: (request) => runRequest(ctx, request, true),
    embed: (request) => runEmbed(ctx, request),
    async listModels(query) {
      requireKnownProvider(ctx, query?.provider);
      return listModels(ctx, query);
    },
    async testProvider(provider) {
      const ids = provider ? [provider] : [...ctx.providers.keys()];
      return Promise.all(ids.map((id) => testProvider(ctx, id)));
    },
    async budgetStatus(query: GatewayBudgetQuery = {}) {
      const status = await budgetStatusOf(query);
      // A provider configured only in another process on the same ledger (an n8n credential's endpoint) has its spend here.
      if (query.provider !== undefined && !status.providers.some((p) => p.provider === query.provider)) requireKnownProvider(ctx, query.provider);
      return status;
    },
    async claimBudgets(providers) {
      await ledger.claimBudgets?.(providers);
      changes.emit({ reason: 'limits' });
    },
    cooldowns: async () => ctx.cooldown.snapshot(),
    clearCooldown: async (spec) => {
      const target = parseTarget(spec, ctx.providers.keys());
      if (target === undefined)
        throw new AegisError('bad_request', `"${spec.slice(0, 200)}" is not a provider/model target of a known provider.`, { details: { field: 'target' } });
      return ctx.cooldown.clear(target);
    },
    routeWarnings: () => ctx.routeWarnings.map((warning) => ({ ...warning })),
    checkRoutes: (routes) => checkRouteTargets(routes, routeCheckContext(ctx.providers, ctx.catalog)),
    async close() {
      await ledger.close();
      await stores?.close();
      await transport?.close();
    },
  };
}

/** What of a configuration the budgets in force are made of: a change of it is a `limits` change. */
function budgetsKey(config: AegisConfig): string {
  return JSON.stringify([config.budgets, config.tagBudgets ?? null]);
}

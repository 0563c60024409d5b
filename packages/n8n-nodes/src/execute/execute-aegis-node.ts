import { createRedactor, type Gateway, type Redactor } from '@aegis-llm/core';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { buildConfig } from '../config/build-config.js';
import { envHome, envStore } from '../config/env-home.js';
import type { ProviderSetup } from '../config/provider-setup.js';
import { errorToJson } from '../errors/error-to-json.js';
import { toNodeError } from '../errors/to-node-error.js';
import { openGateway } from '../gateway/open-gateway.js';
import type { NodeProfile } from '../node-profile.js';
import { budgetStatusOperation } from './budget-status-operation.js';
import { chatOperation } from './chat-operation.js';
import type { ItemOperation } from './item-runner.js';
import { listModelsOperation } from './list-models-operation.js';
import { testConnectionOperation } from './test-connection-operation.js';

const OPERATIONS: Readonly<Record<string, ItemOperation>> = {
  chat: chatOperation,
  listModels: listModelsOperation,
  testConnection: testConnectionOperation,
  budgetStatus: budgetStatusOperation,
};

/**
 * The `execute` of both action nodes: one gateway per run (its ledger is the
 * shared one in the data directory), one operation per item, each output item
 * paired with its input. A failed item becomes an error item when "Continue
 * On Fail" is on, else the run fails with the item's index.
 */
export async function executeAegisNode(ctx: IExecuteFunctions, profile: NodeProfile): Promise<INodeExecutionData[][]> {
  const items = ctx.getInputData();
  const out: INodeExecutionData[] = [];
  const credential = await ctx.getCredentials(profile.credentialName);

  let setup: ProviderSetup;
  let redact: Redactor = createRedactor(collectSecrets(credential));
  let gateway: Gateway;
  try {
    setup = profile.setup(credential);
    redact = createRedactor(setup.secrets);
    const dataDir = String(ctx.getNodeParameter('options.dataDir', 0, '') ?? '');
    gateway = openGateway(
      buildConfig(setup, { dataDir, envHome: envHome(), envStore: envStore(), credentialLabel: profile.label, warn: (m) => ctx.logger.warn(m) }),
      ctx.logger,
      profile.label,
    );
  } catch (error) {
    // A credential the core cannot use fails every item alike.
    if (!ctx.continueOnFail()) throw toNodeError(ctx.getNode(), error, 0, redact);
    return [items.map((_, itemIndex) => ({ json: errorToJson(error, redact), pairedItem: { item: itemIndex } }))];
  }

  try {
    for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
      try {
        const operation = String(ctx.getNodeParameter('operation', itemIndex, 'chat'));
        const run = OPERATIONS[operation];
        if (!run) throw new Error(`Unknown operation "${operation}".`);
        const results = await run({ ctx, gateway, setup, redact }, itemIndex);
        for (const json of results) out.push({ json, pairedItem: { item: itemIndex } });
      } catch (error) {
        if (ctx.continueOnFail()) {
          out.push({ json: errorToJson(error, redact, setup.authHint), pairedItem: { item: itemIndex } });
          continue;
        }
        throw toNodeError(ctx.getNode(), error, itemIndex, redact, setup.authHint);
      }
    }
  } finally {
    await gateway.close();
  }
  return [out];
}

/** Every string field of a credential that could be secret, for redaction before the setup is known. */
function collectSecrets(credential: Record<string, unknown>): string[] {
  return ['apiKey', 'headers'].map((name) => credential[name]).filter((v): v is string => typeof v === 'string');
}

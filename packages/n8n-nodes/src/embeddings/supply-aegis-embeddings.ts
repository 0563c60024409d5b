import { createRedactor, mergeTags } from '@aegis-llm/core';
import type { ISupplyDataFunctions, SupplyData } from 'n8n-workflow';
import { buildConfig } from '../config/build-config.js';
import { envHome, envStore } from '../config/env-home.js';
import type { ProviderSetup } from '../config/provider-setup.js';
import { toNodeError } from '../errors/to-node-error.js';
import { openGateway } from '../gateway/open-gateway.js';
import type { NodeProfile } from '../node-profile.js';
import { optionTags, workflowTags } from '../operations/workflow-tags.js';
import { createAegisEmbeddings } from './aegis-embeddings.js';
import { n8nLangchain } from './n8n-langchain.js';

export interface EmbeddingsOptions {
  dimensions?: number;
  dataDir?: string;
  tags?: { values?: Array<{ name?: unknown; value?: unknown }> };
}

/**
 * The `supplyData` of both embeddings sub-nodes: a gateway for this run (its
 * ledger shared with the other nodes and the MCP server), closed by n8n when
 * the vector store is done, and LangChain embeddings through it, their spend
 * tagged with the workflow, execution and node as the chat models' is. `model` is
 * the node's; `embedding` (AnyLLM) says the model's vector length, which
 * makes it an embedding model for the gateway (config `models[].embedding`).
 */
export async function supplyAegisEmbeddings(ctx: ISupplyDataFunctions, profile: NodeProfile, itemIndex: number): Promise<SupplyData> {
  const credential = await ctx.getCredentials(profile.credentialName);
  let redact = createRedactor([credential.apiKey, credential.headers].filter((v): v is string => typeof v === 'string'));
  try {
    const setup = profile.setup(credential);
    redact = createRedactor(setup.secrets);
    const options = ctx.getNodeParameter('options', itemIndex, {}) as EmbeddingsOptions;
    const model = String(ctx.getNodeParameter('model', itemIndex, '', { extractValue: true }) ?? '').trim();
    const vectorLength = Number(ctx.getNodeParameter('vectorLength', itemIndex, 0) ?? 0);
    const withModel = vectorLength > 0 && model !== '' ? declareEmbeddingModel(setup, model, vectorLength) : setup;
    // As the chat-model sub-nodes: AEGIS_LLM_STORE honoured, so the spend is in the shared ledger and under the same limits.
    const config = buildConfig(withModel, {
      dataDir: options.dataDir,
      envHome: envHome(),
      envStore: envStore(),
      credentialLabel: profile.label,
      warn: (m) => ctx.logger.warn(m),
    });
    const gateway = openGateway(config, ctx.logger, profile.label);
    // The user's tags first, then the workflow's: a Tags row cannot pass the spend off as another workflow's.
    const tags = mergeTags(optionTags(options.tags), workflowTags(ctx));
    const node = ctx.getNode();
    const embeddings = createAegisEmbeddings({
      gateway,
      model: `${setup.providerId}/${model}`,
      ...(options.dimensions === undefined || options.dimensions <= 0 ? {} : { dimensions: options.dimensions }),
      ...(tags === undefined ? {} : { tags }),
      toError: (error) => toNodeError(node, error, itemIndex, redact, setup.authHint),
    });
    const { logWrapper } = n8nLangchain();
    return { response: logWrapper ? logWrapper(embeddings, ctx) : embeddings, closeFunction: () => gateway.close() };
  } catch (error) {
    throw toNodeError(ctx.getNode(), error, itemIndex, redact);
  }
}

/** The credential's provider with `model` made an embedding model of `dimensions` (its price, if any, stays the credential's). */
function declareEmbeddingModel(setup: ProviderSetup, model: string, dimensions: number): ProviderSetup {
  const entry = { provider: setup.providerId, model, embedding: { dimensions } };
  return { ...setup, raw: { ...setup.raw, models: [...(setup.raw.models ?? []), entry] } };
}

/**
 * What the node and credential files use, bundled once into
 * dist/shared/aegis-llm.js (with the core) and required by each of them, so
 * the core is loaded once however many nodes a workflow has. The build maps
 * every `src/` import of an entry file to this module: a name used there must
 * be exported here.
 */
export { supplyAegisModel } from './chat-model/supply-aegis-model.js';
export { DASHSCOPE_DEFAULT_MODEL } from './config/dashscope-setup.js';
export {
  dashscopeBaseUrlExpression,
  DASHSCOPE_DEFAULT_REGION,
  DASHSCOPE_REGION_OPTIONS,
  DASHSCOPE_WORKSPACE_REGIONS,
} from './credentials/dashscope-region-options.js';
export { ledgerProperties } from './credentials/ledger-properties.js';
export { DASHSCOPE_REGION_MISMATCH_HINT } from './credentials/region-mismatch-hint.js';
export { actionNodeProperties } from './description/action-node-properties.js';
export { chatModelProperties } from './description/chat-model-properties.js';
export { embeddingsProperties } from './description/embeddings-properties.js';
export { supplyAegisEmbeddings } from './embeddings/supply-aegis-embeddings.js';
export { executeAegisNode } from './execute/execute-aegis-node.js';
export { createSearchModels } from './methods/search-models.js';
export { ANYLLM_PROFILE, DASHSCOPE_PROFILE } from './node-profile.js';

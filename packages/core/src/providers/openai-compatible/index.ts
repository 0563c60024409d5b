/**
 * The wire layer: OpenAI-compatible requests made by the core itself
 * (wire-client.ts). Loaded on first use (see ../create-provider.ts): a
 * command that never calls an upstream (`aegis-llm` answering tools/list)
 * should not pay for loading it.
 */
export { completeChat } from './complete-chat.js';
export { createWireClient, type WireClient } from './wire-client.js';
export { listModelIds } from './list-model-ids.js';
export { createEmbeddings } from './create-embeddings.js';
export { streamChat } from './stream-chat.js';
export { toAegisError } from './to-aegis-error.js';

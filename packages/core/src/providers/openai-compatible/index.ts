/**
 * The wire layer over the openai SDK. Loaded on first use (see
 * ../create-provider.ts): the SDK is the largest module the core pulls in,
 * and a command that never calls an upstream (`aegis-llm` answering
 * tools/list) should not pay for loading it.
 */
export { completeChat } from './complete-chat.js';
export { createClient } from './create-client.js';
export { createEmbeddings } from './create-embeddings.js';
export { streamChat } from './stream-chat.js';
export { toAegisError } from './to-aegis-error.js';

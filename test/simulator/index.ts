export { startSimulator, DEFAULT_REQUEST_LOG_LIMIT } from './server.ts';
export { dashscopeErrors, type DashScopeErrorName } from './dashscope-errors.ts';
export { DEFAULT_MODELS, DEFAULT_STREAMING_ONLY, DEFAULT_THINKING_BY_DEFAULT, DEFAULT_THINKING_ONLY } from './default-models.ts';
export { createSimulatorClient, type SimulatorClient } from './control-client.ts';
export { validateScenario, assertScenario } from './validate-scenario.ts';
export { DEFAULT_EMBEDDING_MODELS, type SimEmbeddingModel } from './embedding-models.ts';
export { hashEmbedding } from './hash-embedding.ts';
export { countTokens, countPromptTokens } from './usage.ts';
export type {
  DropFault,
  Fault,
  HangBeforeHeadersFault,
  HangFault,
  JsonObject,
  MalformedFault,
  RecordedRequest,
  Scenario,
  ScriptOptions,
  Simulator,
  SimulatorOptions,
  SimulatorStatus,
  StatusFault,
  UsageOverride,
} from './types.ts';

import { providerKind } from '@aegis-llm/core';

/**
 * What "Test connection" says when DashScope refuses a key. Keys are
 * region-bound: a Singapore key on the Beijing host gets 401 (LiteLLM #12571,
 * Dify plugins #3608), and that is by far the most common cause. The wording
 * of the region advice is the core's, naming the credential's own field.
 */
export const DASHSCOPE_REGION_MISMATCH_HINT = `The key was refused (401). ${
  providerKind('dashscope').regions?.keyRegionHint('the Region') ?? ''
} Check also that the key is complete.`;

import type { ProviderSpec } from '../provider-spec.js';
import { classifyDashScopeError } from './dashscope-error-codes.js';

/**
 * DashScope (Alibaba Cloud Model Studio), OpenAI-compatible mode.
 * - From 2026-04-20 the output cap is `max_completion_tokens` (official notice
 *   "changes to certain model fields").
 * - Hybrid thinking models take `enable_thinking`; a non-streaming call with
 *   thinking on is a 400, so non-streaming calls always send `false`.
 * - Keys are region-bound: a Singapore key on the Beijing host gets 401
 *   (LiteLLM #12571, Dify plugins #3608).
 */
export const dashscopeSpec: ProviderSpec = {
  kind: 'dashscope',
  label: 'DashScope',
  outputCapField: 'max_completion_tokens',
  needsKey: true,
  extraBody({ stream, thinking, thinkingBudget }) {
    if (!stream) return { enable_thinking: false };
    if (thinking === undefined) return {};
    return thinking && thinkingBudget !== undefined
      ? { enable_thinking: true, thinking_budget: thinkingBudget }
      : { enable_thinking: thinking };
  },
  classifyError: classifyDashScopeError,
  authHint:
    'DashScope keys are bound to a region: check that the configured region (singapore, us, beijing; DASHSCOPE_REGION) matches the region the key was created in.',
};

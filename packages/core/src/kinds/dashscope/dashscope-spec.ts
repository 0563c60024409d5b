import { DASHSCOPE_EMBEDDING_LIMITS } from './dashscope-embedding-limits.js';
import type { ProviderSpec } from '../provider-spec.js';
import { classifyDashScopeError } from './dashscope-error-codes.js';
import { DASHSCOPE_REGION_TABLE } from './dashscope-regions.js';

/**
 * DashScope (Alibaba Cloud Model Studio), OpenAI-compatible mode.
 * - From 2026-04-20 the output cap is `max_completion_tokens` (official notice
 *   "changes to certain model fields").
 * - Hybrid thinking models take `enable_thinking`; a non-streaming call with
 *   thinking on is a 400, so non-streaming calls always send `false`, and
 *   streamed calls send `false` too unless the caller asks for thinking
 *   (Qwen3.5+ think by default): no reasoning is produced, or billed, that
 *   the caller did not ask for and the reservation did not price.
 * - The output cap (`max_completion_tokens`, `max_tokens` before) bounds the
 *   answer only, not the reasoning (Model Studio API reference; the
 *   simulator does the same); reasoning is bounded by `thinking_budget`. So a
 *   call that may reason (thinking on, or a thinking-only model) is sent both:
 *   the caller's budget, else the model's max output, and the reservation
 *   prices the budget at the reasoning price plus the answer cap at the
 *   output price. A call with thinking off (every non-streamed call, and
 *   hybrid models unless asked, `enable_thinking: false` being sent) produces
 *   no reasoning: one cap, as elsewhere.
 * - Keys are region-bound: a Singapore key on the Beijing host gets 401
 *   (LiteLLM #12571, Dify plugins #3608).
 * - Sampling: compatible mode documents `top_p`, `stop`, `seed` and
 *   `presence_penalty`; not `frequency_penalty` or `user` (Model Studio
 *   "OpenAI compatibility" parameter list), so those are not sent.
 * - JSON mode (`response_format: json_object`) needs the word "json" in the
 *   messages, else 400 (Model Studio "structured output" page): the spec
 *   says what to add when the caller's messages lack it.
 */
export const dashscopeSpec: ProviderSpec = {
  kind: 'dashscope',
  embeddingLimits: DASHSCOPE_EMBEDDING_LIMITS,
  label: 'DashScope',
  outputCapField: 'max_completion_tokens',
  needsKey: true,
  outputCaps(request) {
    // Thinking off is said on the wire (extraBody: `enable_thinking: false`), so no
    // reasoning can be billed: the answer alone is reserved, at the output price,
    // not every token at the dearer thinking-mode price (3.3x on qwen-plus).
    if (request.thinking !== true && !request.thinkingOnly) {
      const cap = request.maxTokens;
      return { maxTokens: cap, thinkingBudget: undefined, outputTokens: cap, reasoningTokens: 0, answerTokens: cap };
    }
    const answer = request.maxTokens;
    const reasoning = request.thinkingBudget ?? request.defaultThinkingBudget;
    return { maxTokens: answer, thinkingBudget: reasoning, outputTokens: answer + reasoning, reasoningTokens: reasoning, answerTokens: answer };
  },
  extraBody({ stream, thinking, thinkingBudget, thinkingOnly }) {
    if (!stream) return { enable_thinking: false };
    const body: Record<string, unknown> = {};
    // Unless the caller asks for thinking, say no explicitly: Qwen3.5 and
    // later think by default and bill the reasoning (reference notes,
    // "Thinking defaults"), and the one-answer path already sends false. A
    // thinking-only model has no switch: nothing is sent to it.
    if (thinking === true) body.enable_thinking = true;
    else if (thinkingOnly !== true) body.enable_thinking = false;
    // Sent whenever set (outputCaps sets it when the call may reason): also to
    // a thinking-only model, which reasons whatever enable_thinking says.
    if (thinkingBudget !== undefined) body.thinking_budget = thinkingBudget;
    return body;
  },
  classifyError: classifyDashScopeError,
  samplingParams: ['top_p', 'stop', 'seed', 'presence_penalty'],
  jsonModeInstruction: 'Answer in json.',
  // The MCP server's and the CLI's words (the n8n nodes put their credential's field in its place).
  authHint: DASHSCOPE_REGION_TABLE.keyRegionHint('the configured region (DASHSCOPE_REGION or providers.dashscope.region)'),
};

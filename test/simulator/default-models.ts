/** What a DashScope international account lists, enough for every test (reference/dashscope.md). */
export const DEFAULT_MODELS: readonly string[] = Object.freeze([
  'qwen-turbo',
  'qwen-plus',
  'qwen-max',
  'qwen-flash',
  'qwen-vl-plus',
  'qwen-vl-max',
  'qwen-long',
  'qwq-plus',
  'qwen3-max',
  // Current models (2026-12 audit): the built-in routes name these.
  'qwen-plus-latest',
  'qwen3.5-plus',
  'qwen3-vl-plus',
  'qwen3-coder-plus',
  'qwen3-coder-flash',
]);

/** QwQ answers only streamed calls; the other streaming-only families are not in the default list. */
export const DEFAULT_STREAMING_ONLY: readonly string[] = Object.freeze(['qwq-plus']);

/** QwQ always thinks: its streamed answers carry reasoning_content without enable_thinking. */
export const DEFAULT_THINKING_ONLY: readonly string[] = Object.freeze(['qwq-plus']);

/**
 * Qwen3.5 and later think by default: a streamed call reasons unless it sends
 * `enable_thinking: false` (reference/dashscope.md, "Thinking defaults").
 */
export const DEFAULT_THINKING_BY_DEFAULT: readonly string[] = Object.freeze(['qwen3.5-plus']);

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
]);

/** QwQ answers only streamed calls; the other streaming-only families are not in the default list. */
export const DEFAULT_STREAMING_ONLY: readonly string[] = Object.freeze(['qwq-plus']);

/** QwQ always thinks: its streamed answers carry reasoning_content without enable_thinking. */
export const DEFAULT_THINKING_ONLY: readonly string[] = Object.freeze(['qwq-plus']);

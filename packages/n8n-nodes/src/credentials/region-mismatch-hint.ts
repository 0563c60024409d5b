/**
 * What "Test connection" says when DashScope refuses a key. Keys are
 * region-bound: a Singapore key on the Beijing host gets 401 (LiteLLM #12571,
 * Dify plugins #3608), and that is by far the most common cause.
 */
export const DASHSCOPE_REGION_MISMATCH_HINT =
  'The key was refused (401). DashScope keys are bound to a region: check that the Region matches the region the key was created in (Singapore, US (Virginia) or China (Beijing)), and that the key is complete.';

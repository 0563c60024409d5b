import { AegisError } from '@aegis-llm/core';

export interface ModelPrice {
  model: string;
  /** USD per million input tokens. */
  input: number;
  /** USD per million output tokens. */
  output: number;
}

/**
 * `model: input, output` lines (USD per million tokens) from the AnyLLM
 * credential. The model id may itself hold colons (`qwen2.5:7b`), so the
 * prices are what follows the last one.
 */
export function parseModelPrices(text: string | undefined): ModelPrice[] {
  const prices: ModelPrice[] = [];
  (text ?? '').split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const colon = trimmed.lastIndexOf(':');
    const model = colon > 0 ? trimmed.slice(0, colon).trim() : '';
    const numbers = trimmed
      .slice(colon + 1)
      .split(/[,;/\s]+/)
      .filter((part) => part !== '')
      .map(Number);
    const [input, output] = numbers;
    if (model === '' || numbers.length !== 2 || input === undefined || output === undefined || !(input >= 0) || !(output >= 0)) {
      throw new AegisError(
        'invalid_config',
        `Model Prices (USD per Million Tokens), line ${index + 1}: write it as "model: input, output" in USD per million tokens, e.g. "llama-3.1-8b-instant: 0.05, 0.08".`,
      );
    }
    prices.push({ model, input, output });
  });
  return prices;
}

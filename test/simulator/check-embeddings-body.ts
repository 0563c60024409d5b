import { dashscopeErrors } from './dashscope-errors.ts';
import type { SimEmbeddingModel } from './embedding-models.ts';
import type { JsonObject, StatusFault } from './types.ts';
import { countTokens } from './usage.ts';

/** An embeddings request that passed the checks: its inputs and the vector length to answer with. */
export interface EmbeddingsAsk {
  inputs: string[];
  dimensions: number;
  base64: boolean;
}

/**
 * The checks an embeddings request meets before any model runs, in DashScope's
 * words for its models and OpenAI's for OpenAI's. DashScope's batch error is
 * the one its compatible mode really sends (quoted in LangChain, MemMachine
 * and claude-context issues, 2025): "<400> InternalError.Algo.InvalidParameter:
 * Value error, batch size is invalid, it should not be larger than 10.: input.contents".
 */
export function checkEmbeddingsBody(
  models: ReadonlyMap<string, SimEmbeddingModel>,
  chatModels: ReadonlySet<string>,
  body: JsonObject | undefined,
): StatusFault | EmbeddingsAsk {
  if (body === undefined) return invalid('Request body must be a JSON object.');
  if (typeof body.model !== 'string' || body.model === '') return invalid('Required parameter `model` is missing or not a string.');
  const model = models.get(body.model);
  if (model === undefined) {
    // A chat model exists but does not embed; anything else is unknown.
    return chatModels.has(body.model) ? invalid(`Model ${body.model} does not support embeddings.`) : dashscopeErrors.modelNotFound;
  }
  const input = body.input;
  const inputs = typeof input === 'string' ? [input] : Array.isArray(input) && input.every((i) => typeof i === 'string') ? (input as string[]) : undefined;
  if (inputs === undefined || inputs.length === 0) return invalid('Required parameter `input` must be a string or a non-empty array of strings.');
  if (inputs.length > model.maxInputs) {
    return model.style === 'dashscope'
      ? {
          type: 'status',
          status: 400,
          code: 'InvalidParameter',
          errorType: 'InvalidParameter',
          message: `<400> InternalError.Algo.InvalidParameter: Value error, batch size is invalid, it should not be larger than ${model.maxInputs}.: input.contents`,
        }
      : invalid(`'$.input' is invalid: at most ${model.maxInputs} inputs per request.`);
  }
  for (const text of inputs) {
    const tokens = countTokens(text);
    if (tokens === 0 || tokens > model.maxInputTokens) {
      return invalid(`<400> InternalError.Algo.InvalidParameter: Range of input length should be [1, ${model.maxInputTokens}]`);
    }
  }
  let dimensions = model.defaultDimensions;
  if (body.dimensions !== undefined) {
    const asked = body.dimensions;
    const allowed =
      typeof asked === 'number' &&
      Number.isInteger(asked) &&
      (model.dimensions ? model.dimensions.includes(asked) : asked >= 1 && asked <= model.defaultDimensions);
    if (!allowed) {
      const range = model.dimensions ? model.dimensions.join(', ') : `1 to ${model.defaultDimensions}`;
      return invalid(`<400> InternalError.Algo.InvalidParameter: dimensions must be one of ${range}, got ${JSON.stringify(asked)}.`);
    }
    dimensions = asked;
  }
  const format = body.encoding_format ?? 'float';
  if (format !== 'float' && format !== 'base64') return invalid(`encoding_format must be "float" or "base64", got ${JSON.stringify(format)}.`);
  return { inputs, dimensions, base64: format === 'base64' };
}

function invalid(message: string): StatusFault {
  return { type: 'status', status: 400, code: 'invalid_parameter_error', errorType: 'invalid_request_error', message };
}

import { z } from 'zod';

const priceTierSchema = z.object({
  upToInputTokens: z.number().optional().describe('This tier applies to requests with at most this many input tokens.'),
  input: z.number().describe('Price per 1M input tokens.'),
  output: z.number().describe('Price per 1M output tokens.'),
  cachedInput: z.number().optional(),
  reasoningOutput: z.number().optional(),
});

/** One model as list_models shows it (the core's ModelInfo plus its `provider/model` id). */
export const modelSchema = z.object({
  id: z.string().describe('`provider/model`: what chat takes as `model`.'),
  provider: z.string(),
  model: z.string(),
  contextWindow: z.number().optional().describe('Tokens of context, when known.'),
  maxOutputTokens: z.number().optional(),
  capabilities: z.array(z.string()).describe('vision, thinking, thinking-only, streaming-only, tools.'),
  pricing: z
    .object({
      currency: z.string().describe('USD or CNY (CNY prices are converted at the configured rate when costed).'),
      tiers: z.array(priceTierSchema),
      source: z.string(),
      asOf: z.string(),
    })
    .optional()
    .describe('Absent: unpriced (its cost is unknown, never assumed free).'),
  regions: z.array(z.string()).optional(),
  lifecycle: z
    .object({
      status: z.enum(['current', 'deprecated', 'retired']),
      date: z.string().optional().describe('deprecated: the announced retirement date; retired: when it went.'),
      replacement: z.string().optional().describe("The provider's named successor (same provider)."),
      source: z.string(),
      asOf: z.string(),
    })
    .optional()
    .describe('Status with the provider. Retired models stay callable by name; the built-in routes use current ones. Absent: not known.'),
  embedding: z
    .object({
      dimensions: z.number().describe('Vector length by default.'),
      dimensionChoices: z
        .union([z.array(z.number()), z.literal('shorter')])
        .optional()
        .describe("Lengths it can give instead ('shorter': any up to the default)."),
      maxInputsPerRequest: z.number().optional(),
      maxInputTokens: z.number().optional(),
    })
    .optional()
    .describe('Set on embedding models: not for chat. Their cost is input tokens only; check a large ingestion with budget_status, estimate.kind "embed".'),
  source: z.enum(['live', 'catalog', 'both']).describe("live: reported by the provider's /models; catalog: from built-in data; both."),
  configured: z.boolean().describe('Whether its provider is configured (has a key / URL).'),
});

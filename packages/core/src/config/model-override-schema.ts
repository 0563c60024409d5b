/**
 * The `models` entries of the config file: catalog additions and overrides.
 * Every field but `provider` and `model` is optional and replaces the
 * built-in value only when given.
 */
import { z } from 'zod';
import type { Capability } from '../types.js';
import { modelName, nonEmpty } from './schema-checks.js';

export const CAPABILITIES = [
  'vision',
  'thinking',
  'streaming-only',
  'tools',
  'thinking-only',
  'json-object',
  'json-schema',
] as const satisfies readonly Capability[];
/** Fails to compile when a Capability is missing from CAPABILITIES (`satisfies` checks the other way). */
export const ALL_CAPABILITIES_LISTED: [Exclude<Capability, (typeof CAPABILITIES)[number]>] extends [never] ? true : never = true;

/** Price per 1M tokens, in the price list's currency. */
const price = z.number().min(0);
const tokens = z.int().positive();

const priceTier = z.strictObject({
  /** This tier applies when the request's input tokens are <= this; omit on the last tier. */
  upToInputTokens: tokens.optional(),
  input: price,
  output: price,
  cachedInput: price.optional(),
  reasoningOutput: price.optional(),
});

export const pricingSchema = z
  .strictObject({
    /** @default 'USD' */
    currency: z.enum(['USD', 'CNY']).optional(),
    tiers: z.array(priceTier).min(1),
    /** @default 'config file' */
    source: z.string().optional(),
    /** @default 'unspecified' */
    asOf: z.string().optional(),
  })
  .superRefine((pricing, ctx) => {
    let previous = 0;
    pricing.tiers.forEach((tier, i) => {
      const last = i === pricing.tiers.length - 1;
      if (tier.upToInputTokens === undefined) {
        if (!last) {
          ctx.addIssue({
            code: 'custom',
            path: ['tiers', i, 'upToInputTokens'],
            message: 'is missing; only the last tier may be open-ended.',
            params: { fix: 'Give every tier but the last an upToInputTokens bound.', whole: true },
          });
        }
        return;
      }
      if (tier.upToInputTokens <= previous) {
        ctx.addIssue({
          code: 'custom',
          path: ['tiers', i, 'upToInputTokens'],
          message: `must be larger than the previous tier's bound (${previous}).`,
          params: { fix: 'List tiers from the smallest input to the largest.' },
        });
      }
      previous = tier.upToInputTokens;
    });
  });

export const modelOverrideSchema = z.strictObject({
  /** A built-in provider id or an `endpoints[].name`. */
  provider: nonEmpty,
  model: modelName,
  contextWindow: tokens.optional(),
  maxOutputTokens: tokens.optional(),
  capabilities: z.array(z.enum(CAPABILITIES)).optional(),
  pricing: pricingSchema.optional(),
  regions: z.array(nonEmpty).optional(),
  /**
   * Makes the model an embedding model (`embed` calls it, chat does not):
   * its vector length, the lengths `dimensions` may ask for, and its limits
   * (else the provider kind's). An Ollama or AnyLLM embedding model needs
   * this entry, with `pricing` when its provider has a budget.
   */
  embedding: z
    .strictObject({
      dimensions: tokens,
      dimensionChoices: z.union([z.array(tokens).min(1), z.literal('shorter')]).optional(),
      maxInputsPerRequest: tokens.optional(),
      maxInputTokens: tokens.optional(),
    })
    .optional(),
});

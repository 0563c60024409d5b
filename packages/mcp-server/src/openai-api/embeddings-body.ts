/**
 * The body of `POST /v1/embeddings` as OpenAI documents it, parsed leniently
 * (extras ignored). `input` is a text or an array of texts; token-id input
 * (integers, or arrays of them), which OpenAI also takes, is refused by name:
 * the providers behind Aegis take text.
 */
import { z } from 'zod';

const isTokenIds = (value: unknown): boolean => Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'number');

/** A text or texts, each non-empty; an issue naming the position otherwise. */
const input = z.unknown().transform((value, ctx): string | string[] => {
  const fail = (message: string, path: Array<string | number> = []): never => {
    ctx.addIssue({ code: 'custom', message, path });
    return z.NEVER;
  };
  if (typeof value === 'string') return value === '' ? fail('must not be empty') : value;
  if (!Array.isArray(value)) return fail('must be a string or an array of strings');
  if (value.length === 0) return fail('must hold at least one text');
  if (isTokenIds(value) || value.every(isTokenIds)) return fail('token ids are not supported: send the text (a string or an array of strings)');
  value.forEach((item, i) => {
    if (typeof item !== 'string') fail('must be a string', [i]);
    else if (item === '') fail('must not be empty', [i]);
  });
  return value as string[];
});

export const embeddingsBody = z.object({
  model: z.string().min(1),
  input,
  dimensions: z.number().int().positive().nullish(),
  encoding_format: z.enum(['float', 'base64']).nullish(),
  user: z.string().min(1).max(256).nullish(),
});

export type EmbeddingsBody = z.infer<typeof embeddingsBody>;

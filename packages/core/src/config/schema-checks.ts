/**
 * Small zod building blocks for the config file schema. Every check of our
 * own is a `refine` carrying `params.fix`: format-config-issue.ts turns it
 * into "<path>: <value> <problem> <fix>", so each rule states its remedy once,
 * next to the rule.
 */
import { z } from 'zod';
import { parseScaledDecimal } from '../money/parse-scaled-decimal.js';
import { usdToMicro } from '../money/usd-to-micro.js';
import { MODEL_NAME_MAX_LENGTH } from './name-rules.js';

/** Params our refinements attach to their issues. */
export interface CheckParams {
  /** What to do about it, as a sentence. */
  fix: string;
  /** The issue is about the object as a whole: do not prefix the value. */
  whole?: boolean;
}

export function check<T>(ok: (value: T) => boolean, problem: string, fix: string) {
  return [ok, { error: problem, params: { fix } satisfies CheckParams, abort: true }] as const;
}

export const ENV_VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** RFC 9110 token characters. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** A pasted endpoint URL instead of a base URL is the commonest base URL mistake. */
export function endsWithChatCompletions(value: string): boolean {
  return /\/chat\/completions\/?$/.test(value);
}

export const httpUrl = z.string().refine(...check(isHttpUrl, 'is not an http(s) URL.', 'Use a full URL starting with https:// or http://.'));

/** An OpenAI-compatible base URL: the part before `/chat/completions`. */
export const baseUrl = httpUrl.refine(
  ...check(
    (v: string) => !endsWithChatCompletions(v),
    'ends with /chat/completions.',
    'Give the base URL only, ending before /chat/completions (e.g. "https://api.example.com/v1").',
  ),
);

export const envVarName = z
  .string()
  .refine(...check((v: string) => ENV_VAR_NAME.test(v), 'is not an environment variable name.', 'Use letters, digits and underscores, e.g. "GROQ_API_KEY".'));

export const nonEmpty = z.string().min(1);
/** A model id as a key (per-model budgets) or a field. */
export const modelName = nonEmpty.refine(
  ...check(
    (v: string) => v.length <= MODEL_NAME_MAX_LENGTH,
    `is longer than ${MODEL_NAME_MAX_LENGTH} characters.`,
    `Model ids are at most ${MODEL_NAME_MAX_LENGTH} characters: use the id the provider lists.`,
  ),
);

export const headers = z.record(
  z.string().refine(...check((v: string) => HEADER_NAME.test(v), 'is not an HTTP header name.', 'Use a name such as "X-Title".')),
  z.string(),
);

/** A USD amount: a JSON number (`50`) or a decimal string (`"12.50"`), read exactly. */
export const usdAmount = z
  .custom<number | string>(
    ...check(
      (v: unknown) => (typeof v === 'number' || typeof v === 'string') && (usdToMicro(v) ?? -1) >= 0,
      'is not a USD amount.',
      'Use a non-negative number of dollars such as 50 or "12.50".',
    ),
  )
  .refine(
    ...check(
      (v: number | string) => !isBelowOneMicroUsd(v),
      'is below one micro-USD, so it would be a limit of $0.',
      'Use 0 to allow no spend, or at least 0.000001.',
    ),
  );

/**
 * A positive amount that rounds to 0 micro-USD (`1e-7`): as a limit it would
 * silently allow nothing, which no one who wrote a positive number meant.
 * Amounts are kept in micro-USD, so below that there is nothing to hold.
 */
export function isBelowOneMicroUsd(value: number | string): boolean {
  const micro = usdToMicro(value);
  const fine = parseScaledDecimal(value, 18);
  return micro === 0 && fine !== undefined && fine > 0n;
}

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

import { z } from 'zod';
import { checkTags } from '../tags/check-tags.js';
import { tagsToObject } from '../tags/tag-list.js';
import type { LedgerOutcome, LedgerRecord } from './ledger-record.js';

const count = z.number().int().nonnegative();

// Lenient: unknown fields are dropped and `outcome` is any string, so a log
// written by a newer version still reads.
const lineSchema = z.object({
  id: z.string(),
  time: z.string(),
  period: z.string(),
  day: z.string(),
  provider: z.string(),
  model: z.string(),
  // Absent on chat records and on every record older than embeddings; any
  // string, like `outcome`, so a kind a newer version adds still reads.
  kind: z.string().optional(),
  task: z.string().optional(),
  inputTokens: count,
  cachedInputTokens: count,
  outputTokens: count,
  reasoningTokens: count,
  estimated: z.boolean(),
  suspect: z.array(z.string()).optional(),
  // A negative cost would lower the spend a budget is checked against (issue 15).
  costMicroUsd: count.optional(),
  unpriced: z.literal(true).optional(),
  latencyMs: z.number().nonnegative(),
  ttftMs: z.number().nonnegative().optional(),
  outcome: z.string().transform((value) => value as LedgerOutcome),
  attempts: count,
  fallback: z.boolean(),
  fallbackFrom: z.string().optional(),
  attemptOf: z.string().optional(),
  // Checked by checkTags below: zod's records drop a `__proto__` key.
  tags: z.unknown().optional(),
});

/** One JSONL line to a record; undefined when the line is not a whole, valid record. */
export function parseLedgerLine(line: string): LedgerRecord | undefined {
  const checked = checkLedgerLine(line);
  return 'record' in checked ? checked.record : undefined;
}

/** One JSONL line to a record, or what is wrong with it (for the warning that quarantines it). */
export function checkLedgerLine(line: string): { record: LedgerRecord } | { problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return { problem: 'not JSON (a torn or edited line)' };
  }
  const parsed = lineSchema.safeParse(json);
  if (parsed.success) {
    const { tags, ...rest } = parsed.data;
    const record = rest as LedgerRecord;
    // Tags a hand edit (or a newer version) left malformed cost the record its tags, never its spend.
    const checked = tags === undefined ? undefined : checkTags(tags);
    if (checked !== undefined && 'tags' in checked && checked.tags.length > 0) record.tags = tagsToObject(checked.tags);
    return { record };
  }
  const issue = parsed.error.issues[0];
  return { problem: `${issue?.path.join('.') || 'the record'}: ${issue?.message ?? 'invalid'}` };
}

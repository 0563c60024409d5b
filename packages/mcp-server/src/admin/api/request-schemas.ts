/**
 * Shapes of the API's request bodies. Only the shape is checked here; the
 * values are the core's to judge (parseConfig, after the patch is applied),
 * so its messages reach the form beside the right field.
 */
import { z } from 'zod';
import { AdminHttpError } from './admin-http-error.js';

const text = z.string().max(4096);

export const loginSchema = z.object({ token: text });

const keyEdit = z.union([z.strictObject({ set: text.min(1) }), z.strictObject({ env: text.min(1) }), z.strictObject({ remove: z.literal(true) })]);

export const providerPatchSchema = z.strictObject({
  region: text.optional(),
  baseURL: text.optional(),
  defaultModel: text.optional(),
  key: keyEdit.optional(),
  headers: z
    .array(z.strictObject({ name: text, value: text.optional() }))
    .max(64)
    .optional(),
});

export const newEndpointSchema = providerPatchSchema.extend({ name: text });

export const routePatchSchema = z.strictObject({ chain: z.array(text).max(64) });

export const clearCooldownSchema = z.strictObject({ model: text.min(1) });

export const routeCheckSchema = z.strictObject({ task: text.optional(), chain: z.array(text).max(64) });

export const budgetPatchSchema = z.strictObject({
  monthlyUsd: text,
  onLimit: text,
  alertThresholds: z.array(text).max(32),
  models: z.array(z.strictObject({ model: text, monthlyUsd: text })).max(256),
});

export const tagBudgetPatchSchema = z.strictObject({
  monthlyUsd: text,
  alertThresholds: z.array(text).max(32),
});

export const webhookPatchSchema = z.strictObject({ webhookUrl: text });

/** The parsed body, or a 400 naming the first wrong field. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? 'the request body' : issue.path.join('.');
  throw new AdminHttpError(400, 'bad_request', `Bad request: ${where}: ${issue?.message ?? 'invalid'}.`);
}

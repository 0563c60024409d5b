import { z } from 'zod';

/** The core's AegisError as it reaches an MCP client (`AegisError.toJSON()`, secret-free). */
export const toolErrorSchema = z
  .object({
    kind: z.string().describe('Error kind: rate_limited, auth, bad_request, budget_exceeded, not_configured, not_found, timeout, cancelled, ...'),
    message: z.string().describe('What went wrong and what to do.'),
    provider: z.string().optional(),
    model: z.string().optional(),
    status: z.number().optional().describe('Upstream HTTP status, when there was one.'),
    code: z.string().optional().describe("The upstream's own error code."),
    retryable: z.boolean().optional(),
    fallbackable: z.boolean().optional(),
    retryAfterMs: z.number().optional(),
    requestId: z.string().optional(),
    field: z.string().optional().describe('The argument to fix, for a bad argument.'),
    details: z.record(z.string(), z.json()).optional().describe('Structured facts: budget figures, the valid models or providers, skipped targets, ...'),
  })
  .describe('Set only on a failed call (isError).');

export type ToolError = z.infer<typeof toolErrorSchema>;

import { STATUS_CODES } from 'node:http';
import type { StatusFault } from './types.ts';

export interface ErrorBodyContext {
  requestId: string;
  /** The model the request asked for; replaces `{model}` in messages. */
  model: string | undefined;
  /** The key from `Authorization: Bearer ...`, for faults with `echoKey`. */
  apiKey: string | undefined;
}

/** DashScope compatible-mode error body: `{"error":{"message","type","param","code"},"request_id"}`. */
export function buildErrorBody(fault: StatusFault, context: ErrorBodyContext): string {
  let message = (fault.message ?? STATUS_CODES[fault.status] ?? 'Error').replaceAll('{model}', context.model ?? '');
  if (fault.echoKey === true) message += ` (received key: ${context.apiKey ?? ''})`;
  return JSON.stringify({
    error: {
      message,
      type: fault.errorType ?? (fault.status >= 500 ? 'server_error' : 'invalid_request_error'),
      param: fault.param ?? null,
      code: fault.code ?? null,
    },
    request_id: context.requestId,
  });
}

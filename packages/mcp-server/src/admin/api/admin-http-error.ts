import type { ApiError } from './api-types.js';

/** A refusal a handler throws; the API router's error handler answers it as JSON. */
export class AdminHttpError extends Error {
  override name = 'AdminHttpError';
  constructor(
    readonly status: number,
    readonly kind: ApiError['error']['kind'],
    message: string,
    readonly extra: Omit<ApiError['error'], 'kind' | 'message'> = {},
  ) {
    super(message);
  }
}

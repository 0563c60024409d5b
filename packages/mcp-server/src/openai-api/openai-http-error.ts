/** A refusal of the endpoint itself (auth, parsing), answered in OpenAI's error shape. */
export class OpenAiHttpError extends Error {
  override name = 'OpenAiHttpError';
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly extra: { param?: string; code?: string; headers?: Record<string, string> } = {},
  ) {
    super(message);
  }
}

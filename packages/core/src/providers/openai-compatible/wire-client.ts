import type { ResolvedProvider } from '../../config/types.js';
import type { SendUpstream, UpstreamReply } from '../../transport/upstream-exchange.js';
import { UpstreamStatusError } from './upstream-status-error.js';

/**
 * The HTTP side of one OpenAI-compatible provider, made by the core itself
 * over the upstream transport (docs/PERFORMANCE.md, "The wire"): the URL,
 * the headers and the JSON body of each call, and an error status turned
 * into an UpstreamStatusError. What the openai SDK did before, without its
 * request building, WHATWG headers and request controller per call.
 */
export interface WireClient {
  /** POST `path` with `body` as JSON; resolves once the status is 2xx, the body unread. */
  post(path: string, body: unknown, signal?: AbortSignal): Promise<UpstreamReply>;
  /** GET `path`, its answer read as JSON. */
  getJson(path: string, signal?: AbortSignal): Promise<unknown>;
}

export function createWireClient(provider: ResolvedProvider, send: SendUpstream): WireClient {
  // The SDK's rules: `<baseURL>/<path>` with one slash between.
  const base = provider.baseURL.endsWith('/') ? provider.baseURL.slice(0, -1) : provider.baseURL;
  // As the SDK sent them: Accept, the key as a Bearer token (keyless servers
  // such as Ollama ignore the SDK's placeholder), then the configured headers
  // over both (a header named in any case replaces ours).
  const common: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${provider.apiKey ?? 'no-key'}` };
  for (const [name, value] of Object.entries(provider.headers)) common[name.toLowerCase()] = value;
  const postHeaders: Record<string, string> = { ...common };
  // A configured content-type is kept (the SDK let it replace its own).
  postHeaders['content-type'] ??= 'application/json';

  const checked = async (reply: UpstreamReply): Promise<UpstreamReply> => {
    if (reply.status >= 200 && reply.status < 300) return reply;
    const text = await reply.text().catch((error: unknown) => (error instanceof Error ? error.message : String(error)));
    throw UpstreamStatusError.fromBody(reply.status, text, reply.headers);
  };

  return {
    async post(path, body, signal) {
      return checked(await send({ url: base + path, method: 'POST', headers: postHeaders, body: JSON.stringify(body), signal }));
    },
    async getJson(path, signal) {
      return readJson(await checked(await send({ url: base + path, method: 'GET', headers: common, signal })));
    },
  };
}

/**
 * An answer's body as the SDK read it: JSON when the content type says so
 * (an empty body is undefined), the text otherwise, null for a 204.
 */
export async function readJson(reply: UpstreamReply): Promise<unknown> {
  if (reply.status === 204) {
    await reply.text().catch(() => undefined);
    return null;
  }
  const mediaType = reply.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  const text = await reply.text();
  if (!(mediaType?.includes('application/json') || mediaType?.endsWith('+json'))) return text;
  if (reply.headers.get('content-length') === '0' || !text) return undefined;
  return JSON.parse(text) as unknown;
}

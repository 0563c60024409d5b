import type { Dispatcher } from 'undici';
import { ResponseHeaders } from './response-headers.js';

type BodyReadable = Dispatcher.ResponseData['body'];

/**
 * A `Response` as far as the openai SDK and our stream reader use one
 * (status, ok, url, headers, body, text, json, arrayBuffer), over an undici
 * `request()` answer, without WHATWG streams: the body stays undici's Node
 * readable, read in place (`text()` for an answer, async iteration for a
 * stream, `destroy()` to stop one: ../providers/openai-compatible/open-body-reader.ts).
 * The SDK reads every body it is given except those it retries (its retries
 * are off) and empty ones; undici lets go of the connection once a small
 * body has arrived, read or not. create-upstream-transport.test.ts drives the
 * SDK's paths through it.
 */
export class UpstreamResponse {
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly url: string;
  readonly headers: ResponseHeaders;
  readonly redirected = false;
  readonly type = 'basic';
  readonly body: BodyReadable;

  constructor(url: string, data: Dispatcher.ResponseData) {
    this.url = url;
    this.status = data.statusCode;
    this.statusText = (data as { statusText?: string }).statusText ?? '';
    this.ok = data.statusCode >= 200 && data.statusCode < 300;
    this.headers = new ResponseHeaders(data.headers);
    this.body = data.body;
  }

  get bodyUsed(): boolean {
    return this.body.bodyUsed;
  }

  text(): Promise<string> {
    return this.body.text();
  }

  json(): Promise<unknown> {
    return this.body.json();
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    return this.body.arrayBuffer();
  }
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { buildErrorBody } from './error-body.ts';
import type { RecordedRequest, StatusFault } from './types.ts';

/** One request and its response, with what every answer needs to know. */
export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  record: RecordedRequest;
  requestId: string;
  /** Fires when the response closes for any reason; every wait listens to it. */
  signal: AbortSignal;
  /** The key from `Authorization: Bearer ...`. */
  apiKey: string | undefined;
  /** The model the body asks for, when it names one. */
  model: string | undefined;
  /** Set when the simulator itself cut the connection (a drop fault), so the close is not the client's. */
  closedByServer: boolean;
}

export function sendJson(x: Exchange, status: number, body: string, headers: Record<string, string> = {}): void {
  if (x.signal.aborted) return;
  x.record.status = status;
  x.res.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    'x-request-id': x.requestId,
  });
  x.res.end(body);
}

export function sendError(x: Exchange, fault: StatusFault): void {
  sendJson(x, fault.status, buildErrorBody(fault, { requestId: x.requestId, model: x.model, apiKey: x.apiKey }), fault.headers);
}

/** Send the status line and headers now, so the client sees a started response. */
export function startResponse(x: Exchange, contentType: string): void {
  x.record.status = 200;
  x.res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-cache', 'x-request-id': x.requestId });
  x.res.flushHeaders();
}

/**
 * Cut the connection once what was written has reached the kernel, so the
 * client gets the chunks before the connection dies, without the chunked
 * terminator: a mid-stream drop as a flaky upstream causes it.
 */
export function dropConnection(x: Exchange): void {
  const socket = x.res.socket;
  if (socket === null || socket.destroyed) return;
  x.closedByServer = true;
  socket.write('', () => socket.destroy());
}

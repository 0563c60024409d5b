/**
 * Preloaded (`node --import`) into the Portkey gateway's process by the
 * endpoint section. Portkey's Node server (`build/start-server.js`) takes
 * only `--port=N` and listens on every interface; this makes a listen with
 * no host listen on 127.0.0.1, as every server in the bench does, and prints
 * the port it got (`--port=0`: Portkey itself prints `localhost:0`) on
 * stderr, which is also how the bench knows it is ready. Nothing on the
 * request path changes.
 */
import { Server } from 'node:net';

const listen = Server.prototype.listen;
Server.prototype.listen = function listenOnLoopback(this: Server, ...args: unknown[]): Server {
  if (typeof args[0] === 'number' && (args[1] === undefined || typeof args[1] === 'function')) {
    if (args[1] === undefined) args[1] = '127.0.0.1';
    else args.splice(1, 0, '127.0.0.1');
  }
  this.once('listening', () => {
    const address = this.address();
    if (typeof address === 'object' && address !== null) process.stderr.write(`bench: listening on ${address.address}:${address.port}\n`);
  });
  return (listen as (...a: unknown[]) => Server).apply(this, args);
} as typeof Server.prototype.listen;

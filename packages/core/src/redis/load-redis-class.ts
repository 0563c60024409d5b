import { createRequire } from 'node:module';
import type { Redis } from 'ioredis';

/**
 * ioredis's client class, loaded on first use: only a Redis store needs it,
 * and loading it (~50 modules, plus net, tls and dns) was the largest part
 * of a start with the embedded store, which an MCP server spawned per
 * session pays every time (issue 5). Loaded synchronously, not by
 * `import()`: a connection hands out its client at once (the cooldown store
 * subscribes on it as it is built), so the store factories stay synchronous.
 *
 * The literal `require('ioredis')` is for bundlers: the CLI's ES module
 * bundle and the n8n nodes' CommonJS one define `require`, and esbuild
 * inlines ioredis there, run only when this is called. Node's own ES
 * modules have no `require`; createRequire resolves ioredis from here.
 */
export function loadRedisClass(): typeof Redis {
  const ioredis = (
    typeof require === 'function'
      ? require('ioredis') // eslint-disable-line @typescript-eslint/no-require-imports -- see above
      : createRequire(import.meta.url)('ioredis')
  ) as { Redis: typeof Redis };
  return ioredis.Redis;
}

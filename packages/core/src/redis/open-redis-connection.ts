import type { Redis, RedisOptions } from 'ioredis';
import type { Logger } from '../log/logger.js';
import { describeRedisUrl } from './describe-redis-url.js';
import { loadRedisClass } from './load-redis-class.js';
import { redisFailureReason } from './redis-failure-reason.js';
import { storeUnavailableError } from './store-unavailable-error.js';

export interface RedisConnectionOptions {
  /** `redis://[[user]:password@]host:port/db` or `rediss://...`; may hold a password, never logged. */
  url: string;
  logger: Logger;
  /** Names the connection in logs and in Redis's CLIENT LIST (`aegis-ledger`). */
  name: string;
  /** What the error of a refused operation tells the reader to do. */
  advice: string;
  /** How long the first connection may take before operations are refused. @default 2000 */
  connectTimeoutMs?: number;
  /** A command without an answer for this long fails (and counts as "unreachable"). @default 2000 */
  commandTimeoutMs?: number;
  /** Longest pause between reconnection attempts. @default 1000 */
  maxReconnectDelayMs?: number;
  /** Queue commands while disconnected instead of refusing them (a subscriber wants this). @default false */
  queueWhileDisconnected?: boolean;
}

export interface RedisConnection {
  readonly client: Redis;
  /** The server as shown to people, without credentials. */
  readonly label: string;
  isReady(): boolean;
  /** Called on every (re)connection, after the first one too. */
  onReady(listener: () => void): void;
  /**
   * While reconnecting: waits for the attempt under way or the one ioredis
   * has scheduled (at most `maxReconnectDelayMs` away), for as long as a
   * connection may take, and says whether it made the connection ready.
   * Starts no attempt of its own. For a last write before closing: Redis may
   * be back without this process having noticed yet.
   */
  awaitReconnect(): Promise<boolean>;
  /**
   * Runs commands once the connection is ready. Failures that mean the store
   * cannot be reached become `store_unavailable` AegisErrors (with `advice`,
   * or the connection's); other errors pass through.
   */
  run<T>(operation: (client: Redis) => Promise<T>, advice?: string): Promise<T>;
  /** Quits (waiting for replies in flight, briefly); idempotent. */
  close(): Promise<void>;
}

/** While reconnecting right now, an operation waits this long before it is refused. */
const RECONNECT_GRACE_MS = 250;

/**
 * One ioredis connection with the failure behaviour a budget needs: commands
 * are never queued while disconnected nor resent after a reconnect (a resent
 * reserve or append could apply twice), so an outage is reported at once as
 * `store_unavailable` and the caller's policy decides. ioredis keeps
 * reconnecting in the background; its `error` events are logged once per
 * outage, never thrown (an unhandled `error` event would crash the process).
 */
export function openRedisConnection(options: RedisConnectionOptions): RedisConnection {
  const { logger } = options;
  const label = describeRedisUrl(options.url);
  const connectTimeoutMs = options.connectTimeoutMs ?? 2000;
  const maxDelay = options.maxReconnectDelayMs ?? 1000;
  const queue = options.queueWhileDisconnected === true;
  const settings: RedisOptions = {
    connectionName: options.name,
    connectTimeout: connectTimeoutMs,
    commandTimeout: queue ? undefined : (options.commandTimeoutMs ?? 2000),
    enableOfflineQueue: queue,
    maxRetriesPerRequest: queue ? null : 0,
    autoResendUnfulfilledCommands: queue,
    retryStrategy: (times) => Math.min(times * 100, maxDelay),
  };
  const RedisClient = loadRedisClass();
  const client = new RedisClient(options.url, settings);
  const readyListeners: Array<() => void> = [];
  let everReady = false;
  let down = false;
  let lastReason = 'not connected yet';
  let closing: Promise<void> | undefined;
  /** When ioredis's next reconnection attempt is due (epoch ms). */
  let attemptAt = 0;

  client.on('error', (error: unknown) => {
    lastReason = redisFailureReason(error) ?? 'connection error';
    if (down) return;
    down = true;
    logger.warn(`${options.name}: Redis at ${label} is unreachable (${lastReason}); reconnecting in the background`);
  });
  // ioredis passes the delay before its next attempt (README, "Connection Events").
  client.on('reconnecting', (delayMs: unknown) => {
    attemptAt = Date.now() + (typeof delayMs === 'number' ? delayMs : maxDelay);
  });
  /** Settles at the next 'ready': one listener however many operations wait. */
  let nextReady: { promise: Promise<void>; resolve: () => void } | undefined;
  client.on('ready', () => {
    if (down) logger.info(`${options.name}: Redis at ${label} is reachable again`);
    down = false;
    everReady = true;
    nextReady?.resolve();
    nextReady = undefined;
    for (const listener of readyListeners) listener();
  });

  const unavailable = (reason: string, advice?: string): Error => storeUnavailableError({ store: label, reason, advice: advice ?? options.advice });

  const waitForReady = async (ms: number): Promise<boolean> => {
    if (nextReady === undefined) {
      let resolve = (): void => {};
      const promise = new Promise<void>((r) => (resolve = r));
      nextReady = { promise, resolve };
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
    const ok = await Promise.race([nextReady.promise.then(() => true), timeout]);
    clearTimeout(timer);
    return ok;
  };

  const ready = async (advice?: string): Promise<void> => {
    if (closing !== undefined) throw new Error(`${options.name}: the store is closed`);
    if (client.status === 'ready') return;
    // The first connection gets its timeout; once an attempt has failed,
    // only a reconnection in progress is waited for, briefly: during an
    // outage every operation fails fast.
    const reconnecting = ['connecting', 'connect'].includes(client.status);
    const waitMs = !everReady && !down ? connectTimeoutMs : reconnecting ? RECONNECT_GRACE_MS : 0;
    if (waitMs > 0 && (await waitForReady(waitMs))) return;
    throw unavailable(lastReason, advice);
  };

  const awaitReconnect = async (): Promise<boolean> => {
    // ioredis emits a status's event on the next tick: let a pending one pass
    // first, or a 'reconnecting' just emitted would read as a failed attempt.
    await new Promise((resolve) => setImmediate(resolve));
    if (closing !== undefined) return false;
    if (client.status === 'ready') return true;
    if (!['reconnecting', 'connecting', 'connect'].includes(client.status)) return false;
    const waitMs = Math.max(0, attemptAt - Date.now()) + connectTimeoutMs;
    return new Promise<boolean>((resolve) => {
      const settle = (ok: boolean): void => {
        clearTimeout(timer);
        client.off('ready', onReady);
        client.off('reconnecting', onFailed);
        client.off('end', onFailed);
        resolve(ok);
      };
      const onReady = (): void => settle(true);
      // A failed attempt schedules the next one ('reconnecting'), or gives up ('end').
      const onFailed = (): void => settle(false);
      const timer = setTimeout(onFailed, waitMs);
      client.on('ready', onReady);
      client.on('reconnecting', onFailed);
      client.on('end', onFailed);
    });
  };

  return {
    client,
    label,
    isReady: () => client.status === 'ready' && closing === undefined,
    onReady: (listener) => readyListeners.push(listener),
    awaitReconnect,
    async run(operation, advice) {
      await ready(advice);
      try {
        return await operation(client);
      } catch (error) {
        const reason = redisFailureReason(error);
        if (reason === undefined) throw error;
        lastReason = reason;
        throw unavailable(reason, advice);
      }
    },
    close() {
      closing ??= (async () => {
        try {
          if (client.status === 'ready') {
            let timer: NodeJS.Timeout | undefined;
            await Promise.race([client.quit(), new Promise((resolve) => (timer = setTimeout(resolve, 1000)))]);
            clearTimeout(timer);
          }
        } catch {
          // Quitting a dying connection: disconnect below is enough.
        }
        client.disconnect();
      })();
      return closing;
    },
  };
}

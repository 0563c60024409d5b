/**
 * Cooldown state shared by every process on one Redis, so a target one
 * process put in cooldown is skipped by the others too, and only one of them
 * sends the half-open probe.
 *
 * - Writes (`update`) are a compare-and-set Lua script on a versioned record
 *   (cooldown-cas-lua.ts): the change is computed from the local
 *   copy, and on a conflict computed again from the stored one.
 * - Reads (`peek`, the hot path) answer from a local cache kept fresh by
 *   Redis pub/sub: every write publishes its record and version. While both
 *   processes are connected, a cooldown set by one is honoured by the other
 *   after one pub/sub delivery (about a millisecond on one machine, a network
 *   round trip between machines). A message missed during a disconnection is
 *   made up by the full re-read on reconnection and, as a backstop, every
 *   `resyncIntervalMs` (5 s by default): that bounds the staleness.
 * - Redis unreachable: nothing throws (the tracker must not fail a request
 *   for its bookkeeping). Changes apply to the local cache only, so each
 *   process keeps its own cooldowns until Redis is back; then the shared
 *   state replaces them.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { isAegisError } from '../errors.js';
import { createStderrLogger, type Logger } from '../log/logger.js';
import { runLuaScript } from '../redis/lua-script.js';
import { COOLDOWN_CAS_SCRIPT } from './cooldown-cas-lua.js';
import { openRedisConnection } from '../redis/open-redis-connection.js';
import type { CooldownChange, CooldownRecord, CooldownStore } from './cooldown-store.js';

export interface RedisCooldownStoreOptions {
  /** `redis://[[user]:password@]host:port/db`; never logged. */
  url: string;
  /** @default 'aegis:' */
  keyPrefix?: string;
  /** @default stderr */
  logger?: Logger;
  /** Full re-read of the shared state, the backstop to pub/sub. @default 5000 */
  resyncIntervalMs?: number;
  /** @default 2000 */
  connectTimeoutMs?: number;
}

export interface RedisCooldownStore extends CooldownStore {
  /** Resolves once the cache was first filled from Redis (or Redis was found unreachable). */
  ready(): Promise<void>;
  /** Stops the re-reads and closes both connections; idempotent. */
  close(): Promise<void>;
}

interface CacheEntry {
  /** Redis's version of the record; 0 when it has never been stored. */
  version: number;
  /** Undefined: no record (deleted at `version`). */
  record?: CooldownRecord;
  /** Changed while Redis was unreachable: the next re-read replaces it. */
  local?: boolean;
}

/**
 * Conflicting writes in a row before a change gives up. Each conflict means
 * another process just wrote; after a few, a short random pause lets one
 * side through (writes are rare: failures and probes, not every request).
 */
const MAX_ATTEMPTS = 30;
const PAUSE_AFTER_CONFLICTS = 3;

export function createRedisCooldownStore(options: RedisCooldownStoreOptions): RedisCooldownStore {
  const logger = options.logger ?? createStderrLogger();
  const prefix = options.keyPrefix ?? 'aegis:';
  const recordsKey = `${prefix}cooldown:records`;
  const versionKey = `${prefix}cooldown:version`;
  const channel = `${prefix}cooldown:changes`;
  const common = { url: options.url, logger, connectTimeoutMs: options.connectTimeoutMs };
  const advice = 'Cooldowns are kept per process until it is back.';
  const connection = openRedisConnection({ ...common, name: 'aegis-cooldown', advice });
  const subscriber = openRedisConnection({ ...common, name: 'aegis-cooldown-events', advice, queueWhileDisconnected: true });
  const cache = new Map<string, CacheEntry>();
  const queues = new Map<string, Promise<void>>();
  let warnedLocal = false;

  /** Takes a version seen in Redis, unless the cache already holds a newer one. */
  const learn = (key: string, version: number, record: CooldownRecord | undefined, replaceLocal = false): void => {
    const known = cache.get(key);
    if (known !== undefined && known.version >= version && !(replaceLocal && known.local === true)) return;
    cache.set(key, record === undefined ? { version } : { version, record });
  };

  subscriber.client.on('message', (from: string, message: string) => {
    if (from !== channel) return;
    const first = message.indexOf('\n');
    const second = message.indexOf('\n', first + 1);
    if (first < 0 || second < 0) return;
    const json = message.slice(first + 1, second);
    learn(message.slice(second + 1), Number(message.slice(0, first)), json === '' ? undefined : parseRecord(json));
  });
  subscriber.client.subscribe(channel).catch((error: unknown) => {
    logger.warn('cooldown: could not subscribe to shared changes; relying on periodic re-reads', { error: String(error) });
  });

  /** Re-reads the whole shared state: versions newer than the cache win, local-only changes are replaced. */
  const resync = async (): Promise<void> => {
    let reply: [string | null, Record<string, string>];
    try {
      reply = await connection.run((client) =>
        client
          .multi()
          .get(versionKey)
          .hgetall(recordsKey)
          .exec()
          .then((replies) => {
            if (replies === null) throw new Error('cooldown: a Redis transaction was discarded');
            for (const [error] of replies) if (error !== null) throw error;
            return replies.map(([, value]) => value) as [string | null, Record<string, string>];
          }),
      );
    } catch (error) {
      if (!isAegisError(error) || error.kind !== 'store_unavailable') {
        logger.warn('cooldown: could not read the shared state', { error: String(error) });
      }
      return;
    }
    const [latest, hash] = reply;
    const snapshot = Number(latest ?? 0);
    for (const [key, value] of Object.entries(hash)) {
      const colon = value.indexOf(':');
      learn(key, Number(value.slice(0, colon)), parseRecord(value.slice(colon + 1)), true);
    }
    for (const [key, entry] of cache) {
      // Not in Redis: deleted there, unless written after this snapshot.
      if (!Object.hasOwn(hash, key) && (entry.local === true || entry.version <= snapshot)) cache.delete(key);
    }
    warnedLocal = false;
  };

  const firstSync = resync();
  connection.onReady(() => void resync());
  subscriber.onReady(() => void resync());
  const timer = setInterval(() => void resync(), options.resyncIntervalMs ?? 5000);
  timer.unref();

  const keepLocally = (key: string, known: CacheEntry | undefined, record: CooldownRecord | undefined, error: unknown): void => {
    cache.set(key, { version: known?.version ?? 0, record, local: true });
    if (warnedLocal) return;
    warnedLocal = true;
    const reason = isAegisError(error) ? error.message : String(error);
    logger.warn(`cooldown: a change could not be shared; kept in this process only. ${reason}`);
  };

  async function write<R>(key: string, change: (current: CooldownRecord | undefined) => CooldownChange<R>): Promise<R> {
    let result: R | undefined;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      if (attempt >= PAUSE_AFTER_CONFLICTS) await sleep(Math.random() * attempt);
      const known = cache.get(key);
      const outcome = change(known?.record);
      result = outcome.result;
      if (outcome.next === known?.record) return outcome.result;
      const expected = known?.record === undefined ? 0 : known.version;
      let reply: [number, number | string];
      try {
        reply = (await connection.run((client) =>
          runLuaScript(
            client,
            COOLDOWN_CAS_SCRIPT,
            [recordsKey, versionKey],
            [key, expected, outcome.next === undefined ? '' : JSON.stringify(outcome.next), channel],
          ),
        )) as [number, number | string];
      } catch (error) {
        keepLocally(key, known, outcome.next, error);
        return outcome.result;
      }
      if (reply[0] === 1) {
        learn(key, Number(reply[1]), outcome.next);
        return outcome.result;
      }
      // Conflict: another process wrote first. Learn what it wrote and compute the change again.
      const stored = String(reply[1]);
      if (stored === '') {
        if (cache.get(key) === known) cache.set(key, { version: known?.version ?? 0 });
      } else {
        const colon = stored.indexOf(':');
        learn(key, Number(stored.slice(0, colon)), parseRecord(stored.slice(colon + 1)), true);
      }
    }
    logger.warn('cooldown: a change kept conflicting with other processes; dropped', { target: key });
    return result as R;
  }

  function parseRecord(json: string): CooldownRecord | undefined {
    try {
      const value: unknown = JSON.parse(json);
      if (typeof value === 'object' && value !== null && Array.isArray((value as CooldownRecord).failures)) return value as CooldownRecord;
    } catch {
      // Reported below.
    }
    logger.warn('cooldown: ignored a shared record that is not valid');
    return undefined;
  }

  return {
    peek: (key) => cache.get(key)?.record,

    update(key, change) {
      // One change per key at a time in this process: its own writes never conflict with each other.
      const run = (queues.get(key) ?? Promise.resolve()).then(() => write(key, change));
      const tail = run.then(
        () => undefined,
        () => undefined,
      );
      queues.set(key, tail);
      void tail.then(() => {
        if (queues.get(key) === tail) queues.delete(key);
      });
      return run;
    },

    async entries() {
      await resync();
      return [...cache].flatMap(([key, entry]) => (entry.record === undefined ? [] : [[key, entry.record] as const]));
    },

    ready: () => firstSync,

    async close() {
      clearInterval(timer);
      await Promise.all([connection.close(), subscriber.close()]);
    },
  };
}

import { openRedisConnection } from '../../redis/open-redis-connection.js';
import { luaScript, runLuaScript } from '../../redis/lua-script.js';
import type { Logger } from '../../log/logger.js';
import { EMPTY_BOOK, parseBook, serializeBook, type BudgetBook, type BudgetBookStore } from './budget-book.js';

/**
 * Writes the book only if nobody wrote since it was read. KEYS: book, rev.
 * ARGV: the revision read, the next book (JSON, holding rev + 1). Answers the
 * new revision, or -1 when another process wrote first.
 */
const WRITE_BOOK = luaScript(
  'aegis-budget-book-write',
  `local rev = tonumber(redis.call('GET', KEYS[2]) or '0')
if rev ~= tonumber(ARGV[1]) then return -1 end
redis.call('SET', KEYS[1], ARGV[2])
return redis.call('INCR', KEYS[2])`,
);

const MAX_TRIES = 20;

/**
 * The budget book of a Redis store: `<prefix>budgets:book` (the book as
 * JSON) and `<prefix>budgets:rev`, written by compare-and-set in one Lua
 * script, so concurrent writers on any machine never lose a write. While
 * Redis is unreachable, reads and writes fail with `store_unavailable` (the
 * ledger then keeps the budgets it last read).
 */
export function openRedisBudgetBook(options: { url: string; keyPrefix: string; logger: Logger }): BudgetBookStore {
  const connection = openRedisConnection({
    url: options.url,
    logger: options.logger,
    name: 'aegis-budgets',
    advice: 'Budgets are read from Redis; check that it is reachable.',
  });
  const bookKey = `${options.keyPrefix}budgets:book`;
  const revKey = `${options.keyPrefix}budgets:rev`;
  const read = (): Promise<BudgetBook> =>
    connection.run(async (client) => {
      const text = await client.get(bookKey);
      if (text === null) return EMPTY_BOOK;
      try {
        return parseBook(text);
      } catch (error) {
        options.logger.warn(
          `The budget book in Redis (${bookKey}) cannot be read (${(error as Error).message}); it is rewritten from the budgets processes declare.`,
        );
        return { ...EMPTY_BOOK, rev: Number((await client.get(revKey)) ?? 0) };
      }
    });
  return {
    read,
    async update(change) {
      for (let attempt = 0; attempt < MAX_TRIES; attempt += 1) {
        const current = await read();
        const next = change(current);
        if (next === undefined) return current;
        const written = { rev: current.rev + 1, entries: next.entries };
        const rev = await connection.run((client) => runLuaScript(client, WRITE_BOOK, [bookKey, revKey], [current.rev, serializeBook(written)]));
        if (Number(rev) === written.rev) return written;
      }
      throw new Error(`The budget book in Redis kept changing during ${MAX_TRIES} attempts to write it; try again.`);
    },
    close: () => connection.close(),
  };
}

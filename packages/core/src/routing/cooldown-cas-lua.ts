import { luaScript } from '../redis/lua-script.js';

/**
 * Compare-and-set of one cooldown record, for the shared cooldown store
 * (routing/redis-cooldown-store.ts). Guarantees: a write lands only if the
 * record is still at the version the writer read (so two processes cannot
 * both take the one half-open probe, nor lose each other's failures); every
 * write gets a new version from one counter and is published in the same
 * atomic step, so subscribers see writes in order and can tell stale from
 * fresh.
 *
 * KEYS[1] records  hash   target key -> `<version>:<record JSON>`
 * KEYS[2] version  string the last version given out
 * ARGV[1] target key, ARGV[2] version read ('0' = no record), ARGV[3] new
 * record JSON ('' = delete), ARGV[4] the change channel.
 * Returns {1, new version} or, on a conflict, {0, stored value or ''}.
 * Published message: `<version>\n<record JSON or ''>\n<target key>` (JSON
 * holds no raw newline; the key comes last, whatever it holds).
 */
export const COOLDOWN_CAS_SCRIPT = luaScript(
  'aegis-cooldown-cas',
  `
local current = redis.call('HGET', KEYS[1], ARGV[1])
local version = 0
if current then version = tonumber(string.match(current, '^(%d+):')) or 0 end
if version ~= tonumber(ARGV[2]) then return { 0, current or '' } end
local next = redis.call('INCR', KEYS[2])
if ARGV[3] == '' then
  redis.call('HDEL', KEYS[1], ARGV[1])
else
  redis.call('HSET', KEYS[1], ARGV[1], next .. ':' .. ARGV[3])
end
redis.call('PUBLISH', ARGV[4], next .. '\\n' .. ARGV[3] .. '\\n' .. ARGV[1])
return { 1, next }
`,
);

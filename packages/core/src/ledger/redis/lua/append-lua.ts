import { luaScript } from '../../../store/redis/lua-script.js';
import { CHARGE_LUA } from './charge-lua.js';
import { LEASE_LUA } from './lease-lua.js';

/**
 * Append a record that had no reservation here, idempotent by record id for
 * as long as records are kept: an id already recorded is not charged again
 * (`duplicate`). This is what makes replaying a local fallback ledger and
 * importing an embedded one safe to repeat, and a resent command harmless.
 * A reservation of the same id still held (or remembered as expired) is
 * ended: a replayed record is the settle of a request whose reservation
 * reached Redis but whose settle did not.
 *
 * KEYS[1..5] see LEASE_LUA, KEYS[6..10] see CHARGE_LUA (the record's period and day).
 * ARGV[4] id, [5..] the charge block.
 * Returns {status, provider spend after, expired}.
 */
export const APPEND_SCRIPT = luaScript(
  'aegis-ledger-append',
  `${LEASE_LUA}${CHARGE_LUA}
local expired = expire_leases()
local id = ARGV[4]
if redis.call('ZSCORE', KEYS[10], id) then
  return { 'duplicate', tonumber(redis.call('HGET', KEYS[7], ARGV[6]) or '0'), expired }
end
drop(id)
if redis.call('HDEL', KEYS[4], id) == 1 then redis.call('ZREM', KEYS[5], id) end
return { 'charged', charge(id, 5), expired }
`,
);

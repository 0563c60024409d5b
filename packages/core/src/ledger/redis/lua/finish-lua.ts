import { luaScript } from '../../../redis/lua-script.js';
import { CHARGE_LUA } from './charge-lua.js';
import { LEASE_LUA } from './lease-lua.js';

/**
 * Settle or release, exactly once per id: ends the reservation (open, or
 * expired but still remembered: `late`) and, with a record, charges it in the
 * same step. An id neither open nor remembered was already finished:
 * `duplicate`, nothing charged. The caller read the reservation first to name
 * its period's keys (scripts must declare their keys); if what is stored
 * is no longer that reservation, the answer is `retry`.
 *
 * KEYS[1..5] see LEASE_LUA, KEYS[6..12] see CHARGE_LUA (the reservation's period and day).
 * ARGV[4] id, [5] the reservation JSON read, [6..] the charge block, ARGV[6]
 * '' for a release without a record.
 * Returns {status, provider spend after (-1 without a record), expired}.
 */
export const FINISH_SCRIPT = luaScript(
  'aegis-ledger-finish',
  `${LEASE_LUA}${CHARGE_LUA}
local expired = expire_leases()
local id = ARGV[4]
local status = 'charged'
local json = redis.call('HGET', KEYS[1], id)
if json then
  if json ~= ARGV[5] then return { 'retry', -1, expired } end
  drop(id)
else
  json = redis.call('HGET', KEYS[4], id)
  if not json then return { 'duplicate', -1, expired } end
  if json ~= ARGV[5] then return { 'retry', -1, expired } end
  redis.call('HDEL', KEYS[4], id)
  redis.call('ZREM', KEYS[5], id)
  status = 'late'
end
if ARGV[6] == '' then return { status, -1, expired } end
return { status, charge(id, 6), expired }
`,
);

import { luaScript } from '../../../redis/lua-script.js';
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
 * With a draw id, that open reservation (a budget allowance the request was
 * admitted under) shrinks by the record's cost in the same step, so spend +
 * held counts the cost once. Its JSON is edited in place (the amount field
 * only): JSON comes from the caller and is never re-encoded here.
 *
 * KEYS[1..5] see LEASE_LUA, KEYS[6..12] see CHARGE_LUA (the record's period and day).
 * ARGV[4] id, [5] draw id ('' = none), [6] amount to draw (the record's cost, or
 * the request's worst case under a retired allowance), [7..] the charge block.
 * Returns {status, provider spend after, expired}.
 */
export const APPEND_SCRIPT = luaScript(
  'aegis-ledger-append',
  `${LEASE_LUA}${CHARGE_LUA}
local function draw(from, amount)
  local json = redis.call('HGET', KEYS[1], from)
  if not json or amount <= 0 then return end
  local r = cjson.decode(json)
  if type(r.amountMicroUsd) ~= 'number' then return end
  local take = math.min(r.amountMicroUsd, amount)
  hold({ period = r.period, provider = r.provider, model = r.model, amountMicroUsd = take, allowance = r.allowance }, -1)
  local edited = string.gsub(json, '"amountMicroUsd":%d+', '"amountMicroUsd":' .. int(r.amountMicroUsd - take), 1)
  redis.call('HSET', KEYS[1], from, edited)
end

local expired = expire_leases()
local id = ARGV[4]
if redis.call('ZSCORE', KEYS[10], id) then
  return { 'duplicate', tonumber(redis.call('HGET', KEYS[7], ARGV[8]) or '0'), expired }
end
drop(id)
if redis.call('HDEL', KEYS[4], id) == 1 then redis.call('ZREM', KEYS[5], id) end
local spent = charge(id, 7)
if ARGV[5] ~= '' then draw(ARGV[5], tonumber(ARGV[6])) end
return { 'charged', spent, expired }
`,
);

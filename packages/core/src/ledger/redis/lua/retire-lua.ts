import { luaScript } from '../../../redis/lua-script.js';
import { LEASE_LUA } from './lease-lua.js';

/**
 * Retires a budget allowance: it gives up the room it will not use (not
 * below 0) and is held from now on as its requests in flight
 * (`"allowance":"retired"`), no longer among the live allowances a reclaim
 * could free. The JSON is edited in place, as append's draw does. An id not
 * open, or not an allowance: nothing.
 *
 * KEYS[1..5] see LEASE_LUA. ARGV[4] id, [5] micro-USD given up.
 * Returns {1 retired | 0 not open, expired}.
 */
export const RETIRE_SCRIPT = luaScript(
  'aegis-ledger-retire',
  `${LEASE_LUA}
local expired = expire_leases()
local id = ARGV[4]
local json = redis.call('HGET', KEYS[1], id)
if not json then return { 0, expired } end
local r = cjson.decode(json)
if type(r.allowance) ~= 'string' or type(r.amountMicroUsd) ~= 'number' then return { 0, expired } end
hold(r, -1)
local give = math.min(r.amountMicroUsd, math.max(0, tonumber(ARGV[5])))
r.amountMicroUsd = r.amountMicroUsd - give
r.allowance = 'retired'
hold(r, 1)
json = string.gsub(json, '"amountMicroUsd":%d+', '"amountMicroUsd":' .. int(r.amountMicroUsd), 1)
json = string.gsub(json, '"allowance":"live"', '"allowance":"retired"', 1)
redis.call('HSET', KEYS[1], id, json)
return { 1, expired }
`,
);

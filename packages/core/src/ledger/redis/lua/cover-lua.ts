import { luaScript } from '../../../redis/lua-script.js';
import { LEASE_LUA } from './lease-lua.js';

/**
 * Declares a live budget allowance's cover (LedgerStore.coverAllowance):
 * kept only when its sequence number is above the stored one. The JSON is
 * edited in place (the reserve wrote both fields, at 0), as retire does.
 *
 * KEYS[1..5] see LEASE_LUA. ARGV[4] id, [5] seq, [6] micro-USD.
 * Returns {1 stored | 0 not, expired}.
 */
export const COVER_SCRIPT = luaScript(
  'aegis-ledger-cover',
  `${LEASE_LUA}
local expired = expire_leases()
local id = ARGV[4]
local json = redis.call('HGET', KEYS[1], id)
if not json then return { 0, expired } end
local r = cjson.decode(json)
if r.allowance ~= 'live' or tonumber(ARGV[5]) <= (tonumber(r.coverSeq) or 0) then return { 0, expired } end
json = string.gsub(json, '"coverSeq":%d+', '"coverSeq":' .. int(tonumber(ARGV[5])), 1)
json = string.gsub(json, '"coverMicroUsd":%d+', '"coverMicroUsd":' .. int(tonumber(ARGV[6])), 1)
redis.call('HSET', KEYS[1], id, json)
return { 1, expired }
`,
);

import { luaScript } from '../../../store/redis/lua-script.js';
import { LEASE_LUA } from './lease-lua.js';

/**
 * Reserve, atomically across every process on the store: admitted only when
 * spend + open reservations + this worst case stays within the provider's
 * limit (and the model's, if any), and then the room is held in the same
 * step, so no other reservation can slip in between the check and the hold.
 * An id already open is returned unchanged (`repeated`). An unpriced request
 * (no amount) holds nothing and is admitted while spend + held < limit.
 *
 * KEYS[1..5] see LEASE_LUA; KEYS[6] month sums (model spend), KEYS[7] provider spend.
 * ARGV[4] id, [5] reservation JSON, [6] period, [7] provider, [8] model,
 * [9] amount ('' = unpriced), [10] expiresAt, [11] provider limit ('' = no
 * budget: nothing checked), [12] model limit ('' = none).
 * Returns {'admitted'|'repeated', reservation JSON, expired} or
 * {'refused', scope, spent, held, limit, expired}.
 */
export const RESERVE_SCRIPT = luaScript(
  'aegis-ledger-reserve',
  `${LEASE_LUA}
local expired = expire_leases()
local id = ARGV[4]
local open = redis.call('HGET', KEYS[1], id)
if open then return { 'repeated', open, expired } end

local amount = ARGV[9]
local function refused(scope, spent, held, limit)
  local fits
  if amount == '' then fits = spent + held < limit else fits = spent + held + tonumber(amount) <= limit end
  if fits then return nil end
  return { 'refused', scope, spent, held, limit, expired }
end

if ARGV[11] ~= '' then
  local period, provider, model = ARGV[6], ARGV[7], ARGV[8]
  local spent = tonumber(redis.call('HGET', KEYS[7], provider) or '0')
  local held = tonumber(redis.call('HGET', KEYS[3], period .. '\\0' .. provider) or '0')
  local refusal = refused('provider', spent, held, tonumber(ARGV[11]))
  if refusal then return refusal end
  if ARGV[12] ~= '' then
    spent = tonumber(redis.call('HGET', KEYS[6], provider .. '\\0' .. model .. '\\0spentMicroUsd') or '0')
    held = tonumber(redis.call('HGET', KEYS[3], period .. '\\0' .. provider .. '\\0' .. model) or '0')
    refusal = refused('model', spent, held, tonumber(ARGV[12]))
    if refusal then return refusal end
  end
end

redis.call('HSET', KEYS[1], id, ARGV[5])
redis.call('ZADD', KEYS[2], ARGV[10], id)
hold(cjson.decode(ARGV[5]), 1)
return { 'admitted', ARGV[5], expired }
`,
);

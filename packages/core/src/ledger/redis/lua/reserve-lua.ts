import { luaScript } from '../../../redis/lua-script.js';
import { LEASE_LUA } from './lease-lua.js';

/**
 * Reserve, atomically across every process on the store: admitted only when
 * spend + open reservations + this worst case stays within the provider's
 * limit (and the model's, if any), and then the room is held in the same
 * step, so no other reservation can slip in between the check and the hold.
 * An id already open is returned unchanged (`repeated`). An unpriced request
 * (no amount) holds nothing and is admitted while spend + held < limit.
 *
 * Budget allowances, as the embedded store (document/reserve-in-document.ts):
 * the live ones of a scope hold at most half of the room spend and the other
 * reservations leave (an allowance is cut to fit, refused below its minimum),
 * and none is taken while a reclaim is asked for the provider. A request
 * refused only because of live allowances asks for that reclaim.
 *
 * KEYS[1..5] see LEASE_LUA; KEYS[6] month sums (model spend), KEYS[7] provider
 * spend, KEYS[8] reclaims hash `period\0provider` -> epoch ms until which the
 * provider's live allowances are asked back.
 * ARGV[4] id, [5] reservation JSON, [6] period, [7] provider, [8] model,
 * [9] amount ('' = unpriced), [10] expiresAt, [11] provider limit ('' = no
 * budget: nothing checked), [12] model limit ('' = none), [13] an allowance's
 * minimum ('' = a request), [14] how long a reclaim asked lasts, ms ('' = none),
 * [15] number n of tag limits, then n triples (scope `name=value`, its field
 * prefix `name\0value\0` in the tag sums, limit), then the tag sums' TTL (ms).
 * KEYS[9] the period's tag sums (charge-lua.ts KEYS[11]).
 * Tag limits are checked first, like the provider's; a request holding them
 * is never an allowance. The reservation JSON lists its scopes (`tags`), so
 * hold() keeps `period\0\2scope` in the held sums.
 * Returns {'admitted'|'repeated', reservation JSON, expired} or
 * {'refused', scope, spent, held, limit, held by live allowances[, tag when scope is 'tag'], expired}.
 */
export const RESERVE_SCRIPT = luaScript(
  'aegis-ledger-reserve',
  `${LEASE_LUA}
local expired = expire_leases()
local id = ARGV[4]
local open = redis.call('HGET', KEYS[1], id)
if open then return { 'repeated', open, expired } end

local json = ARGV[5]
local amount = ARGV[9]
local function fits(s, held)
  if amount == '' then return s.spent + held < s.limit end
  return s.spent + held + tonumber(amount) <= s.limit
end
local function refused(s)
  return { 'refused', s.scope, s.spent, s.held, s.limit, s.live, expired }
end
local function held_sums(field)
  return tonumber(redis.call('HGET', KEYS[3], field) or '0'), tonumber(redis.call('HGET', KEYS[3], '\\1' .. field) or '0')
end

local ntags = tonumber(ARGV[15] or '0')
for t = 0, ntags - 1 do
  local tag, sum, limit = ARGV[16 + 3 * t], ARGV[17 + 3 * t], tonumber(ARGV[18 + 3 * t])
  local s = { scope = 'tag', limit = limit, live = 0 }
  s.spent = tonumber(redis.call('HGET', KEYS[9], sum .. 'spentMicroUsd') or '0')
  s.held = tonumber(redis.call('HGET', KEYS[3], ARGV[6] .. '\\0\\2' .. tag) or '0')
  if not fits(s, s.held) then return { 'refused', 'tag', s.spent, s.held, s.limit, 0, tag, expired } end
end

if ARGV[11] ~= '' then
  local period, provider, model = ARGV[6], ARGV[7], ARGV[8]
  local field = period .. '\\0' .. provider
  local p = { scope = 'provider', limit = tonumber(ARGV[11]) }
  p.spent = tonumber(redis.call('HGET', KEYS[7], provider) or '0')
  p.held, p.live = held_sums(field)
  local scopes = { p }
  if ARGV[12] ~= '' then
    local m = { scope = 'model', limit = tonumber(ARGV[12]) }
    m.spent = tonumber(redis.call('HGET', KEYS[6], provider .. '\\0' .. model .. '\\0spentMicroUsd') or '0')
    m.held, m.live = held_sums(field .. '\\0' .. model)
    scopes[2] = m
  end
  local reclaim_until = tonumber(redis.call('HGET', KEYS[8], field) or '0')
  if ARGV[13] ~= '' then
    local asked = tonumber(amount)
    local granted, tightest = asked, p
    for _, s in ipairs(scopes) do
      local cap = math.floor((s.limit - s.spent - (s.held - s.live)) / 2) - s.live
      if cap < granted then granted, tightest = cap, s end
    end
    if reclaim_until > now or granted < tonumber(ARGV[13]) or granted <= 0 then return refused(tightest) end
    if granted < asked then
      json = string.gsub(json, '"amountMicroUsd":%d+', '"amountMicroUsd":' .. int(granted), 1)
    end
  else
    for _, s in ipairs(scopes) do
      if not fits(s, s.held) then
        if ARGV[14] ~= '' and s.live > 0 and fits(s, s.held - s.live) then
          redis.call('HSET', KEYS[8], field, int(math.max(reclaim_until, now + tonumber(ARGV[14]))))
          redis.call('PEXPIRE', KEYS[8], 3600000)
        end
        return refused(s)
      end
    end
  end
end

for t = 0, ntags - 1 do
  -- The pair's sum exists from now on: its charge is summed exactly even past the values bound (charge-lua.ts).
  redis.call('HSETNX', KEYS[9], ARGV[17 + 3 * t] .. 'requests', 0)
end
if ntags > 0 then redis.call('PEXPIRE', KEYS[9], ARGV[16 + 3 * ntags]) end
redis.call('HSET', KEYS[1], id, json)
redis.call('ZADD', KEYS[2], ARGV[10], id)
hold(cjson.decode(json), 1)
return { 'admitted', json, expired }
`,
);

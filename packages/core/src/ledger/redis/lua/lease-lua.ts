/**
 * The Lua every ledger script starts with: the shared key and argument
 * layout, and lease expiry. Each script runs it first, so a reservation whose
 * lease ran out never holds room in the check that follows, in any process.
 *
 * KEYS[1] reservations  hash   id -> reservation JSON (open reservations)
 * KEYS[2] leases        zset   id -> expiresAt (epoch ms)
 * KEYS[3] reserved      hash   `period\0provider` and `period\0provider\0model` -> micro-USD held;
 *                              the same fields prefixed with \1: of that, what live allowances hold;
 *                              `period\0\2name=value`: held against that tag scope's budget
 * KEYS[4] expired       hash   id -> reservation JSON an older version remembered when its lease ran out
 * KEYS[5] expiredAt     zset   id -> epoch ms it expired
 * ARGV[1] now (epoch ms, the caller's clock), ARGV[2] how long to remember an
 * expired reservation (ms), ARGV[3] most expired reservations remembered.
 *
 * Numbers handed to redis.call go through int(): Lua would print 1e15 as
 * "1e+15", which HINCRBY refuses. Amounts are integer micro-USD, exact in a
 * Lua number up to 2^53. Nothing is ever JSON-encoded here (cjson rounds
 * numbers to 14 digits); JSON comes from the caller and is stored as given.
 */
export const LEASE_LUA = `
local now = tonumber(ARGV[1])
local function int(x) return string.format('%d', x) end

-- Adds (sign 1) or removes (sign -1) a reservation's amount from the held
-- sums; a live budget allowance's also from the sums of live allowances
-- (fields prefixed with \\1: no period starts so).
local function hold(r, sign)
  local amount = r.amountMicroUsd
  if type(amount) ~= 'number' then return end
  local fields = { r.period .. '\\0' .. r.provider, r.period .. '\\0' .. r.provider .. '\\0' .. r.model }
  local live = r.allowance == 'live'
  for _, field in ipairs(fields) do
    local left = redis.call('HINCRBY', KEYS[3], field, int(sign * amount))
    if left <= 0 then redis.call('HDEL', KEYS[3], field) end
    if live then
      left = redis.call('HINCRBY', KEYS[3], '\\1' .. field, int(sign * amount))
      if left <= 0 then redis.call('HDEL', KEYS[3], '\\1' .. field) end
    end
  end
  if type(r.tags) == 'table' then
    for _, tag in ipairs(r.tags) do
      local field = r.period .. '\\0\\2' .. tag
      local left = redis.call('HINCRBY', KEYS[3], field, int(sign * amount))
      if left <= 0 then redis.call('HDEL', KEYS[3], field) end
    end
  end
end

-- Ends an open reservation; returns its JSON, or nil when it was not open.
local function drop(id)
  local json = redis.call('HGET', KEYS[1], id)
  if not json then return nil end
  redis.call('HDEL', KEYS[1], id)
  redis.call('ZREM', KEYS[2], id)
  hold(cjson.decode(json), -1)
  return json
end

-- Reservations whose lease ran out (their process died with them in
-- flight): returns their JSON for the caller to charge (expiry-charge.ts,
-- through the finish script, which ends them). They keep holding their room
-- until then, and are claimed for CLAIM_MS (their lease score moved on), so
-- one caller charges each while others go on; if it dies first, another
-- caller gets them again after that. At most 100 per call, so one stays short.
-- Reservations an older version remembered as expired are forgotten after
-- ARGV[2] ms (at most ARGV[3] kept).
local CLAIM_MS = 10000
local function expire_leases()
  local out = {}
  local due = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', int(now), 'LIMIT', 0, 100)
  for _, id in ipairs(due) do
    local json = redis.call('HGET', KEYS[1], id)
    if json then
      redis.call('ZADD', KEYS[2], int(now + CLAIM_MS), id)
      out[#out + 1] = json
    else
      redis.call('ZREM', KEYS[2], id)
    end
  end
  local old = redis.call('ZRANGEBYSCORE', KEYS[5], '-inf', int(now - tonumber(ARGV[2])), 'LIMIT', 0, 100)
  for _, id in ipairs(old) do
    redis.call('ZREM', KEYS[5], id)
    redis.call('HDEL', KEYS[4], id)
  end
  local extra = redis.call('ZCARD', KEYS[5]) - tonumber(ARGV[3])
  if extra > 0 then
    local popped = redis.call('ZPOPMIN', KEYS[5], extra)
    for i = 1, #popped, 2 do redis.call('HDEL', KEYS[4], popped[i]) end
  end
  return out
end
`;

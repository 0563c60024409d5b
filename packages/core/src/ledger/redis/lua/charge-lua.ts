import { MAX_TAG_VALUES } from '../../summed-tags.js';

/**
 * The Lua that charges a record, shared by settle/release and append: adds
 * its deltas to the month's and the day's sums and its cost to the
 * provider's spend, and appends it to the record stream, all in the calling
 * script (so atomically with the reservation it ends).
 *
 * KEYS[6] month   hash  `provider\0model\0field` -> sum, for the record's period
 * KEYS[7] spent   hash  provider -> micro-USD spent in the period
 * KEYS[8] day     hash  like month, for the record's day
 * KEYS[9] records stream of records (`r` -> JSON), trimmed by age
 * KEYS[10] recordIds zset id -> time recorded (server ms): what append deduplicates by
 * KEYS[11] tags    hash  `name\0value\0field` -> sum, for the record's period
 *                        (`name\0\0field`: the values past MAX_TAG_VALUES)
 * KEYS[12] tagCounts hash name -> distinct values summed in the period
 * ARGV[c] record JSON, ARGV[c+1] provider, ARGV[c+2] model, ARGV[c+3] how
 * long records are kept (ms), ARGV[c+4] month and spend TTL (ms), ARGV[c+5]
 * day TTL (ms), ARGV[c+6] number of tag pairs n, then n name/value pairs,
 * then field/delta pairs to the end.
 *
 * The record horizon uses the server's clock (TIME), like stream ids do, so
 * callers' clocks cannot trim what others just wrote.
 */
export const CHARGE_LUA = `
local function charge(id, c)
  local provider = ARGV[c + 1]
  local prefix = provider .. '\\0' .. ARGV[c + 2] .. '\\0'
  local cost = '0'
  local ntags = tonumber(ARGV[c + 6])
  local first = c + 7 + 2 * ntags
  for i = first, #ARGV, 2 do
    redis.call('HINCRBY', KEYS[6], prefix .. ARGV[i], ARGV[i + 1])
    redis.call('HINCRBY', KEYS[8], prefix .. ARGV[i], ARGV[i + 1])
    if ARGV[i] == 'spentMicroUsd' then cost = ARGV[i + 1] end
  end
  for t = 0, ntags - 1 do
    local name = ARGV[c + 7 + 2 * t]
    local base = name .. '\0' .. ARGV[c + 8 + 2 * t] .. '\0'
    if redis.call('HEXISTS', KEYS[11], base .. 'requests') == 0 then
      if redis.call('HINCRBY', KEYS[12], name, 1) > ${MAX_TAG_VALUES} then
        redis.call('HINCRBY', KEYS[12], name, -1)
        base = name .. '\0\0'
      end
    end
    for i = first, #ARGV, 2 do
      redis.call('HINCRBY', KEYS[11], base .. ARGV[i], ARGV[i + 1])
    end
  end
  if ntags > 0 then
    redis.call('PEXPIRE', KEYS[11], ARGV[c + 4])
    redis.call('PEXPIRE', KEYS[12], ARGV[c + 4])
  end
  local spent = redis.call('HINCRBY', KEYS[7], provider, cost)
  redis.call('PEXPIRE', KEYS[6], ARGV[c + 4])
  redis.call('PEXPIRE', KEYS[7], ARGV[c + 4])
  redis.call('PEXPIRE', KEYS[8], ARGV[c + 5])
  local time = redis.call('TIME')
  local ms = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
  local horizon = ms - tonumber(ARGV[c + 3])
  redis.call('XADD', KEYS[9], 'MINID', '~', int(horizon), '*', 'r', ARGV[c])
  redis.call('ZADD', KEYS[10], int(ms), id)
  redis.call('ZREMRANGEBYSCORE', KEYS[10], '-inf', '(' .. int(horizon))
  return spent
end
`;

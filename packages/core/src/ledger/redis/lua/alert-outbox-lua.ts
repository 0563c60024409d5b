import { luaScript } from '../../../redis/lua-script.js';

/**
 * The alert outbox in Redis (see LedgerStore.claimAlerts and
 * ../document/stored-alert-delivery.ts for the entry):
 *
 * OB      hash  id -> entry JSON (a StoredAlertDelivery)
 * DUE     zset  id -> epoch ms the entry may be attempted (pending, nobody holds it)
 * HELD    zset  id -> epoch ms the holder's claim lapses (pending, being attempted)
 * QUEUED  zset  id -> epoch ms it was queued: the order entries are trimmed in
 *
 * A pending entry is in exactly one of DUE and HELD; a finished one in
 * neither. Unlike the charge scripts these re-encode JSON with cjson: the
 * entry's numbers are small counts and epoch ms (13 digits), exact in
 * cjson's 14, and its strings survive (cjson escapes `/` as `\/`, which
 * decodes the same).
 */
const OUTBOX_LUA = `
local now = tonumber(ARGV[1])
local function int(x) return string.format('%d', x) end
local function save(id, e) redis.call('HSET', OB, id, cjson.encode(e)) end
local function finish(e, state)
  e.state = state
  e.claim = nil
  e.claimUntil = nil
  e.body = nil
end

-- Keeps at most max entries: finished ones go first, oldest first, then
-- pending ones. Returns the JSON of pending entries dropped, for the log.
local function trim(max)
  local excess = redis.call('ZCARD', QUEUED) - max
  local dropped = {}
  if excess <= 0 then return dropped end
  local ids = redis.call('ZRANGE', QUEUED, 0, -1)
  for pass = 1, 2 do
    for _, id in ipairs(ids) do
      if excess <= 0 then return dropped end
      local present = redis.call('ZSCORE', QUEUED, id)
      local pending = redis.call('ZSCORE', DUE, id) or redis.call('ZSCORE', HELD, id)
      if present and ((pass == 1 and not pending) or (pass == 2 and pending)) then
        if pass == 2 then dropped[#dropped + 1] = redis.call('HGET', OB, id) end
        redis.call('HDEL', OB, id)
        redis.call('ZREM', DUE, id)
        redis.call('ZREM', HELD, id)
        redis.call('ZREM', QUEUED, id)
        excess = excess - 1
      end
    end
  end
  return dropped
end

-- Queues an entry (JSON built by the caller, due now) unless its id is known.
local function enqueue(id, json, max)
  if redis.call('HEXISTS', OB, id) == 1 then return { 0, {} } end
  redis.call('HSET', OB, id, json)
  redis.call('ZADD', DUE, int(now), id)
  redis.call('ZADD', QUEUED, int(now), id)
  return { 1, trim(max) }
end
`;

const OUTBOX_KEYS = (first: number) => `local OB, DUE, HELD, QUEUED = KEYS[${first}], KEYS[${first + 1}], KEYS[${first + 2}], KEYS[${first + 3}]\n`;

/**
 * KEYS[1..4] OB, DUE, HELD, QUEUED. ARGV[1] now, [2] id, [3] entry JSON, [4] most entries.
 * Returns {1 queued | 0 known, dropped pending JSONs}.
 */
export const ENQUEUE_ALERT_SCRIPT = luaScript(
  'aegis-alert-enqueue',
  `${OUTBOX_KEYS(1)}${OUTBOX_LUA}
return enqueue(ARGV[2], ARGV[3], tonumber(ARGV[4]))
`,
);

/**
 * Marks a threshold fired and, the first time, queues its delivery.
 * KEYS[1] the period's alerts hash, KEYS[2..5] OB, DUE, HELD, QUEUED.
 * ARGV[1] now, [2] alerts field, [3] fired state JSON, [4] alerts TTL (ms),
 * [5] delivery id ('' = none), [6] entry JSON, [7] most entries.
 * Returns {1 first | 0 already fired, dropped pending JSONs}.
 */
export const FIRE_ALERT_SCRIPT = luaScript(
  'aegis-alert-fire',
  `${OUTBOX_KEYS(2)}${OUTBOX_LUA}
local first = redis.call('HSETNX', KEYS[1], ARGV[2], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
if first == 0 then return { 0, {} } end
if ARGV[5] == '' then return { 1, {} } end
local queued = enqueue(ARGV[5], ARGV[6], tonumber(ARGV[7]))
return { 1, queued[2] }
`,
);

/**
 * KEYS[1..4] OB, DUE, HELD, QUEUED. ARGV[1] now, [2] claim, [3] lease (ms),
 * [4] max attempts, [5] limit, [6] why an unreported attempt is given up.
 * Returns {claimed entry JSONs with their ids interleaved, ms of the next due or false}.
 */
export const CLAIM_ALERTS_SCRIPT = luaScript(
  'aegis-alert-claim',
  `${OUTBOX_KEYS(1)}${OUTBOX_LUA}
local claim, lease, max, limit = ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
-- Holders whose lease ran out lost their claim: due again, or failed when out of attempts.
for _, id in ipairs(redis.call('ZRANGEBYSCORE', HELD, '-inf', int(now), 'LIMIT', 0, 100)) do
  redis.call('ZREM', HELD, id)
  local json = redis.call('HGET', OB, id)
  if json then
    local e = cjson.decode(json)
    if e.state == 'pending' then
      e.claim = nil
      e.claimUntil = nil
      if e.dueAt > now then e.dueAt = now end
      if e.attempts >= max then
        finish(e, 'failed')
        e.lastError = ARGV[6]
      else
        redis.call('ZADD', DUE, int(e.dueAt), id)
      end
      save(id, e)
    end
  end
end
local out = {}
for _, id in ipairs(redis.call('ZRANGEBYSCORE', DUE, '-inf', int(now), 'LIMIT', 0, limit)) do
  redis.call('ZREM', DUE, id)
  local json = redis.call('HGET', OB, id)
  if json then
    local e = cjson.decode(json)
    if e.state == 'pending' and type(e.body) == 'string' then
      if e.attempts >= max then
        finish(e, 'failed')
        if not e.lastError then e.lastError = 'gave up after ' .. int(e.attempts) .. ' attempts' end
      else
        e.attempts = e.attempts + 1
        e.lastAttemptAt = now
        e.claim = claim
        e.claimUntil = now + lease
        redis.call('ZADD', HELD, int(e.claimUntil), id)
        out[#out + 1] = id
        out[#out + 1] = cjson.encode(e)
      end
      save(id, e)
    end
  end
end
local soonest = redis.call('ZRANGE', DUE, 0, 0, 'WITHSCORES')
return { out, soonest[2] or false }
`,
);

/**
 * KEYS[1..4] OB, DUE, HELD, QUEUED. ARGV[1] now, [2] id, [3] claim,
 * [4] outcome (delivered | retry | failed), [5] retry in (ms), [6] error ('' = none).
 * See ../../document/finish-alert-in-document.ts: the same rules.
 */
export const FINISH_ALERT_SCRIPT = luaScript(
  'aegis-alert-finish',
  `${OUTBOX_KEYS(1)}${OUTBOX_LUA}
local id, claim, outcome = ARGV[2], ARGV[3], ARGV[4]
local json = redis.call('HGET', OB, id)
if not json then return 0 end
local e = cjson.decode(json)
if e.state ~= 'pending' then return 0 end
if outcome == 'delivered' then
  finish(e, 'delivered')
  e.deliveredAt = now
  e.lastError = nil
else
  if e.claim ~= claim then return 0 end
  if ARGV[6] ~= '' then e.lastError = ARGV[6] end
  e.failedAt = now
  e.failure = ARGV[6] ~= '' and ARGV[6] or 'failed'
  if outcome == 'retry' then
    e.claim = nil
    e.claimUntil = nil
    e.dueAt = now + math.max(0, tonumber(ARGV[5]))
    redis.call('ZREM', HELD, id)
    redis.call('ZADD', DUE, int(e.dueAt), id)
    save(id, e)
    return 1
  end
  finish(e, 'failed')
end
redis.call('ZREM', HELD, id)
redis.call('ZREM', DUE, id)
save(id, e)
return 1
`,
);

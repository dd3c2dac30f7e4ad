-- Shared helpers, prepended to every script when it is loaded (Lua scripts cannot import).
-- KEYS are QueueKeys.fixed() in order; ARGV[1] is the key prefix that per-job keys are built
-- from (they share the queue's {hash tag}, so they live in the declared slot).
-- Times are the server's clock (TIME) in integer microseconds: every host agrees on it, and
-- integers below 2^53 are exact in Lua's doubles and in ZSET scores.
-- Numbers reach Redis through redis.call (exact integers), never through tostring(), which
-- would round them to 14 digits.
local READY, DELAYED, LEASES, DEAD = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local WAKE, EVENTS, SEQ, TOKEN, EVSEQ = KEYS[5], KEYS[6], KEYS[7], KEYS[8], KEYS[9]
local PREFIX = ARGV[1]
local PRIORITY_SHIFT = 17592186044416 -- 2^44: the ready score is priority * 2^44 + seq
local WAKE_CAP = 1024 -- markers beyond this wake nobody who would not wake anyway

local function now_us()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000000 + tonumber(t[2])
end

local function job_key(id)
  return PREFIX .. 'job:' .. id
end

-- The job's index of its events: a ZSET of the seqs of its entries in the EVENTS stream
-- (QueueKeys.job_events).
local function job_events_key(id)
  return PREFIX .. 'jobev:' .. id
end

-- Reserve `count` values of a counter that must never go backwards, not even when Redis
-- loses it (FLUSHDB, a restart without AOF): a missing counter restarts from the server clock
-- in microseconds, which is above every value issued before as long as fewer than a million
-- were issued per second on average since the counter was last seeded.
-- Returns the base: the values are base + 1 .. base + count.
local function take(key, count, now)
  if redis.call('EXISTS', key) == 0 then
    redis.call('SET', key, now)
  end
  return redis.call('INCRBY', key, count) - count
end

-- Wake up to `count` idle workers blocked in BLPOP on the wake list.
local function wake(count)
  local room = WAKE_CAP - redis.call('LLEN', WAKE)
  if count > room then
    count = room
  end
  for _ = 1, count do
    redis.call('LPUSH', WAKE, 1)
  end
end

-- Put a job at the back of its priority's line; `...` are more hash fields to set.
local function make_ready(id, key, priority, ...)
  local seq = redis.call('INCR', SEQ)
  redis.call('ZADD', READY, priority * PRIORITY_SHIFT + seq, id)
  redis.call('HSET', key, 'state', 'ready', ...)
end

-- Park a job until `due`; `seq` breaks ties between jobs due in the same microsecond.
local function schedule(id, key, due)
  local first = redis.call('ZRANGE', DELAYED, 0, 0, 'WITHSCORES')
  redis.call('ZADD', DELAYED, due, id)
  redis.call('HSET', key, 'state', 'delayed', 'seq', redis.call('INCR', SEQ))
  -- A new earliest due time must shorten the sleep of an idle worker (see idle.lua).
  if first[2] == nil or due < tonumber(first[2]) then
    wake(1)
  end
end

local function bury(id, key, err, now)
  redis.call('HSET', key, 'state', 'dead', 'error', err, 'died_at', now)
  redis.call('ZADD', DEAD, now, id)
end

-- The job's delivery count and priority if `token` is its current delivery, else nil
-- (fencing).
local function current(key, token)
  local f = redis.call('HMGET', key, 'state', 'token', 'deliveries', 'priority')
  if f[1] == 'leased' and f[2] == token then
    return tonumber(f[3]), tonumber(f[4])
  end
  return nil
end

-- Take a job out of the leases (ack, fail, release, reap).
local function unlease(id, key)
  redis.call('ZREM', LEASES, id)
  redis.call('HDEL', key, 'deadline', 'worker', 'claimed_at')
end


-- Add one job (enqueue, enqueue_many): 1 if added, 0 if it is already ready, delayed or
-- leased. `due` is when a delayed job falls due, or nil to make it ready now; the caller wakes
-- idle workers for the jobs made ready, once per script.
local function add(id, priority, due)
  local key = job_key(id)
  local state = redis.call('HGET', key, 'state')
  if state == 'ready' or state == 'delayed' or state == 'leased' then
    return 0
  end
  if state then
    if state == 'dead' then
      redis.call('ZREM', DEAD, id)
    end
    -- A done or dead job starts afresh: no error, no deliveries, no TTL left from its ack.
    redis.call('DEL', key)
  end
  if due then
    redis.call('HSET', key, 'priority', priority, 'deliveries', 0)
    schedule(id, key, due)
  else
    make_ready(id, key, priority, 'priority', priority, 'deliveries', 0)
  end
  return 1
end

-- Mark one leased job done (ack, ack_many): 1, or 0 if `token` is not its current delivery.
local function finish(id, token, ttl)
  local key = job_key(id)
  if not current(key, token) then
    return 0
  end
  unlease(id, key)
  redis.call('HSET', key, 'state', 'done')
  -- Done jobs are remembered for a while (state() answers DONE), not forever.
  if ttl > 0 then
    redis.call('PEXPIRE', key, ttl)
  end
  return 1
end

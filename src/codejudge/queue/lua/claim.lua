-- claim(prefix, worker, n, lease_us, promote_limit)
--   -> {deadline, id1, token1, delivery1, priority1, id2, ...} in claim order
local worker, n, lease, limit = ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
local now = now_us()

-- Promote due delayed jobs first, in due order (ties: the order they were delayed in).
local due = redis.call('ZRANGE', DELAYED, '-inf', now, 'BYSCORE', 'LIMIT', 0, limit, 'WITHSCORES')
if #due > 0 then
  local jobs = {}
  for i = 1, #due, 2 do
    local f = redis.call('HMGET', job_key(due[i]), 'priority', 'seq')
    jobs[#jobs + 1] = {id = due[i], due = tonumber(due[i + 1]), priority = tonumber(f[1]),
                       seq = tonumber(f[2]) or 0}
  end
  table.sort(jobs, function(a, b)
    if a.due ~= b.due then
      return a.due < b.due
    end
    return a.seq < b.seq
  end)
  for _, job in ipairs(jobs) do
    redis.call('ZREM', DELAYED, job.id)
    make_ready(job.id, job_key(job.id), job.priority)
  end
  -- More became ready than this claim takes: tell the other idle workers.
  if #jobs > n then
    wake(#jobs - n)
  end
end

local popped = redis.call('ZPOPMIN', READY, n)
local count = #popped / 2
local out = {now + lease}
if count == 0 then
  return out
end
local base = take(TOKEN, count, now)
local deadline = now + lease
for i = 1, count do
  local id = popped[2 * i - 1]
  local key = job_key(id)
  local token = base + i
  local delivery = redis.call('HINCRBY', key, 'deliveries', 1)
  redis.call('HSET', key, 'state', 'leased', 'token', token, 'deadline', deadline,
             'worker', worker, 'claimed_at', now)
  redis.call('ZADD', LEASES, deadline, id)
  out[#out + 1] = id
  out[#out + 1] = token
  out[#out + 1] = delivery
  out[#out + 1] = math.floor(tonumber(popped[2 * i]) / PRIORITY_SHIFT)
end
return out

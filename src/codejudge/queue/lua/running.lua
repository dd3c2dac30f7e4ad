-- running(prefix, limit) -> {id1, worker1, priority1, deliveries1, claimed_at1, deadline1,
-- token1, id2, ...}: the leased jobs, oldest claim first (ties: claim order, which is token
-- order), at most `limit`. Reads every lease (there are as many as the workers have busy
-- slots) and sorts them: the leases ZSET is ordered by deadline, which heartbeats move.
-- A lease claimed by a version that did not record `claimed_at` is given the time this script
-- first sees it, so that it stays put from one call to the next.
local limit = tonumber(ARGV[2])
local ids = redis.call('ZRANGE', LEASES, 0, -1)
local jobs = {}
local now = nil
for _, id in ipairs(ids) do
  local key = job_key(id)
  local f = redis.call('HMGET', key, 'token', 'worker', 'priority', 'deliveries', 'claimed_at',
                       'deadline', 'state')
  if f[7] == 'leased' then -- always, as every script keeps the leases and the hashes in step
    local claimed = tonumber(f[5])
    if not claimed then
      now = now or now_us()
      claimed = now
      redis.call('HSET', key, 'claimed_at', claimed)
    end
    jobs[#jobs + 1] = {id = id, token = tonumber(f[1]), worker = f[2] or '', priority = f[3],
                       deliveries = f[4], claimed = claimed, deadline = f[6]}
  end
end
table.sort(jobs, function(a, b)
  if a.claimed ~= b.claimed then
    return a.claimed < b.claimed
  end
  return a.token < b.token
end)
local out = {}
for i = 1, math.min(limit, #jobs) do
  local job = jobs[i]
  out[#out + 1] = job.id
  out[#out + 1] = job.worker
  out[#out + 1] = job.priority
  out[#out + 1] = job.deliveries
  out[#out + 1] = job.claimed
  out[#out + 1] = job.deadline
  out[#out + 1] = job.token
end
return out

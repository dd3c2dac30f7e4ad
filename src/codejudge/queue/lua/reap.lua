-- reap(prefix, max_deliveries, error, limit) -> {expired leases made ready, buried}
local max, err, limit = tonumber(ARGV[2]), ARGV[3], ARGV[4]
local now = now_us()
local expired = redis.call('ZRANGE', LEASES, '-inf', now, 'BYSCORE', 'LIMIT', 0, limit,
                           'WITHSCORES')
local jobs = {}
for i = 1, #expired, 2 do
  local f = redis.call('HMGET', job_key(expired[i]), 'token', 'deliveries', 'priority')
  jobs[#jobs + 1] = {id = expired[i], deadline = tonumber(expired[i + 1]),
                     token = tonumber(f[1]), deliveries = tonumber(f[2]),
                     priority = tonumber(f[3])}
end
-- Back to ready in expiry order (ties: claim order), like the SQLite backend.
table.sort(jobs, function(a, b)
  if a.deadline ~= b.deadline then
    return a.deadline < b.deadline
  end
  return a.token < b.token
end)
local ready = 0
for _, job in ipairs(jobs) do
  local key = job_key(job.id)
  unlease(job.id, key)
  if job.deliveries >= max then
    bury(job.id, key, err, now)
  else
    make_ready(job.id, key, job.priority)
    ready = ready + 1
  end
end
wake(ready)
return {ready, #jobs - ready}

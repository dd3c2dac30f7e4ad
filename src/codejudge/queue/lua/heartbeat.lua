-- heartbeat(prefix, id, token, lease_us) -> the new deadline, or -1 if the token is stale
local id = ARGV[2]
local key = job_key(id)
if not current(key, ARGV[3]) then
  return -1
end
local deadline = now_us() + tonumber(ARGV[4])
redis.call('HSET', key, 'deadline', deadline)
redis.call('ZADD', LEASES, deadline, id)
return deadline

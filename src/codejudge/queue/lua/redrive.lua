-- redrive(prefix, id) -> 1, or 0 if the job is not dead
local id = ARGV[2]
local key = job_key(id)
local f = redis.call('HMGET', key, 'state', 'priority')
if f[1] ~= 'dead' then
  return 0
end
redis.call('ZREM', DEAD, id)
redis.call('HDEL', key, 'error', 'died_at')
make_ready(id, key, tonumber(f[2]), 'deliveries', 0)
wake(1)
return 1

-- ack(prefix, id, token, done_ttl_ms) -> 1, or 0 if the token is stale
local id, ttl = ARGV[2], tonumber(ARGV[4])
local key = job_key(id)
if not current(key, ARGV[3]) then
  return 0
end
unlease(id, key)
redis.call('HSET', key, 'state', 'done')
-- Done jobs are remembered for a while (state() answers DONE), not forever.
if ttl > 0 then
  redis.call('PEXPIRE', key, ttl)
end
return 1

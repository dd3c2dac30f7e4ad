-- fail(prefix, id, token, error, retry, max_deliveries, retry_base_us)
--   -> 'delayed' or 'dead', or 0 if the token is stale
local id, err, retry = ARGV[2], ARGV[4], ARGV[5] == '1'
local max, base = tonumber(ARGV[6]), tonumber(ARGV[7])
local key = job_key(id)
local deliveries = current(key, ARGV[3])
if not deliveries then
  return 0
end
unlease(id, key)
local now = now_us()
if retry and deliveries < max then
  redis.call('HSET', key, 'error', err)
  schedule(id, key, now + math.floor(base * 2 ^ (deliveries - 1)))
  return 'delayed'
end
bury(id, key, err, now)
return 'dead'

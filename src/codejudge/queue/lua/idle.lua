-- idle(prefix) -> 0 if a job is ready or a delayed one is due, else the microseconds until
-- the earliest delayed job is due, or -1 if there is none. When nothing is ready, the wake
-- markers left so far are stale (their jobs were claimed): drop them, atomically with the
-- check, so the caller's next BLPOP sleeps until a marker pushed after this check.
if redis.call('ZCARD', READY) > 0 then
  return 0
end
local first = redis.call('ZRANGE', DELAYED, 0, 0, 'WITHSCORES')
local left = -1
if first[2] then
  left = tonumber(first[2]) - now_us()
  if left <= 0 then
    return 0
  end
end
redis.call('DEL', WAKE)
return left

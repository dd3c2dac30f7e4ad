-- revoke(prefix, id, token, max_deliveries, error) -> 'ready' or 'dead', or 0 if `token` is not
-- the job's current delivery (nothing changes). Takes a stuck job from its holder whatever its
-- deadline; the delivery counts, as when reap takes an expired lease.
local id, max, err = ARGV[2], tonumber(ARGV[4]), ARGV[5]
local key = job_key(id)
local deliveries, priority = current(key, ARGV[3])
if not deliveries then
  return 0
end
unlease(id, key)
if deliveries >= max then
  bury(id, key, err, now_us())
  return 'dead'
end
make_ready(id, key, priority, 'error', err)
wake(1)
return 'ready'

-- release(prefix, id, token) -> 1, or 0 if the token is stale
local id = ARGV[2]
local key = job_key(id)
local deliveries, priority = current(key, ARGV[3])
if not deliveries then
  return 0
end
unlease(id, key)
-- Giving a job back does not count as a delivery.
make_ready(id, key, priority, 'deliveries', deliveries - 1)
wake(1)
return 1

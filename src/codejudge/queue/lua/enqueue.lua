-- enqueue(prefix, id, priority, delay_us) -> 1 if enqueued, 0 if already ready/delayed/leased
local id, priority, delay = ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
local key = job_key(id)
local state = redis.call('HGET', key, 'state')
if state == 'ready' or state == 'delayed' or state == 'leased' then
  return 0
end
if state then
  if state == 'dead' then
    redis.call('ZREM', DEAD, id)
  end
  -- A done or dead job starts afresh: no error, no deliveries, no TTL left from its ack.
  redis.call('DEL', key)
end
if delay > 0 then
  redis.call('HSET', key, 'priority', priority, 'deliveries', 0)
  schedule(id, key, now_us() + delay)
else
  make_ready(id, key, priority, 'priority', priority, 'deliveries', 0)
  wake(1)
end
return 1

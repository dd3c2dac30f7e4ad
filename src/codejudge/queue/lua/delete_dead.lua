-- delete_dead(prefix, id) -> 1, or 0 if the job is not dead
-- Forgets the job: its hash, its place in the dead-letter set, its events in the stream (those
-- its index still lists) and the index.
local id = ARGV[2]
local key = job_key(id)
if redis.call('HGET', key, 'state') ~= 'dead' then
  return 0
end
redis.call('ZREM', DEAD, id)
redis.call('DEL', key)
local index = job_events_key(id)
local seqs = redis.call('ZRANGE', index, 0, -1)
local BATCH = 500 -- entries per XDEL: unpack() is bounded by Lua's stack
for first = 1, #seqs, BATCH do
  local entries = {}
  for i = first, math.min(first + BATCH - 1, #seqs) do
    entries[#entries + 1] = seqs[i] .. '-0'
  end
  redis.call('XDEL', EVENTS, unpack(entries))
end
redis.call('DEL', index)
return 1

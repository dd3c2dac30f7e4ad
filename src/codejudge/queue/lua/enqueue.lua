-- enqueue(prefix, id, priority, delay_us) -> 1 if enqueued, 0 if already ready/delayed/leased
local id, priority, delay = ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
local due = nil
if delay > 0 then
  due = now_us() + delay
end
local added = add(id, priority, due)
if added == 1 and not due then
  wake(1)
end
return added

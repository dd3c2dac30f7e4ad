-- enqueue_many(prefix, priority, delay_us, id1, id2, ...) -> {added1, added2, ...}, each 1 if
-- that id was enqueued, 0 if it was already ready/delayed/leased (or earlier in this batch).
-- In argument order, so the batch keeps its order in line (FIFO) or, delayed, in due order.
local priority, delay = tonumber(ARGV[2]), tonumber(ARGV[3])
local due = nil
if delay > 0 then
  due = now_us() + delay -- one due time for the batch; `seq` keeps their order
end
local out = {}
local ready = 0
for i = 4, #ARGV do
  local added = add(ARGV[i], priority, due)
  out[#out + 1] = added
  ready = ready + added
end
if not due then
  wake(ready)
end
return out

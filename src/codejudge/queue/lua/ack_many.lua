-- ack_many(prefix, done_ttl_ms, id1, token1, id2, token2, ...) -> {acked1, acked2, ...}, each 1,
-- or 0 if that token is stale (a later entry for a lease acked earlier in the batch is stale).
local ttl = tonumber(ARGV[2])
local out = {}
for i = 3, #ARGV, 2 do
  out[#out + 1] = finish(ARGV[i], ARGV[i + 1], ttl)
end
return out

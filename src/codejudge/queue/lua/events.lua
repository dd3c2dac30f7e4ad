-- events(prefix, id, after) -> {seq1, kind1, data1, seq2, ...}, oldest first
-- Seqs whose entry the stream has trimmed away are dropped from the job's index here.
local index = job_events_key(ARGV[2])
local seqs = redis.call('ZRANGE', index, '(' .. ARGV[3], '+inf', 'BYSCORE')
local out = {}
for _, seq in ipairs(seqs) do
  local entry = redis.call('XRANGE', EVENTS, seq .. '-0', seq .. '-0')[1]
  if entry then
    local fields = entry[2] -- job, <id>, kind, <kind>, data, <data>
    out[#out + 1] = seq
    out[#out + 1] = fields[4]
    out[#out + 1] = fields[6]
  else
    redis.call('ZREM', index, seq)
  end
end
return out

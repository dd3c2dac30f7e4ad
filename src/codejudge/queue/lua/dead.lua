-- dead(prefix, limit) -> {id1, deliveries1, error1, died_at1, ...}, most recently died first
local ids = redis.call('ZRANGE', DEAD, '+inf', '-inf', 'BYSCORE', 'REV', 'LIMIT', 0, ARGV[2],
                       'WITHSCORES')
local out = {}
for i = 1, #ids, 2 do
  local f = redis.call('HMGET', job_key(ids[i]), 'deliveries', 'error')
  out[#out + 1] = ids[i]
  out[#out + 1] = f[1] or '0'
  out[#out + 1] = f[2] or ''
  out[#out + 1] = ids[i + 1]
end
return out

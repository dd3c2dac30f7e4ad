-- publish(prefix, id, kind, data, maxlen, index_ttl_ms) -> the event's seq
-- The stream entry id is '<seq>-0', so a per-job index of seqs finds entries by id.
local id, kind, data, maxlen, ttl = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local seq = take(EVSEQ, 1, now_us()) + 1
redis.call('XADD', EVENTS, 'MAXLEN', '~', maxlen, string.format('%d-0', seq),
           'job', id, 'kind', kind, 'data', data)
local index = job_events_key(id)
redis.call('ZADD', index, seq, seq)
redis.call('PEXPIRE', index, ttl)
return seq

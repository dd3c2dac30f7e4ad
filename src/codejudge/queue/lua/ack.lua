-- ack(prefix, id, token, done_ttl_ms) -> 1, or 0 if the token is stale
return finish(ARGV[2], ARGV[3], tonumber(ARGV[4]))

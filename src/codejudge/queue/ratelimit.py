"""Rate-limit counters beside a Redis queue: ``limits``' own ``RedisStorage`` (its Lua
scripts make each hit atomic) on the queue's server and database, its keys under the
queue's prefix (``QueueKeys.rate_limits``), so that every API process of a distributed
deployment counts the same window."""

from __future__ import annotations

from limits.storage import RedisStorage

from codejudge.queue.keys import QueueKeys
from codejudge.queue.redis import split_url

DEFAULT_QUEUE = "default"  # as ``RedisQueue``'s
TIMEOUT_SECONDS = 5.0


def redis_rate_storage(url: str) -> RedisStorage | None:
    """The counters of the queue at ``url`` (``redis://HOST:PORT/DB?queue=NAME``); None when
    ``url`` is not a Redis one (the caller then keeps them in the store). Errors reach
    callers as ``limits.errors.StorageError``."""
    if not url.startswith(("redis://", "rediss://", "unix://")):
        return None
    client_url, name = split_url(url)
    prefix = QueueKeys(name or DEFAULT_QUEUE).rate_limits
    # Timeouts: a Redis that hangs makes intake answer 503 in seconds, not hang with it.
    return RedisStorage(
        client_url,
        key_prefix=prefix,
        wrap_exceptions=True,
        socket_timeout=TIMEOUT_SECONDS,
        socket_connect_timeout=TIMEOUT_SECONDS,
    )

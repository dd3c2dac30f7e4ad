"""Job queue backends behind one contract (``queue.base.Queue``)."""

from codejudge.queue.base import (
    DeadLetter,
    Event,
    JobState,
    Lease,
    Queue,
    QueueStats,
    Reaped,
    RunningJob,
)

__all__ = [
    "DeadLetter",
    "Event",
    "JobState",
    "Lease",
    "Queue",
    "QueueStats",
    "Reaped",
    "RunningJob",
    "open_queue",
]


def open_queue(url: str, *, max_deliveries: int = 3, retry_base: float = 1.0) -> Queue:
    """Open the backend that ``url`` names: ``sqlite:///PATH`` or ``redis://HOST:PORT/DB``
    (``?queue=NAME`` picks one of several queues on one Redis; default ``default``)."""
    # Lazy, for start-up cost: only the backend in use loads its libraries (redis-py; Alembic).
    if url.startswith("sqlite"):
        from codejudge.queue.sqlite import SqliteQueue

        return SqliteQueue(url, max_deliveries=max_deliveries, retry_base=retry_base)
    if url.startswith(("redis://", "rediss://", "unix://")):
        from codejudge.queue.redis import RedisQueue

        return RedisQueue(url, max_deliveries=max_deliveries, retry_base=retry_base)
    raise ValueError(f"unsupported queue URL {url!r}: use sqlite:///PATH or redis://HOST:PORT/DB")

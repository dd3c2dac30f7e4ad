"""Worker processes: claim loop, judging child per slot, heartbeats, graceful drain."""

from codejudge.worker.job import JobRunner, Timing
from codejudge.worker.pool import WorkerPool, process_one, reconcile

__all__ = ["JobRunner", "Timing", "WorkerPool", "process_one", "reconcile"]

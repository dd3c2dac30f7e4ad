"""The Prometheus metrics every process records: one place for their names, labels and units.

Names follow Prometheus conventions (base units: seconds; ``_total`` on counters, added by
prometheus-client) and the vocabulary of queue exporters (depth, wait, retried, dead letters).
What a process records here is its own (the jobs its slots judged, the boxes its children
started); what belongs to the whole cluster (queue depth, dead letters, live workers, desired
workers) is read from the queue and the store when ``/metrics`` is scraped (``api/metrics.py``),
so any API process answers it the same.

These are module-level objects, prometheus-client's own model: a metric is registered once per
process. Multiprocess mode (``serve --processes K``, a worker's judging children) is chosen by
``PROMETHEUS_MULTIPROC_DIR``, which the edge (``cli/serve.py``) sets before this module is first
imported (prometheus-client reads it then).
"""

from __future__ import annotations

import os

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, multiprocess
from prometheus_client.exposition import generate_latest
from prometheus_client.registry import Collector

# Queue waits and judging times run from milliseconds (a warm run) to minutes (a backlog).
_WAIT_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600)
_JUDGE_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300)
_START_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5)

QUEUE_WAIT = Histogram(
    "codejudge_queue_wait_seconds",
    "Time a job waited from enqueue to its first claim by a worker, seconds, by the priority "
    "it was queued at (run, submit, rejudge: a rejudge backlog waits by design).",
    ["priority"],
    buckets=_WAIT_BUCKETS,
)
# Every priority's series exists from the start (zero until a job of it is claimed), so a
# dashboard or an alert selecting ``priority=~"run|submit"`` has data from the first scrape.
PRIORITIES = ("run", "submit", "rejudge")  # codejudge.models.Priority's names, lowercase
for _priority in PRIORITIES:
    QUEUE_WAIT.labels(_priority)
JUDGE_DURATION = Histogram(
    "codejudge_judge_duration_seconds",
    "Time a worker spent judging one delivery (until its result, retry or release), seconds.",
    ["language"],
    buckets=_JUDGE_BUCKETS,
)
SUBMISSIONS = Counter(
    "codejudge_submissions",
    "Final results written, by language and verdict (a stale delivery's result is not counted).",
    ["language", "verdict"],
)
JOBS_RETRIED = Counter(
    "codejudge_jobs_retried",
    "Deliveries that ended without a result and were put back for another try (an internal "
    "error retried with backoff, an expired lease reaped back to ready, a stuck job revoked "
    "back to queued); not those that went to the dead letters.",
)
JOBS_RECYCLED = Counter(
    "codejudge_jobs_recycled",
    "Running jobs taken from their worker because they ran past their budget (stuck).",
)
SANDBOX_START = Histogram(
    "codejudge_sandbox_start_seconds",
    "Time to start one sandbox box (namespaces, mounts, cgroup, seccomp) until the program "
    "runs, seconds.",
    buckets=_START_BUCKETS,
)


def multiprocess_dir() -> str | None:
    """The directory multiprocess mode writes to (``PROMETHEUS_MULTIPROC_DIR``), or None:
    then this process's metrics live in its own memory (prometheus-client's default)."""
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


def process_registry() -> CollectorRegistry:
    """A registry of what this process records, to expose. In multiprocess mode it merges the
    files of every process sharing the directory (``serve --processes K``: each uvicorn worker
    and its embedded pool), so any one of them answers for all; else it is this process's
    default registry (its metrics plus prometheus-client's ``process_*`` and ``python_*``)."""
    if multiprocess_dir() is None:
        return REGISTRY
    registry = CollectorRegistry(auto_describe=False)
    multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return registry


def exposition(*collectors: Collector) -> bytes:
    """The Prometheus text format of ``process_registry()`` plus ``collectors`` (the
    cluster-wide gauges an API process computes when it is scraped)."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(process_registry())  # a registry is a collector of its own metrics
    for collector in collectors:
        registry.register(collector)
    return generate_latest(registry)

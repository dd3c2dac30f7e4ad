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

from prometheus_client import Counter, Histogram

# Queue waits and judging times run from milliseconds (a warm run) to minutes (a backlog).
_WAIT_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600)
_JUDGE_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300)
_START_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5)

QUEUE_WAIT = Histogram(
    "codejudge_queue_wait_seconds",
    "Time a job waited from enqueue to its first claim by a worker, seconds.",
    buckets=_WAIT_BUCKETS,
)
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
    "Deliveries that ended without a result and were put back for another try "
    "(an internal error retried with backoff, or an expired lease reaped).",
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

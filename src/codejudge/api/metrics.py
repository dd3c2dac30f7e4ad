"""``GET /metrics``: Prometheus text format, for a scraper.

Two parts:
- what processes record as they work (``codejudge.metrics``: queue wait, judging time,
  submissions by verdict, retries, sandbox starts; and the HTTP metrics
  ``codejudge_http_*`` of prometheus-fastapi-instrumentator, ``app.py``), merged over every
  API process of this server in multiprocess mode (``serve --processes K``);
- what belongs to the whole cluster, computed when scraped from the queue and the store by
  ``ClusterCollector`` (the same numbers from any API process of any host: scrape one, or
  aggregate them with ``max``, never ``sum``).

Access is the admin API's (``auth.require_admin``): an admin key, the admin token
(``Authorization: Bearer``, Prometheus's ``authorization: {credentials: …}``), or, in the open
mode with no token set, a direct local client.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from fastapi import APIRouter, Depends, Request, Response
from fastapi.concurrency import run_in_threadpool
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.registry import Collector

from codejudge import metrics, scaling
from codejudge.api.auth import require_admin
from codejudge.api.schemas import RUNNING_CAP, ErrorOut
from codejudge.api.services import Services, services_of
from codejudge.api.stuck import StuckCollector
from codejudge.exceptions import Unavailable
from codejudge.models import Priority
from codejudge.submissions import WORKER_MAX_AGE

router = APIRouter(tags=["metrics"])


class ClusterCollector(Collector):
    """The cluster-wide gauges, read from the queue and the store at each ``collect`` (a
    scrape): queue depth per priority, delayed and dead jobs, live worker processes by state,
    slots (all and busy), the recent throughput and ``codejudge_desired_workers``. When the
    queue or the store is unreachable only ``codejudge_cluster_up 0`` is reported (the
    process's own metrics still are)."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def collect(self) -> Iterator[Metric]:
        try:
            gauges = list(self._gauges())
        except Unavailable:
            gauges = []
        yield _gauge(
            "codejudge_cluster_up",
            "1 if the queue and store answered this scrape.",
            1 if gauges else 0,
        )
        yield from gauges

    def _gauges(self) -> Iterator[Metric]:
        services = self.services
        stats = services.queue.stats()
        depth = GaugeMetricFamily(
            "codejudge_queue_depth", "Jobs ready to be claimed, by priority.", labels=["priority"]
        )
        for priority in Priority:
            depth.add_metric([priority.name.lower()], stats.ready.get(priority, 0))
        yield depth
        yield _gauge(
            "codejudge_queue_delayed", "Jobs waiting for a retry's backoff.", stats.delayed
        )
        yield _gauge("codejudge_dead_letters", "Jobs in the dead letters.", stats.dead)
        yield _gauge(
            "codejudge_worker_slots_busy", "Jobs being judged now (leases held).", stats.leased
        )
        yield from _workers(services)
        recent = services.store.throughput.recent()
        yield _gauge(
            "codejudge_arrivals_per_second",
            f"Jobs queued per second over the last {recent.window_seconds:g} s.",
            recent.arrivals_per_second,
        )
        yield _gauge(
            "codejudge_judge_mean_seconds",
            f"Mean judging time (start to finish) of the jobs finished in the last "
            f"{recent.window_seconds:g} s, seconds (NaN: none finished).",
            recent.mean_judge_seconds if recent.mean_judge_seconds is not None else float("nan"),
        )
        desired = scaling.desired_workers(
            ready=sum(stats.ready.values()),
            busy=stats.leased,
            mean_judge_seconds=recent.mean_judge_seconds,
            arrivals_per_second=recent.arrivals_per_second,
            target_wait_seconds=services.settings.target_queue_wait_seconds,
        )
        yield _gauge(
            "codejudge_desired_workers",
            "Judging slots the cluster needs for the target queue wait "
            "(CODEJUDGE_TARGET_QUEUE_WAIT_SECONDS), from the depth and the recent throughput.",
            desired,
        )


def _workers(services: Services) -> Iterator[Metric]:
    """Live worker processes (heartbeat within ``WORKER_MAX_AGE``) by state: ``busy`` (judging
    at least one job) or ``idle``; and their slots."""
    live = services.store.live_workers(WORKER_MAX_AGE)
    holders = {job.worker.rpartition(":")[0] for job in services.queue.running(RUNNING_CAP)}
    busy = sum(w.id in holders for w in live)
    family = GaugeMetricFamily(
        "codejudge_workers", "Live worker processes, by state.", labels=["state"]
    )
    family.add_metric(["busy"], busy)
    family.add_metric(["idle"], len(live) - busy)
    yield family
    yield _gauge(
        "codejudge_worker_slots",
        "Judging slots of the live worker processes (their concurrency).",
        sum(w.concurrency for w in live),
    )


def _gauge(name: str, documentation: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, value=value)


# Builds the collectors a scrape adds to the process's own metrics. Another part exposing a
# cluster-wide gauge appends its collector class here (one line).
COLLECTORS: list[Callable[[Services], Collector]] = [ClusterCollector, StuckCollector]


def scrape(services: Services) -> bytes:
    """The text this process answers ``/metrics`` with."""
    return metrics.exposition(*(make(services) for make in COLLECTORS))


@router.get(
    "/metrics",
    dependencies=[Depends(require_admin)],
    response_class=Response,
    responses={
        200: {"content": {CONTENT_TYPE_LATEST: {}}, "description": "Prometheus text format"},
        401: {"model": ErrorOut, "description": "no or wrong admin token"},
        403: {"model": ErrorOut, "description": "no token configured and not a local client"},
    },
)
async def metrics_endpoint(request: Request) -> Response:
    """Metrics in the Prometheus text exposition format: this server's processes' own and the
    cluster's gauges. Admin access (see the module docstring)."""
    body = await run_in_threadpool(scrape, services_of(request))
    return Response(body, media_type=CONTENT_TYPE_LATEST)

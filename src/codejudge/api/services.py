"""What the routes work with, injected by whoever builds the app (``codejudge.runtime``): the
settings, problems, store, queue, submission intake and the seed's "judge one job now"."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import Request
from limits.storage import Storage

from codejudge.api.events import EventHub
from codejudge.models import Submission
from codejudge.problems import ProblemSet
from codejudge.queue import Queue
from codejudge.settings import Settings
from codejudge.store import Store
from codejudge.store.ratelimit import SqlRateStorage
from codejudge.submissions import Submissions

if TYPE_CHECKING:
    from codejudge.api.admission import Gate

# Claim one queued job, judge it in the caller's thread and return its submission (None: the
# queue was empty, or the job was not a submission). The API never judges by itself: the
# runtime hands it this.
ProcessOne = Callable[[], Submission | None]


@dataclass
class Services:
    settings: Settings
    problems: ProblemSet
    problem_dirs: list[Path]
    store: Store
    queue: Queue
    submissions: Submissions
    process_one: ProcessOne
    workers: int = 0  # judging slots embedded in this process (for /healthz)
    # Where rate-limit counters live (the runtime: Redis in distributed mode); None: the
    # store's ``rate_counters`` table, which every process on one machine shares.
    rates: Storage | None = None
    events: EventHub = field(init=False)  # the SSE and ?wait fan-out: HTTP-side, per process
    gate: Gate = field(init=False)  # admission: maintenance, queue depth, quotas

    def __post_init__(self) -> None:
        # Here, not at the top: admission reads ``services_of`` (through auth) from this module.
        from codejudge.api.admission import Gate

        self.events = EventHub(self.queue)
        rates = self.rates or SqlRateStorage(self.store.engine, wrap_exceptions=True)
        self.gate = Gate(self.settings, self.store, self.queue, rates)


def services_of(request: Request) -> Services:
    services: Services = request.app.state.services
    return services

"""What the routes work with, injected by whoever builds the app (``codejudge.runtime``): the
settings, problems, store, queue, submission intake and the seed's "judge one job now"."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import Request

from codejudge.api.events import EventHub
from codejudge.models import Submission
from codejudge.problems import ProblemSet
from codejudge.queue import Queue
from codejudge.settings import Settings
from codejudge.store import Store
from codejudge.submissions import Submissions

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
    events: EventHub = field(init=False)  # the SSE and ?wait fan-out: HTTP-side, per process

    def __post_init__(self) -> None:
        self.events = EventHub(self.queue)


def services_of(request: Request) -> Services:
    services: Services = request.app.state.services
    return services

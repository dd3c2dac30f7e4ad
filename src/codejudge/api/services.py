"""What the routes work with: problems, store, queue and the embedded worker pool."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import Request

from codejudge.api.events import EventHub
from codejudge.exceptions import InvalidInput, TooLarge, Unavailable
from codejudge.languages import LANGUAGES, get_language
from codejudge.models import NewSubmission, Priority, Submission
from codejudge.problems import BUNDLED_DIR, ProblemSet, load_problem_set
from codejudge.queue import Queue, open_queue
from codejudge.settings import Settings
from codejudge.store import Store
from codejudge.worker import Timing, WorkerPool

log = logging.getLogger("codejudge.api")
_STATUS_TTL = 2.0
WORKER_MAX_AGE = 15.0  # seconds without a heartbeat before a worker counts as gone


@dataclass
class Services:
    settings: Settings
    problems: ProblemSet
    store: Store
    queue: Queue
    pool: WorkerPool | None = None
    problem_dirs: list[Path] = field(default_factory=list)
    events: EventHub = field(init=False)
    _language_cache: tuple[float, dict[str, tuple[bool | None, str | None]]] | None = None

    @classmethod
    def open(cls, settings: Settings, workers: int | None = None) -> Services:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        dirs = [BUNDLED_DIR, settings.problems_dir]
        store = Store(settings.resolved_database_url)
        store.migrate()
        queue = open_queue(
            settings.resolved_queue_url,
            max_deliveries=settings.max_deliveries,
            retry_base=settings.retry_base_seconds,
        )
        services = cls(settings, load_problem_set(*dirs), store, queue, problem_dirs=dirs)
        count = settings.worker_count if workers is None else workers
        if count > 0:
            services.pool = WorkerPool(
                store,
                queue,
                dirs,
                count,
                timing_of(settings),
                selftest_cache=settings.data_dir / "selftests.json",
            )
        return services

    def submit(self, new: NewSubmission) -> Submission:
        """Validate, store (the source of truth) and enqueue one submission."""
        problem = self.problems.get(new.problem)
        if new.language not in LANGUAGES:
            raise InvalidInput(
                f"unknown language {new.language!r}; supported: {', '.join(sorted(LANGUAGES))}"
            )
        language = get_language(new.language)
        if problem.kind not in language.kinds:
            raise InvalidInput(f"{language.name} cannot be used for {problem.kind} problems yet")
        why = self.language_unavailable(new.language)
        if why:
            raise Unavailable(f"{language.name} is unavailable on every live worker: {why}")
        if not new.code.strip():
            raise InvalidInput("code is empty: send the source of your solution in 'code'")
        size = len(new.code.encode())
        if size > self.settings.max_code_bytes:
            raise TooLarge(
                f"code is {size} bytes; the limit is {self.settings.max_code_bytes} bytes"
            )
        submission = self.store.insert(new)
        # Stored means accepted: if the queue is briefly unreachable, the reconciler enqueues
        # it later, so the client still gets its 202 and the submission its one verdict.
        try:
            self.queue.enqueue(submission.id, Priority(new.priority))
            self.queue.publish(submission.id, "queued", {})
        except Exception:
            log.warning(
                "enqueue of %s failed; the reconciler will retry", submission.id, exc_info=True
            )
        return submission

    def language_status(self) -> dict[str, tuple[bool | None, str | None]]:
        """Per language: (usable on at least one live worker, or None if no worker has run
        its self-tests yet; why not, when no worker can). Cached for a second or two: every
        submission asks, and the registry only changes at worker heartbeats."""
        now = time.monotonic()
        if self._language_cache is None or now - self._language_cache[0] > _STATUS_TTL:
            self._language_cache = (now, self._language_status())
        return self._language_cache[1]

    def _language_status(self) -> dict[str, tuple[bool | None, str | None]]:
        reports = [w.languages for w in self.store.live_workers(WORKER_MAX_AGE) if w.languages]
        status: dict[str, tuple[bool | None, str | None]] = {}
        for lang_id in LANGUAGES:
            seen = [r[lang_id] for r in reports if lang_id in r]
            if not seen:
                status[lang_id] = (None, None)
            elif any(why is None for why in seen):
                status[lang_id] = (True, None)
            else:
                status[lang_id] = (False, seen[0])
        return status

    def language_unavailable(self, language_id: str) -> str | None:
        usable, why = self.language_status().get(language_id, (None, None))
        return why if usable is False else None

    def redrive(self, job_id: str) -> bool:
        """Send a dead-lettered job back to the queue and reopen its submission."""
        self.store.get(job_id)  # NotFound for an unknown id
        if not self.queue.redrive(job_id):
            return False
        self.store.reopen(job_id)
        self.queue.publish(job_id, "queued", {"redriven": True})
        return True

    def __post_init__(self) -> None:
        self.events = EventHub(self.queue)

    def start(self) -> None:
        self.events.start()
        if self.pool:
            self.pool.start()

    def close(self) -> None:
        self.events.stop()
        if self.pool:
            self.pool.stop()
        self.queue.close()
        self.store.close()


def services_of(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


def timing_of(settings: Settings) -> Timing:
    return Timing(
        lease_seconds=settings.lease_seconds,
        heartbeat_seconds=settings.heartbeat_seconds,
        deadline_seconds=settings.job_deadline_seconds,
        drain_seconds=settings.drain_seconds,
    )

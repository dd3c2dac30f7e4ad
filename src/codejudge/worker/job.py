"""One delivery of one job: load, judge in the child, heartbeat, write the final result once.

The supervisor (this code) holds the lease; the child only judges. The final write is
``store.finish(id, token, …)``, conditional on the delivery's fencing token, so a duplicate or
stale delivery can never produce a second final result.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from codejudge import metrics
from codejudge.exceptions import LeaseLost, NotFound
from codejudge.models import JudgeResult, Status, SubmissionKind, Verdict
from codejudge.problems.budget import BudgetRule
from codejudge.queue import JobState, Lease, Queue
from codejudge.store import Store
from codejudge.worker import protocol
from codejudge.worker.child_process import ChildDied, JudgeChild
from codejudge.worker.outcome import AttemptFailed, Released
from codejudge.worker.stuck import Budgets

log = logging.getLogger("codejudge.worker")


@dataclass(frozen=True, slots=True)
class Timing:
    lease_seconds: float = 30.0
    heartbeat_seconds: float = 5.0
    deadline_seconds: float = 300.0  # hard cap on one attempt, whatever the problem says
    drain_seconds: float = 30.0  # after a stop request, how long a running job may go on
    # A delivery past its budget is stuck (worker/stuck.py): the runner recycles it, and past
    # the budget plus the grace any worker's maintenance pass takes it away.
    budget: BudgetRule = field(default_factory=BudgetRule)
    stuck_grace_seconds: float = 30.0


class JobRunner:
    """Runs deliveries for one worker slot, with its own judging child."""

    def __init__(
        self,
        store: Store,
        queue: Queue,
        child: JudgeChild,
        timing: Timing,
        stopping: threading.Event | None = None,
        disabled: Callable[[str], str | None] | None = None,
    ) -> None:
        self.store = store
        self.queue = queue
        self.child = child
        self.timing = timing
        self.stopping = stopping or threading.Event()
        # language id -> why this worker cannot judge it (its self-test failed), else None
        self.disabled = disabled or (lambda _: None)
        self.budgets = Budgets(timing.budget, child.problem_dirs)

    def run(self, lease: Lease) -> None:
        """Take one delivery of a submission to its end: final result, retry, dead letter or
        release. A run (``SubmissionKind.RUN``) is judged on the problem's sample tests only,
        or on its custom input; an ad hoc submission on its custom input alone.
        (A problem measurement job goes to ``problem_job.run_problem_job`` instead:
        ``pool.run_delivery`` picks.)"""
        try:
            submission = self.store.get(lease.job_id)
        except NotFound:
            log.warning("job %s has no submission; dropping it", lease.job_id)
            self.ack(lease)
            return
        if submission.status in (Status.FINISHED, Status.CANCELLED):
            self.ack(lease)  # an earlier delivery already wrote the result
            return
        unusable = self.disabled(submission.language)
        if unusable:
            self._fail(lease, f"{submission.language} is unavailable on this worker: {unusable}")
            return
        if not self.store.start(lease.job_id, lease.token):
            self._fail(lease, "the store refused this delivery's token")
            return
        began = time.monotonic()
        if lease.delivery == 1:  # a redelivery's wait since its last ready is not on record
            waited = datetime.now(UTC) - submission.queued_at
            wait = metrics.QUEUE_WAIT.labels(submission.priority.name.lower())
            wait.observe(max(waited.total_seconds(), 0.0))
        self.publish(lease.job_id, "running", {"delivery": lease.delivery})
        request = protocol.JobRequest(
            job=lease.job_id,
            problem=submission.problem,
            language=submission.language,
            code=submission.code,
            samples_only=submission.kind is SubmissionKind.RUN,
            custom=submission.custom,
        )
        try:
            result = self.judge(lease, request, self.budgets.of(submission))
        except Released as why:
            log.info("job %s handed back: %s", lease.job_id, why)
            return
        except AttemptFailed as exc:
            self._fail(lease, str(exc), language=submission.language)
            return
        finally:
            elapsed = time.monotonic() - began
            metrics.JUDGE_DURATION.labels(submission.language).observe(elapsed)
        if result.verdict is Verdict.INTERNAL_ERROR:
            error = result.error or "internal error while judging"
            self._fail(lease, error, result, language=submission.language)
            return
        self._finish(lease, result, submission.language)

    def judge(
        self, lease: Lease, request: protocol.JobRequest, budget: float | None = None
    ) -> JudgeResult:
        """Have this slot's child judge ``request``, heartbeating ``lease`` meanwhile and
        publishing its per-test events. Raises ``AttemptFailed`` (child died; past
        ``budget`` seconds, default and cap ``timing.deadline_seconds``: the child is killed
        and the job recycled) or ``Released`` (stopping, lease lost)."""
        try:
            self.child.send(request)
        except ChildDied as exc:
            raise AttemptFailed(str(exc)) from exc
        limit = min(budget or self.timing.deadline_seconds, self.timing.deadline_seconds)
        hard_deadline = time.monotonic() + limit
        next_beat = time.monotonic() + self.timing.heartbeat_seconds
        drain_deadline: float | None = None
        while True:
            now = time.monotonic()
            if self.stopping.is_set() and drain_deadline is None:
                drain_deadline = now + self.timing.drain_seconds
            if drain_deadline is not None and now >= drain_deadline:
                self.child.kill()
                self._release(lease)
                raise Released("worker stopping")
            if now >= hard_deadline:
                self.child.kill()  # wedged or far too slow: its whole group goes
                metrics.JOBS_RECYCLED.inc()
                raise AttemptFailed(f"stuck: judging ran past its budget of {limit:g} s")
            if now >= next_beat:
                lease = self._heartbeat(lease)
                next_beat = now + self.timing.heartbeat_seconds
            wake = min(hard_deadline, next_beat, drain_deadline or hard_deadline, now + 0.5)
            try:
                message = self.child.read(wake)
            except ChildDied as exc:
                raise AttemptFailed(str(exc)) from exc
            if message is None:
                continue
            if message.get("job") != request.job:
                continue  # a stale line from an earlier job cannot happen, but never trust it
            if message["type"] == "test":
                self.publish(request.job, "test", message["test"])
            elif message["type"] == "result":
                return JudgeResult.from_dict(message["result"])

    def _heartbeat(self, lease: Lease) -> Lease:
        try:
            return self.queue.heartbeat(lease, self.timing.lease_seconds)
        except LeaseLost as exc:
            self.child.kill()  # someone else owns the job now: stop spending CPU on it
            raise Released("lease lost") from exc
        except Exception:
            # The queue is briefly unreachable (a Redis restart): keep judging and try again at
            # the next beat. If it stays away past the lease, the job is redelivered and the
            # store's fencing discards whichever result comes second.
            log.warning("job %s: heartbeat failed; retrying", lease.job_id, exc_info=True)
            return lease

    def publish(self, job_id: str, kind: str, data: dict[str, object]) -> None:
        """Progress events are best effort: losing one must not cost the job."""
        try:
            self.queue.publish(job_id, kind, data)
        except Exception:
            log.warning("job %s: could not publish %r event", job_id, kind, exc_info=True)

    def _finish(self, lease: Lease, result: JudgeResult, language: str) -> None:
        if self.store.finish(lease.job_id, lease.token, result):
            metrics.SUBMISSIONS.labels(language, str(result.verdict)).inc()
            self.publish(lease.job_id, "finished", {"verdict": str(result.verdict)})
        else:
            log.warning("job %s: result of stale delivery %d discarded", lease.job_id, lease.token)
        self.ack(lease)

    def _fail(
        self,
        lease: Lease,
        error: str,
        result: JudgeResult | None = None,
        language: str | None = None,
    ) -> None:
        log.error("job %s delivery %d failed: %s", lease.job_id, lease.delivery, error)
        try:
            state = self.queue.fail(lease, error, retry=True)
        except LeaseLost:
            return
        if state is JobState.DEAD:
            final = result or JudgeResult(verdict=Verdict.INTERNAL_ERROR, error=error)
            if self.store.finish(lease.job_id, lease.token, final):
                if language is not None:
                    metrics.SUBMISSIONS.labels(language, str(final.verdict)).inc()
                self.publish(lease.job_id, "finished", {"verdict": str(final.verdict)})
        else:
            metrics.JOBS_RETRIED.inc()
            self.store.requeue(lease.job_id, lease.token)
            self.publish(lease.job_id, "queued", {"retry": True, "error": error})

    def _release(self, lease: Lease) -> None:
        try:
            self.queue.release(lease)
        except LeaseLost:
            return
        self.store.requeue(lease.job_id, lease.token)
        self.publish(lease.job_id, "queued", {"released": True})

    def ack(self, lease: Lease) -> None:
        """The delivery is done with (a stale one's ack is ignored)."""
        try:
            self.queue.ack(lease)
        except LeaseLost:
            log.info("job %s: ack of stale delivery %d ignored", lease.job_id, lease.token)

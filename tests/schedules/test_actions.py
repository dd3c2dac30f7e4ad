"""Each action's effect, once per tick, on both stores and queues: a fire job run through the
worker's handler (``run_delivery``), then delivered again (a redelivery must change nothing)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from codejudge.exceptions import NotFound
from codejudge.models import JudgeResult, NewSubmission, Priority, Status, Verdict
from codejudge.problems import BUNDLED_DIR
from codejudge.queue import JobState, open_queue
from codejudge.scheduling import fire_due, new_schedule, pause, resume, trigger
from codejudge.store import Store
from codejudge.store.schedules import Action, Fire, FireStatus, Schedule
from codejudge.store.schema import submissions
from codejudge.worker import Timing
from codejudge.worker.child_process import JudgeChild
from codejudge.worker.job import JobRunner
from codejudge.worker.pool import reconcile, run_delivery
from tests.schedules.conftest import Both


def make(both: Both, action: Action, params: dict[str, Any]) -> Schedule:
    return both.store.schedules.create(
        new_schedule(f"s-{action}", "* * * * *", "UTC", action, params, 60)
    )


def deliver(both: Both, tmp_path: Path) -> str:
    """Claim one job and run it as a worker slot would; its id."""
    leases = both.queue.claim("test-slot", 1, 30)
    assert leases, "nothing to deliver"
    child = JudgeChild([BUNDLED_DIR, tmp_path])
    try:
        run_delivery(JobRunner(both.store, both.queue, child, Timing()), leases[0])
    finally:
        child.close()
    return leases[0].job_id


def fire_twice(both: Both, tmp_path: Path, schedule: Schedule) -> Fire:
    """Trigger, deliver, then deliver the same fire job again: the fire, done."""
    fire = trigger(both.store, both.queue, schedule.id)
    assert deliver(both, tmp_path) == fire.id
    assert both.queue.enqueue(fire.id, Priority.RUN)  # a redelivery, ahead of what it queued
    assert deliver(both, tmp_path) == fire.id
    done = both.store.schedules.fire(fire.id)
    assert done.status is FireStatus.DONE, done.error
    assert both.queue.state(fire.id) is JobState.DONE
    return done


def finished(both: Both, new: NewSubmission, verdict: Verdict) -> str:
    sub = both.store.insert(new)
    assert both.store.start(sub.id, 1)
    assert both.store.finish(sub.id, 1, JudgeResult(verdict=verdict))
    return sub.id


def test_rejudge(both: Both, tmp_path: Path) -> None:
    """A problem's accepted submissions are queued again at REJUDGE, once; runs, other
    problems and other verdicts are left alone."""
    accepted = finished(both, NewSubmission("two-sum", "python", "a"), Verdict.ACCEPTED)
    wrong = finished(both, NewSubmission("two-sum", "python", "b"), Verdict.WRONG_ANSWER)
    run = finished(both, NewSubmission("two-sum", "python", "c", Priority.RUN), Verdict.ACCEPTED)
    other = finished(both, NewSubmission("fizz-buzz", "python", "d"), Verdict.ACCEPTED)
    fire = fire_twice(both, tmp_path, make(both, Action.REJUDGE, {"problem": "two-sum"}))
    assert fire.result == {"rejudged": 1}
    again = both.store.get(accepted)
    assert (again.status, again.priority, again.verdict) == (Status.QUEUED, Priority.REJUDGE, None)
    assert both.queue.state(accepted) is JobState.READY
    for untouched in (wrong, run, other):
        assert both.store.get(untouched).status is Status.FINISHED
        assert both.queue.state(untouched) is None
    assert both.queue.stats().ready[Priority.REJUDGE] == 1


def test_batch(both: Both, tmp_path: Path) -> None:
    """The batch is submitted once per fire, and queued."""
    items = [{"problem": "two-sum", "language": "python", "code": f"# {i}"} for i in range(3)]
    fire = fire_twice(both, tmp_path, make(both, Action.BATCH, {"items": items}))
    ids = fire.result["submitted"]
    assert len(ids) == 3
    assert sorted(s.id for s in both.store.list(problem="two-sum")) == sorted(ids)
    assert [both.queue.state(i) for i in ids] == [JobState.READY] * 3


def test_redrive(both: Both, tmp_path: Path) -> None:
    """Dead-lettered submissions are reopened and back in the queue."""
    sub = both.store.insert(NewSubmission("two-sum", "python", "x"))
    both.queue.enqueue(sub.id)
    lease = both.queue.claim("w", 1, 30)[0]
    assert both.store.start(sub.id, lease.token)
    assert both.queue.fail(lease, "boom", retry=False) is JobState.DEAD
    fire = trigger(both.store, both.queue, make(both, Action.REDRIVE, {}).id)
    assert deliver(both, tmp_path) == fire.id
    assert both.store.schedules.fire(fire.id).result == {"redriven": 1}
    assert both.store.get(sub.id).status is Status.QUEUED
    assert both.queue.state(sub.id) is JobState.READY


def test_purge(both: Both, tmp_path: Path) -> None:
    """Finished submissions older than N days go; newer and unfinished ones stay."""
    old = finished(both, NewSubmission("two-sum", "python", "a"), Verdict.ACCEPTED)
    new = finished(both, NewSubmission("two-sum", "python", "b"), Verdict.ACCEPTED)
    queued = both.store.insert(NewSubmission("two-sum", "python", "c")).id
    with both.store.engine.begin() as conn:
        conn.execute(
            sa.update(submissions)
            .where(submissions.c.id == old)
            .values(finished_at=datetime.now(UTC) - timedelta(days=40))
        )
    fire = fire_twice(both, tmp_path, make(both, Action.PURGE, {"days": 30}))
    assert fire.result["submissions"] == 1
    with pytest.raises(NotFound):
        both.store.get(old)
    assert both.store.get(new).status is Status.FINISHED
    assert both.store.get(queued).status is Status.QUEUED


def test_claim_is_once_and_the_reconciler_heals(both: Both, tmp_path: Path) -> None:
    """Two passes over one due tick claim it once; a claim whose job was never enqueued (its
    process died) is enqueued by the reconciler, then runs."""
    schedule = make(both, Action.PURGE, {"days": 30})
    assert schedule.next_fire_at is not None
    now = schedule.next_fire_at + timedelta(seconds=1)
    won = fire_due(both.store, both.queue, now)
    assert [f.tick for f in won] == [schedule.next_fire_at]
    assert fire_due(both.store, both.queue, now) == []
    again = both.store.schedules.get(schedule.id)
    assert again.last_fire_at == schedule.next_fire_at
    assert again.next_fire_at == schedule.next_fire_at + timedelta(minutes=1)
    # A claim with no enqueue: the reconciler's job.
    tick = again.next_fire_at
    assert tick is not None
    lost = both.store.schedules.claim(schedule.id, tick)
    assert lost is not None and both.queue.state(lost.id) is None
    assert reconcile(both.store, both.queue, older_than=0) == 1
    assert {deliver(both, tmp_path), deliver(both, tmp_path)} == {won[0].id, lost.id}
    assert [f.status for f in both.store.schedules.fires(schedule.id)] == [FireStatus.DONE] * 2


def test_pause_resume_delete(both: Both) -> None:
    """Paused: no next tick, nothing due; resumed: from the next tick after now; deleted: the
    schedule and its fires gone, and a queued fire job is dropped."""
    schedule = make(both, Action.REDRIVE, {})
    paused = pause(both.store, schedule.name)
    assert (paused.enabled, paused.next_fire_at) == (False, None)
    assert fire_due(both.store, both.queue, datetime.now(UTC) + timedelta(hours=1)) == []
    resumed = resume(both.store, schedule.id)
    assert resumed.enabled and resumed.next_fire_at is not None
    assert resumed.next_fire_at > datetime.now(UTC)
    fire = trigger(both.store, both.queue, schedule.id)
    both.store.schedules.delete(schedule.id)
    with pytest.raises(NotFound):
        both.store.schedules.get(schedule.id)
    with pytest.raises(NotFound):
        both.store.schedules.fire(fire.id)


@pytest.mark.parametrize(("coalesce", "fired", "missed"), [(True, 1, 2), (False, 3, 2)])
def test_after_an_outage(both: Both, coalesce: bool, fired: int, missed: int) -> None:
    """Everything down for 5 minutes of ``* * * * *`` with a 150 s grace: the 2 ticks past the
    grace are missed; of the 3 within it, coalesce fires the latest only (the 2 others are
    coalesced, not missed)."""
    now = datetime.now(UTC).replace(second=30, microsecond=0)
    start = now.replace(second=0) - timedelta(minutes=4)
    schedule = new_schedule("down", "* * * * *", "UTC", Action.PURGE, {"days": 1}, 150, coalesce)
    both.store.schedules.create(replace(schedule, next_fire_at=start))
    won = fire_due(both.store, both.queue, now)
    assert len(won) == fired
    assert won[-1].tick == now.replace(second=0)
    after = both.store.schedules.get(schedule.id)
    assert after.missed == missed
    assert after.next_fire_at == now.replace(second=0) + timedelta(minutes=1)
    assert {both.queue.state(f.id) for f in won} == {JobState.READY}


@pytest.mark.timeout(180)
def test_selftest(tmp_path: Path) -> None:
    """Every language's self-test runs on the worker that takes the fire; each passes here
    (this machine has every toolchain: tests/languages checks that), recorded in the fire.
    One mode only: the action reads no store or queue data but its own fire."""
    from codejudge.languages import LANGUAGES

    url = f"sqlite:///{tmp_path / 'codejudge.db'}"
    store = Store(url)
    store.migrate()
    both = Both(store, open_queue(url), "embedded")
    try:
        fire = fire_twice(both, tmp_path, make(both, Action.SELFTEST, {}))
    finally:
        both.queue.close()
        store.close()
    assert fire.result == {"selftests": dict.fromkeys(LANGUAGES)}

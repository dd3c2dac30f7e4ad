"""Schedules at their edges, on both stores and queues: a schedule that fails does not
stop the others firing; a pause, delete or advance landing between a pass's read and its
claim stops the claim; a fire whose job is dead-lettered is marked failed (and the lost fires
behind a hundred of those are still healed); a purge deletes in batches, each committed;
a batch keeps every column of a submission."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from codejudge.models import CustomInput, NewSubmission, Priority, Status, Verdict
from codejudge.queue import JobState
from codejudge.scheduling import fire_due, fire_schedule, pause
from codejudge.store.schedules import Action, FireStatus, Schedule
from codejudge.store.schema import schedules, submissions
from codejudge.worker.pool import reconcile
from tests.schedules.conftest import Both
from tests.schedules.test_actions import deliver, finished, make


def due_now(both: Both, schedule: Schedule) -> tuple[Schedule, datetime]:
    """``schedule`` as a pass reads it when its tick is due, and that pass's now."""
    assert schedule.next_fire_at is not None
    now = schedule.next_fire_at + timedelta(seconds=1)
    [read] = [s for s in both.store.schedules.due(now) if s.id == schedule.id]
    return read, now


def test_a_failing_schedule_does_not_stop_the_others(both: Both) -> None:
    """A stored schedule this version cannot compute (its zone gone, say) is skipped; the
    schedule after it still fires in the same pass."""
    broken = make(both, Action.REDRIVE, {})
    good = make(both, Action.PURGE, {"days": 30})
    with both.store.engine.begin() as conn:
        conn.execute(
            sa.update(schedules).where(schedules.c.id == broken.id).values(timezone="Mars/Base")
        )
    assert good.next_fire_at is not None
    won = fire_due(both.store, both.queue, good.next_fire_at + timedelta(seconds=1))
    assert [(f.schedule_id, f.tick) for f in won] == [(good.id, good.next_fire_at)]
    assert both.store.schedules.fires(broken.id) == []


def test_a_pause_or_delete_after_the_read_stops_the_claim(both: Both) -> None:
    """The claim is conditional on the schedule as read: paused, deleted, or advanced by
    another process since, it claims nothing."""
    paused = make(both, Action.REDRIVE, {})
    read, now = due_now(both, paused)
    pause(both.store, paused.id)
    assert fire_schedule(both.store, both.queue, read, now) == []
    assert both.store.schedules.fires(paused.id) == []

    deleted = make(both, Action.PURGE, {"days": 30})
    read, now = due_now(both, deleted)
    both.store.schedules.delete(deleted.id)
    assert fire_schedule(both.store, both.queue, read, now) == []
    with both.store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM schedule_fires")).scalar() == 0

    raced = make(both, Action.SELFTEST, {})
    read, now = due_now(both, raced)
    assert read.next_fire_at is not None
    later = read.next_fire_at + timedelta(minutes=5)  # another process moved it on
    assert both.store.schedules.advance(raced.id, read.next_fire_at, later, None, 0)
    assert fire_schedule(both.store, both.queue, read, now) == []
    # The unconditional claim (trigger now) is unaffected, and an up-to-date read fires.
    read, now = due_now(both, both.store.schedules.get(raced.id))
    assert [f.tick for f in fire_schedule(both.store, both.queue, read, now)] == [later]


def test_dead_fires_are_failed_and_lost_ones_still_healed(both: Both, tmp_path: Path) -> None:
    """101 fires whose jobs died (another process reaped or revoked them at their last
    delivery and could not record it), then one whose job was never enqueued: the reconciler
    fails the dead ones with the dead letter's error, so it reaches and enqueues the lost one.
    A later re-drive of a dead one runs nothing and leaves it failed."""
    schedule = make(both, Action.PURGE, {"days": 30})
    base = datetime(2026, 1, 1, tzinfo=UTC)
    dead = []
    for i in range(101):
        fire = both.store.schedules.claim(schedule.id, base + timedelta(minutes=i))
        assert fire is not None
        both.queue.enqueue(fire.id)
        [lease] = both.queue.claim("w", 1, 30)
        assert both.queue.fail(lease, f"reaped #{i}", retry=False) is JobState.DEAD
        dead.append(fire.id)
    lost = both.store.schedules.claim(schedule.id, base + timedelta(days=1))
    assert lost is not None
    assert reconcile(both.store, both.queue, older_than=0) == 1
    assert both.queue.state(lost.id) is JobState.READY
    failed = both.store.schedules.fire(dead[7])
    assert failed.status is FireStatus.FAILED
    assert failed.error == "dead-lettered: reaped #7"
    assert {both.store.schedules.fire(i).status for i in dead} == {FireStatus.FAILED}
    assert deliver(both, tmp_path) == lost.id
    assert both.store.schedules.fire(lost.id).status is FireStatus.DONE

    assert both.queue.redrive(dead[0])
    assert deliver(both, tmp_path) == dead[0]
    assert both.queue.state(dead[0]) is JobState.DONE
    assert both.store.schedules.fire(dead[0]).status is FireStatus.FAILED
    assert reconcile(both.store, both.queue, older_than=0) == 0


def test_purge_commits_each_batch(both: Both) -> None:
    """Each batch is its own transaction: between batches another connection sees the rows
    gone so far and can write (SQLite's write lock is not held for the whole purge)."""
    old = [
        finished(both, NewSubmission("two-sum", "python", f"{i}"), _accepted()) for i in range(5)
    ]
    with both.store.engine.begin() as conn:
        conn.execute(
            sa.update(submissions)
            .where(submissions.c.id.in_(old))
            .values(finished_at=datetime.now(UTC) - timedelta(days=40))
        )
    fire = both.store.schedules.claim(make(both, Action.PURGE, {"days": 30}).id, datetime.now(UTC))
    assert fire is not None
    seen: list[tuple[int, int]] = []

    def progress(counts: dict[str, int]) -> None:
        with both.store.engine.connect() as conn:
            left = conn.execute(
                sa.select(sa.func.count()).where(submissions.c.id.in_(old))
            ).scalar()
        both.store.insert(NewSubmission("two-sum", "python", "written mid-purge"))
        seen.append((counts["submissions"], int(left or 0)))

    counts = both.store.schedules.purge(fire.id, timedelta(days=30), batch=2, progress=progress)
    assert counts is not None and counts["submissions"] == 5
    assert seen == [(2, 3), (4, 1), (5, 0)]
    assert both.store.schedules.fire(fire.id).status is FireStatus.DONE
    assert len(both.store.list(status=Status.QUEUED)) == 3
    # Done: a redelivery deletes nothing more and reports it was not pending.
    assert both.store.schedules.purge(fire.id, timedelta(days=30), batch=2) is None


def test_batch_keeps_every_column(both: Both) -> None:
    """The batch's rows are the store's own: callback URL and custom input kept."""
    schedule = make(both, Action.REDRIVE, {})
    fire = both.store.schedules.claim(schedule.id, datetime.now(UTC))
    assert fire is not None
    new = NewSubmission(
        "a-plus-b", "python", "x", Priority.RUN, "key-1", "https://example.com/hook",
        CustomInput("1 2\n", "3\n"),
    )  # fmt: skip
    [sub_id] = both.store.schedules.submit(fire.id, [new]) or []
    stored = both.store.get(sub_id)
    assert (stored.owner, stored.callback_url, stored.custom) == (
        "key-1", "https://example.com/hook", CustomInput("1 2\n", "3\n"),
    )  # fmt: skip
    assert stored.priority is Priority.RUN


def _accepted() -> Verdict:
    return Verdict.ACCEPTED

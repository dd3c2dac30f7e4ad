"""``Store.list``: filters and the cursor, against real SQLite and PostgreSQL."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest

from codejudge.models import (
    JudgeResult,
    NewSubmission,
    Priority,
    Status,
    Submission,
    SubmissionKind,
    Verdict,
)
from codejudge.store import Store
from codejudge.store.ids import new_id, time_bound
from codejudge.store.store import MAX_LIST

pytestmark = pytest.mark.timeout(60)


def add(store: Store, problem: str = "two-sum", language: str = "python") -> Submission:
    return store.insert(NewSubmission(problem=problem, language=language, code="x"))


def finish(store: Store, sub: Submission, verdict: Verdict) -> None:
    assert store.start(sub.id, 1) and store.finish(sub.id, 1, JudgeResult(verdict))


def ids(subs: list[Submission]) -> list[str]:
    return [s.id for s in subs]


def test_filters_combine(store: Store) -> None:
    a = add(store, "two-sum", "python")
    b = add(store, "two-sum", "cpp")
    c = add(store, "fizz-buzz", "python")
    d = add(store, "fizz-buzz", "cpp")
    finish(store, a, Verdict.ACCEPTED)
    finish(store, b, Verdict.WRONG_ANSWER)
    finish(store, d, Verdict.ACCEPTED)
    assert ids(store.list(language="python")) == [c.id, a.id]
    assert ids(store.list(verdict=Verdict.ACCEPTED)) == [d.id, a.id]
    assert ids(store.list(status=Status.QUEUED)) == [c.id]
    assert ids(store.list(problem="two-sum", verdict=Verdict.WRONG_ANSWER)) == [b.id]
    assert ids(store.list(problem="fizz-buzz", language="cpp", status=Status.FINISHED)) == [d.id]
    assert store.list(language="rust") == []


def test_kind_keeps_submissions_or_runs(store: Store) -> None:
    """A run is a submission made at ``Priority.RUN``; a rejudge is still a submission."""
    sub = add(store)
    run = store.insert(NewSubmission("two-sum", "python", "x", Priority.RUN))
    rejudge = store.insert(NewSubmission("two-sum", "python", "x", Priority.REJUDGE))
    finish(store, run, Verdict.ACCEPTED)
    assert ids(store.list(kind=SubmissionKind.SUBMISSION)) == [rejudge.id, sub.id]
    assert ids(store.list(kind=SubmissionKind.RUN)) == [run.id]
    assert ids(store.list()) == [rejudge.id, run.id, sub.id]
    assert ids(store.list(kind=SubmissionKind.RUN, verdict=Verdict.ACCEPTED)) == [run.id]
    assert store.list(kind=SubmissionKind.SUBMISSION, verdict=Verdict.ACCEPTED) == []
    assert ids(store.list(kind=SubmissionKind.SUBMISSION, before=rejudge.id)) == [sub.id]


def test_ids_keep_only_those_known(store: Store) -> None:
    subs = [add(store) for _ in range(3)]
    wanted = [subs[0].id, "0190aaaa-0000-7000-8000-000000000000", subs[2].id]
    assert ids(store.list(ids=wanted)) == [subs[2].id, subs[0].id]
    assert store.list(ids=[]) == []
    with pytest.raises(TypeError):
        store.list(ids=subs[0].id)


def test_id_prefix_is_literal(store: Store) -> None:
    sub = add(store)
    add(store)
    assert ids(store.list(id_prefix=sub.id[:36])) == [sub.id]
    assert len(store.list(id_prefix=sub.id[:8])) >= 1
    assert store.list(id_prefix="%") == []  # LIKE wildcards match themselves only
    assert store.list(id_prefix="_") == []


def test_cursor_pages_through_everything_once(store: Store) -> None:
    subs = [add(store) for _ in range(7)]
    seen: list[str] = []
    cursor: str | None = None
    while True:
        page = store.list(limit=3, before=cursor)
        seen += ids(page)
        if len(page) < 3:
            break
        cursor = page[-1].id
    assert seen == ids(subs)[::-1]


def test_time_cursor_pages_by_creation_like_the_id_cursor(store: Store) -> None:
    """A time cursor means "submitted before": it pages the one order, ids, so a submission
    re-driven (``queued_at`` reset to now) is neither skipped nor listed twice."""
    old = add(store)
    time.sleep(0.005)
    middle = datetime.now(UTC)
    time.sleep(0.005)
    new = add(store)
    assert store.start(old.id, 1) and store.reopen(old.id, 1)  # an operator's re-drive
    assert store.get(old.id).queued_at > middle
    assert ids(store.list(before=middle)) == [old.id]
    assert ids(store.list(before=middle + timedelta(hours=1))) == [new.id, old.id]
    assert store.list(before=middle - timedelta(hours=1)) == []
    # The page after one that ended at ``new`` is the same whichever cursor names it.
    assert ids(store.list(before=new.id)) == ids(store.list(before=middle)) == [old.id]


def test_time_bound_sorts_between_ids_of_adjacent_milliseconds() -> None:
    at = datetime(2027, 1, 2, 3, 4, 5, 678_000, tzinfo=UTC)
    bound = time_bound(at)
    assert bound == time_bound(at.astimezone(timezone(timedelta(hours=-5))))
    assert time_bound(at - timedelta(milliseconds=1)) < bound
    assert (
        bound
        <= time_bound(at + timedelta(microseconds=999))
        < time_bound(at + timedelta(milliseconds=1))
    )
    assert uuid.UUID(bound).version == 7
    far_past = datetime.fromisoformat("0001-01-01T00:00:00+01:00")  # no OverflowError
    far_future = datetime.fromisoformat("9999-12-31T23:59:59-01:00")
    assert time_bound(far_past) < new_id() < time_bound(far_future)


def test_limit_is_capped(store: Store) -> None:
    assert store.list(limit=MAX_LIST) == []
    with pytest.raises(ValueError):
        store.list(limit=MAX_LIST + 1)

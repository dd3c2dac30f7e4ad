"""``Store.list``: filters and the cursor, against real SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from codejudge.models import JudgeResult, NewSubmission, Status, Submission, Verdict
from codejudge.store import Store
from codejudge.store.schema import submissions
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


def test_time_cursor(store: Store) -> None:
    old, new = add(store), add(store)
    then = datetime.now(UTC) - timedelta(hours=1)
    with store.engine.begin() as conn:
        conn.execute(submissions.update().where(submissions.c.id == old.id).values(queued_at=then))
    assert ids(store.list(before=then + timedelta(minutes=1))) == [old.id]
    assert ids(store.list(before=datetime.now(UTC) + timedelta(minutes=1))) == [new.id, old.id]


def test_limit_is_capped(store: Store) -> None:
    assert store.list(limit=MAX_LIST) == []
    with pytest.raises(ValueError):
        store.list(limit=MAX_LIST + 1)

"""``Store.admission`` on SQLite and PostgreSQL: the maintenance switch every process reads,
and the count of one API key's submissions queued or running (its ``max_queued`` quota)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from codejudge.exceptions import InvalidInput
from codejudge.models import JudgeResult, NewSubmission, Role, Verdict
from codejudge.store import Store
from codejudge.store.admission import MAX_MESSAGE, Maintenance


@pytest.fixture
def fresh(store: Store) -> Store:
    store.admission.set_maintenance(None)  # the PostgreSQL database is the session's
    return store


def test_maintenance_on_replaced_and_off(fresh: Store) -> None:
    admission = fresh.admission
    assert admission.maintenance() is None
    assert admission.set_maintenance(Maintenance("upgrading")) == Maintenance("upgrading")
    assert admission.maintenance() == Maintenance("upgrading", None)
    end = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=1)
    admission.set_maintenance(Maintenance("moving hosts", end))  # replaces, never adds
    assert admission.maintenance() == Maintenance("moving hosts", end)
    past = end - timedelta(days=1)
    admission.set_maintenance(Maintenance("overran", past))  # a past end keeps it on
    assert admission.maintenance() == Maintenance("overran", past)
    assert admission.set_maintenance(None) is None and admission.maintenance() is None
    assert admission.set_maintenance(None) is None  # off twice is fine


def test_maintenance_seen_by_another_process(fresh: Store, url: str) -> None:
    fresh.admission.set_maintenance(Maintenance("ü — unicode kept"))
    with Store(url) as other:
        assert other.admission.maintenance() == Maintenance("ü — unicode kept")


def test_maintenance_refuses_what_it_cannot_keep(fresh: Store) -> None:
    with pytest.raises(InvalidInput, match=f"at most {MAX_MESSAGE}"):
        fresh.admission.set_maintenance(Maintenance("x" * (MAX_MESSAGE + 1)))
    with pytest.raises(InvalidInput, match="time zone"):
        fresh.admission.set_maintenance(Maintenance("x", datetime(2030, 1, 1)))
    for bad, says in (("nul\x00", "U+0000"), ("tab\there", "U+0009"), ("\udcff", "U+DCFF")):
        with pytest.raises(
            InvalidInput, match=re.escape(says)
        ):  # \udcff: a byte argv could not decode
            fresh.admission.set_maintenance(Maintenance(bad))
    assert fresh.admission.maintenance() is None  # nothing half-written
    fresh.admission.set_maintenance(Maintenance("y" * MAX_MESSAGE))
    assert fresh.admission.maintenance() == Maintenance("y" * MAX_MESSAGE)


def test_active_counts_a_keys_queued_and_running(store: Store) -> None:
    key = store.keys.create("quota", frozenset({Role.SUBMIT})).record
    other = store.keys.create("other", frozenset({Role.SUBMIT})).record

    def submit(owner: str | None) -> str:
        new = NewSubmission("two-sum", "python", "x", owner=owner)
        return store.insert(new).id

    _queued, running, finished, cancelled = (submit(key.id) for _ in range(4))
    submit(other.id)
    submit(None)
    assert store.start(running, 1) and store.start(finished, 1)
    assert store.finish(finished, 1, JudgeResult(verdict=Verdict.ACCEPTED))
    assert store.cancel(cancelled)
    assert store.admission.active(key.id) == 2  # queued + running
    assert store.admission.active(other.id) == 1 and store.admission.active("nobody") == 0


def test_maintenance_ends_at_the_edges_of_time(fresh: Store) -> None:
    """An end no backend could store is clamped: far future means none announced, far past
    reads as 1970 (passed either way); a far time zone at year 1 or 9999 is no error."""
    from datetime import timezone

    east, west = timezone(timedelta(hours=14)), timezone(timedelta(hours=-14))
    far = fresh.admission.set_maintenance(Maintenance("x", datetime(9999, 12, 31, 23, tzinfo=west)))
    assert far == Maintenance("x", None) == fresh.admission.maintenance()
    early = fresh.admission.set_maintenance(Maintenance("x", datetime(1, 1, 1, tzinfo=east)))
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    assert early == Maintenance("x", epoch) == fresh.admission.maintenance()

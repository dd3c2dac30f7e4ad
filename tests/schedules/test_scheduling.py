"""Fire times, the misfire policy and validation: pure, table-tested."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from codejudge.exceptions import InvalidInput
from codejudge.models import NewSubmission
from codejudge.scheduling import (
    MAX_COUNT,
    MAX_PURGE_DAYS,
    MIN_GRACE_SECONDS,
    check_grace,
    next_tick,
    plan,
    validate,
)
from codejudge.settings import Settings
from codejudge.store.schedules import Action, Schedule, fire_job_id, is_fire_job


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


@pytest.mark.parametrize(
    ("cron", "zone", "after", "expected"),
    [
        ("* * * * *", "UTC", "2026-12-01T10:00:00+00:00", "2026-12-01T10:01:00+00:00"),
        ("* * * * *", "UTC", "2026-12-01T10:00:30+00:00", "2026-12-01T10:01:00+00:00"),
        ("0 3 * * *", "UTC", "2026-12-01T03:00:00+00:00", "2026-12-02T03:00:00+00:00"),
        # 03:00 in Paris is 02:00 UTC in winter, 01:00 UTC in summer.
        ("0 3 * * *", "Europe/Paris", "2026-01-10T00:00:00+00:00", "2026-01-10T02:00:00+00:00"),
        ("0 3 * * *", "Europe/Paris", "2026-07-10T00:00:00+00:00", "2026-07-10T01:00:00+00:00"),
        ("*/15 * * * 1", "UTC", "2026-12-01T10:00:00+00:00", "2026-12-07T00:00:00+00:00"),
    ],
)
def test_next_tick(cron: str, zone: str, after: str, expected: str) -> None:
    """The first tick strictly after ``after``, in the schedule's zone, as UTC."""
    assert next_tick(cron, zone, at(after)) == at(expected)


def schedule(next_fire: str, grace: float = 60, coalesce: bool = True) -> Schedule:
    return Schedule(
        "s1", "s", "* * * * *", "UTC", Action.PURGE, {"days": 1}, True, grace, coalesce,
        at("2026-01-01T00:00:00+00:00"), at(next_fire),
    )  # fmt: skip


T0 = "2026-12-01T10:00:00+00:00"


@pytest.mark.parametrize(
    ("now", "grace", "coalesce", "fired", "missed", "next_at"),
    [
        # on time: the one due tick fires
        ("10:00:00.5", 60, True, ["10:00"], 0, "10:01"),
        # seen late but within the grace: still fires
        ("10:00:59", 60, True, ["10:00"], 0, "10:01"),
        # three ticks due (down 2 minutes), all within the grace: coalesced into the latest
        # (the two others are coalesced, not missed: tests/schedules/test_outages_and_input.py)
        ("10:02:10", 300, True, ["10:02"], 0, "10:03"),
        # the same without coalescing: each fires
        ("10:02:10", 300, False, ["10:00", "10:01", "10:02"], 0, "10:03"),
        # only the last is within a 90 s grace
        ("10:02:10", 90, False, ["10:01", "10:02"], 1, "10:03"),
        # all past the grace (down too long): none fires, all counted missed
        ("10:05:30", 20, True, [], 6, "10:06"),
    ],
)
def test_misfire_policy(
    now: str, grace: float, coalesce: bool, fired: list[str], missed: int, next_at: str
) -> None:
    """Grace time and coalesce, as APScheduler names them."""
    day = "2026-12-01T"
    what = plan(schedule(T0, grace, coalesce), at(f"{day}{now}+00:00"))
    assert what.fire == [at(f"{day}{t}:00+00:00") for t in fired]
    assert what.missed == missed
    assert what.next_tick == at(f"{day}{next_at}:00+00:00")


def test_a_long_outage_is_counted() -> None:
    """A week down with ``* * * * *``: every tick past the grace is counted missed (up to
    MAX_COUNT), the latest one within the grace fires, and the next tick is after now."""
    now = at(T0) + timedelta(days=7, seconds=5)
    what = plan(schedule(T0, grace=60), now)
    assert what.fire == [at(T0) + timedelta(days=7)]
    assert what.missed == 7 * 1440 < MAX_COUNT
    assert what.next_tick == at(T0) + timedelta(days=7, minutes=1)


def test_fire_job_ids() -> None:
    """The same (schedule, tick) gives the same job id in every process."""
    tick = at(T0)
    assert fire_job_id("abc", tick) == fire_job_id("abc", tick) == "fire-abc-1796119200000"
    assert fire_job_id("abc", tick) != fire_job_id("abc", tick + timedelta(minutes=1))
    assert is_fire_job(fire_job_id("abc", tick))
    assert not is_fire_job("0192f3c1-7a2b-7c3d-8e4f-0123456789ab")


@pytest.mark.parametrize(
    ("cron", "zone", "action", "params", "why"),
    [
        ("* * * *", "UTC", Action.REDRIVE, {}, "5-field"),
        ("* * * * * *", "UTC", Action.REDRIVE, {}, "5-field"),
        ("61 * * * *", "UTC", Action.REDRIVE, {}, "field 1 (minute) '61' is out of range"),
        ("* * * * *", "Mars/Olympus", Action.REDRIVE, {}, "IANA"),
        ("0 0 30 2 *", "UTC", Action.REDRIVE, {}, "never fires"),
        ("* * * * *", "UTC", Action.REDRIVE, {"x": 1}, "takes none"),
        ("* * * * *", "UTC", Action.REJUDGE, {}, "params.problem"),
        ("* * * * *", "UTC", Action.PURGE, {"days": 0}, "params.days"),
        ("* * * * *", "UTC", Action.PURGE, {"days": True}, "params.days"),
        ("* * * * *", "UTC", Action.BATCH, {"items": []}, "params.items"),
        ("* * * * *", "UTC", Action.BATCH, {"items": [{"problem": "a"}]}, "params.items[0]"),
    ],
)
def test_validation(cron: str, zone: str, action: Action, params: dict[str, Any], why: str) -> None:
    """Each refusal names the field at fault."""
    with pytest.raises(InvalidInput, match=re.escape(why)):
        validate("n", cron, zone, action, params)


def test_batch_items_checked_like_the_batch_endpoint() -> None:
    """A batch item the intake would refuse is refused at create time, with its index."""

    def check(new: NewSubmission) -> None:
        if new.language != "python":
            raise InvalidInput(f"language {new.language!r} is not supported")

    good = {"problem": "two-sum", "language": "python", "code": "x"}
    bad = {**good, "language": "cobol"}
    assert validate("n", "* * * * *", "UTC", Action.BATCH, {"items": [good]}, check) == {
        "items": [good]
    }
    with pytest.raises(InvalidInput, match=r"params\.items\[1\]: language 'cobol'"):
        validate("n", "* * * * *", "UTC", Action.BATCH, {"items": [good, bad]}, check)


@pytest.mark.parametrize(
    ("cron", "zone", "after", "ticks"),
    [
        # New York falls back at 02:00 EDT on 2026-11-01: 01:30 happens at 05:30Z and 06:30Z.
        # A fixed hour fires once, at the first 01:30.
        ("30 1 * * *", "America/New_York", "2026-10-31T12:00:00+00:00",
         ["2026-11-01T05:30:00+00:00", "2026-11-02T06:30:00+00:00"]),
        # Paris falls back at 03:00 CEST on 2026-10-25: 02:30 happens at 00:30Z and 01:30Z.
        ("30 2 * * *", "Europe/Paris", "2026-10-24T12:00:00+00:00",
         ["2026-10-25T00:30:00+00:00", "2026-10-26T01:30:00+00:00"]),
        # A fixed hour with a wildcard minute: the repeated 01:xx hour is not run again.
        ("*/30 1 * * *", "America/New_York", "2026-11-01T05:00:00+00:00",
         ["2026-11-01T05:30:00+00:00", "2026-11-02T06:00:00+00:00"]),
        # A wildcard hour keeps running through the repeated hour.
        ("*/30 * * * *", "America/New_York", "2026-11-01T05:00:00+00:00",
         ["2026-11-01T05:30:00+00:00", "2026-11-01T06:00:00+00:00",
          "2026-11-01T06:30:00+00:00", "2026-11-01T07:00:00+00:00"]),
        ("0 */2 * * *", "Europe/Paris", "2026-10-24T23:30:00+00:00",
         ["2026-10-25T00:00:00+00:00", "2026-10-25T01:00:00+00:00"]),
        # Spring forward: 02:30 does not exist that day; it fires once, at 03:00 local (the
        # first instant after the gap), then at 02:30 again the next day.
        ("30 2 * * *", "America/New_York", "2026-03-07T12:00:00+00:00",
         ["2026-03-08T07:00:00+00:00", "2026-03-09T06:30:00+00:00"]),
        ("30 2 * * *", "Europe/Paris", "2026-03-28T12:00:00+00:00",
         ["2026-03-29T01:00:00+00:00", "2026-03-30T00:30:00+00:00"]),
    ],
)  # fmt: skip
def test_daylight_saving(cron: str, zone: str, after: str, ticks: list[str]) -> None:
    """Vixie cron's rule: a repeated wall-clock time fires once when the hour is fixed, both
    times when the hour is a wildcard; a skipped one fires once, right after the gap."""
    got, t = [], at(after)
    for _ in ticks:
        t = next_tick(cron, zone, t)
        got.append(t)
    assert got == [at(x) for x in ticks]


@pytest.mark.parametrize("grace", [0.0, 0.005, 5.0])
def test_a_grace_below_the_minimum_is_floored(grace: float) -> None:
    """A stored grace shorter than a pass's lateness would never fire: ``plan`` reads it as
    MIN_GRACE_SECONDS, so a tick seen a poll period late still fires."""
    now = at(T0) + timedelta(seconds=MIN_GRACE_SECONDS - 1)
    what = plan(schedule(T0, grace=grace), now)
    assert what.fire == [at(T0)]
    assert what.missed == 0


@pytest.mark.parametrize("grace", [-1.0, 0.0, MIN_GRACE_SECONDS - 0.5, 367 * 86400.0])
def test_grace_out_of_bounds_refused(grace: float) -> None:
    """The CLI's check (the API's model and the setting have the same bounds)."""
    with pytest.raises(InvalidInput, match="misfire grace"):
        check_grace(grace)
    with pytest.raises(ValidationError, match="schedule_misfire_grace_seconds"):
        Settings(schedule_misfire_grace_seconds=grace)
    assert check_grace(MIN_GRACE_SECONDS) == MIN_GRACE_SECONDS
    assert Settings(schedule_misfire_grace_seconds=MIN_GRACE_SECONDS)


def test_poll_period_bounded_by_the_grace() -> None:
    """A poll period above half the least grace could step over a tick's whole grace."""
    assert Settings(schedule_poll_seconds=MIN_GRACE_SECONDS / 2)
    with pytest.raises(ValidationError, match="schedule_poll_seconds"):
        Settings(schedule_poll_seconds=MIN_GRACE_SECONDS / 2 + 0.5)


@pytest.mark.parametrize("days", [MAX_PURGE_DAYS + 1, 10**6, 10**18])
def test_purge_days_bounded(days: int) -> None:
    """A purge's age must be a timedelta every fire can compute (10**6 days overflows)."""
    with pytest.raises(InvalidInput, match=r"params\.days"):
        validate("n", "* * * * *", "UTC", Action.PURGE, {"days": days})
    assert validate("n", "* * * * *", "UTC", Action.PURGE, {"days": MAX_PURGE_DAYS}) == {
        "days": MAX_PURGE_DAYS
    }

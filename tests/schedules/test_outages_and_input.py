"""Schedules after outages and with bad input: catch-up after a long outage fires
the latest tick and counts the missed ones; coalesced ticks are not "missed"; a dead fire job
cannot be re-driven as a submission (409, trigger the schedule); schedule names follow a
pattern; a cron's bad field is named and the bodies are strictly typed; ``schedules list`` is
readable without a terminal."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from codejudge.exceptions import InvalidInput
from codejudge.scheduling import MAX_CATCH_UP, MAX_COUNT, plan, validate
from codejudge.store.schedules import Action, Schedule
from tests.conftest import Server, codejudge_env, start_server, stop_server

BASE = "/api/v1/admin/schedules"
YEAR = 365 * 86400.0
NOW = datetime(2026, 12, 1, 10, 0, 30, tzinfo=UTC)


def minutely(next_fire: datetime, grace: float, coalesce: bool = True) -> Schedule:
    return Schedule(
        "s1", "s", "* * * * *", "UTC", Action.REDRIVE, {}, True, grace, coalesce,
        NOW - timedelta(days=30), next_fire,
    )  # fmt: skip


def test_catch_up_fires_the_latest_due_tick() -> None:
    """Two days behind with a one-year grace: the tick fired is the latest (10:00), not one
    ~31 h old; the 2880 earlier ones are coalesced, none missed."""
    what = plan(minutely(NOW - timedelta(days=2), YEAR), NOW)
    assert what.fire == [datetime(2026, 12, 1, 10, 0, tzinfo=UTC)]
    assert (what.missed, what.coalesced) == (0, 2 * 1440)
    assert what.next_tick == datetime(2026, 12, 1, 10, 1, tzinfo=UTC)


def test_catch_up_counts_every_missed_tick() -> None:
    """Two days behind with a 300 s grace: the ticks older than the grace are all counted
    missed (not 1000), the latest within the grace fires, the 4 others are coalesced."""
    start = NOW.replace(second=0) - timedelta(days=2)
    what = plan(minutely(start, 300), NOW)
    assert what.fire == [datetime(2026, 12, 1, 10, 0, tzinfo=UTC)]
    # 09:55:30 is the cutoff: 09:56 … 10:00 are within the grace (5 ticks).
    assert (what.missed, what.coalesced) == (2 * 1440 + 1 - 5, 4)


def test_a_very_long_outage_is_counted_up_to_a_bound() -> None:
    """A year down: the missed count stops at MAX_COUNT (a lower bound, "at least" in the
    log); the latest tick still fires and the next is after now."""
    what = plan(minutely(NOW.replace(second=0) - timedelta(days=365), 60), NOW)
    assert what.missed == MAX_COUNT
    assert what.fire == [datetime(2026, 12, 1, 10, 0, tzinfo=UTC)]
    assert what.next_tick == datetime(2026, 12, 1, 10, 1, tzinfo=UTC)


def test_without_coalesce_each_tick_fires_over_passes() -> None:
    """Without coalesce, a backlog within the grace fires oldest first, MAX_CATCH_UP a pass;
    the next tick stays due so the next pass goes on."""
    start = NOW.replace(second=0) - timedelta(days=1)
    what = plan(minutely(start, YEAR, coalesce=False), NOW)
    assert len(what.fire) == MAX_CATCH_UP and what.fire[0] == start
    assert what.next_tick == start + timedelta(minutes=MAX_CATCH_UP) <= NOW
    assert what.missed == what.coalesced == 0


def test_coalesced_ticks_are_not_missed() -> None:
    """Three ticks within the grace, coalesced into one fire: 0 missed, 2 coalesced."""
    what = plan(minutely(datetime(2026, 12, 1, 9, 58, tzinfo=UTC), 300), NOW)
    assert what.fire == [datetime(2026, 12, 1, 10, 0, tzinfo=UTC)]
    assert (what.missed, what.coalesced) == (0, 2)


@pytest.mark.parametrize(
    ("cron", "why"),
    [
        ("61 * * * *", "field 1 (minute) '61' is out of range (0-59)"),
        ("0 24 * * *", "field 2 (hour) '24' is out of range (0-23)"),
        ("0 0 32 * *", "field 3 (day of month) '32'"),
        ("0 0 * 13 *", "field 4 (month) '13'"),
        ("0 0 * * 9", "field 5 (day of week) '9'"),
        ("* * * *", "5-field"),
    ],
)
def test_a_bad_cron_field_is_named(cron: str, why: str) -> None:
    with pytest.raises(InvalidInput, match=re.escape(why)):
        validate("n", cron, "UTC", Action.REDRIVE, {})


@pytest.mark.parametrize("name", ["a/b", "a\x00b", "", " x", ".hidden", "-x", "a b", "é", "x" * 65])
def test_names_follow_the_pattern(name: str) -> None:
    with pytest.raises(InvalidInput, match="is not a schedule name"):
        validate(name, "* * * * *", "UTC", Action.REDRIVE, {})


@pytest.mark.parametrize("name", ["nightly", "a.b_c-1", "X" * 64, "0"])
def test_good_names(name: str) -> None:
    assert validate(name, "* * * * *", "UTC", Action.REDRIVE, {}) == {}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    srv = start_server(tmp_path_factory.mktemp("tester14"), 0)
    yield srv
    stop_server(srv)


@pytest.mark.timeout(120)
def test_api_refusals(server: Server) -> None:
    """Names, cron fields and strict types over the API; a dead fire job is not re-driven
    as a submission but refused, 409, one by one and in bulk."""
    body: dict[str, Any] = {"name": "ok", "cron": "0 3 * * *", "action": "redrive"}
    cases: list[tuple[dict[str, Any], str]] = [
        ({"name": "a/b"}, "is not a schedule name"),
        ({"name": "a\x00b"}, "is not a schedule name"),
        ({"cron": "61 * * * *"}, "field 1 (minute) '61' is out of range"),
        ({"enabled": "yes"}, "enabled"),
        ({"coalesce": 1}, "coalesce"),
        ({"misfire_grace_seconds": "60"}, "misfire_grace_seconds"),
    ]
    with server.client() as c:
        for bad, word in cases:
            r = c.post(BASE, json={**body, **bad})
            assert r.status_code == 422 and word in r.text, (bad, r.text)
        assert c.get(BASE).json() == []
        r = c.post(BASE, json={**body, "misfire_grace_seconds": 60, "enabled": False})
        assert r.status_code == 201, r.text
        assert c.get(f"{BASE}/ok").json()["enabled"] is False

        fire = "fire-0192f3c1-7a2b-7c3d-8e4f-0123456789ab-1796119200000"
        r = c.post(f"/api/v1/admin/dead-letters/{fire}/redrive")
        assert r.status_code == 409, r.text
        assert "trigger the schedule (codejudge schedules trigger NAME)" in r.text
        bulk = c.post("/api/v1/admin/dead-letters/redrive", json={"ids": [fire]}).json()
        assert bulk["done"] == []
        assert [f["id"] for f in bulk["failed"]] == [fire]
        assert "trigger the schedule" in bulk["failed"][0]["detail"]


def test_cli_list_without_a_terminal(tmp_path: Path) -> None:
    """Piped, ``schedules list`` prints whole cells (a full next tick, a long name), and
    ``--json`` is a JSON array."""
    env = codejudge_env(tmp_path)

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "codejudge.cli", "schedules", *args]
        return subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)

    name = "a-rather-long-schedule-name-for-the-nightly-purge"
    made = cli("create", name, "0 3 * * *", "purge", "--params", '{"days": 30}')
    assert made.returncode == 0, made.stderr
    listed = cli("list")
    assert listed.returncode == 0, listed.stderr
    (row,) = [line for line in listed.stdout.splitlines() if name in line]
    (shown,) = json.loads(cli("list", "--json").stdout)
    assert shown["name"] == name and shown["next_fire_at"].endswith("T03:00:00+00:00")
    assert shown["next_fire_at"] in row and "0 3 * * *" in row
    assert cli("create", "a/b", "0 3 * * *", "redrive").returncode == 2

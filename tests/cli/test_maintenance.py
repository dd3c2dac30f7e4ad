"""``codejudge maintenance on|off|status`` on the store an installation uses: SQLite in its
data dir, and PostgreSQL (``CODEJUDGE_DATABASE_URL``), as an operator runs it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from codejudge.cli import app
from codejudge.store import Store
from tests.store.conftest import PG_ADMIN_URL, PgDatabases


@pytest.fixture(params=["sqlite", "postgresql"])
def env(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, str]]:
    """The environment of an installation of the backend (its database fresh)."""
    if request.param == "sqlite":
        yield {"CODEJUDGE_DATA_DIR": str(tmp_path)}
        return
    databases = PgDatabases(PG_ADMIN_URL)
    try:
        yield {"CODEJUDGE_DATA_DIR": str(tmp_path), "CODEJUDGE_DATABASE_URL": databases.create()}
    finally:
        databases.drop_all()


def url_of(env: dict[str, str]) -> str:
    return (
        env.get("CODEJUDGE_DATABASE_URL") or f"sqlite:///{env['CODEJUDGE_DATA_DIR']}/codejudge.db"
    )


def run(env: dict[str, str], *args: str, code: int = 0) -> str:
    result = CliRunner().invoke(app, ["maintenance", *args], env=env)
    assert result.exit_code == code, result.output
    return result.output


def test_on_status_off(env: dict[str, str]) -> None:
    assert "maintenance: off" in run(env, "status")  # a new installation: migrated, off
    out = run(env, "on", "--message", "disk swap", "--until", "2030-01-01T18:00:00+02:00")
    assert "maintenance: on" in out and "disk swap" in out and "2030-01-01T16:00:00+00:00" in out
    with Store(url_of(env)) as store:  # what every API process reads
        state = store.admission.maintenance()
    assert state is not None and state.message == "disk swap"
    assert state.until is not None and state.until.isoformat() == "2030-01-01T16:00:00+00:00"
    out = run(env, "on", "--until", "2030-01-01T18:00:00")  # no zone: UTC; the default message
    assert "the server is being maintained" in out and "2030-01-01T18:00:00+00:00" in out
    assert "not announced" in run(env, "on")
    assert "maintenance: off" in run(env, "off") and "maintenance: off" in run(env, "status")
    with Store(url_of(env)) as store:
        assert store.admission.maintenance() is None


def test_bad_input_is_a_message_not_a_traceback(env: dict[str, str]) -> None:
    assert "not an ISO 8601 time" in run(env, "on", "--until", "tomorrow", code=2)
    assert "already past" in run(env, "on", "--until", "2001-01-01T00:00:00Z", code=2)
    assert "at most 200" in run(env, "on", "-m", "x" * 201, code=2)
    assert "U+0007" in run(env, "on", "-m", "bell\a", code=2)
    with Store(url_of(env)) as store:
        assert store.admission.maintenance() is None

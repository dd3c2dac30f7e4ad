"""``codejudge keys create|list|revoke`` on the store of this installation (SQLite in the data
dir, or PostgreSQL by ``CODEJUDGE_DATABASE_URL``), and a key it made working, then refused
once revoked, on a real ``CODEJUDGE_AUTH=keys`` server sharing that store."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from codejudge.cli import app
from tests.conftest import Server
from tests.store.conftest import PG_ADMIN_URL, PgDatabases

pytestmark = pytest.mark.timeout(180)
runner = CliRunner()


@pytest.fixture(params=["sqlite", "postgresql"])
def env(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, str]]:
    """The environment of one installation: its data dir, and a fresh PostgreSQL database."""
    env = {"CODEJUDGE_DATA_DIR": str(tmp_path), "COLUMNS": "200"}
    if request.param == "sqlite":
        yield env
        return
    databases = PgDatabases(PG_ADMIN_URL)
    try:
        yield {**env, "CODEJUDGE_DATABASE_URL": databases.create()}
    finally:
        databases.drop_all()


def keys(env: dict[str, str], *args: str, code: int = 0) -> str:
    result = runner.invoke(app, ["keys", *args], env=env)
    assert result.exit_code == code, result.output
    return result.output


def test_create_list_revoke(env: dict[str, str]) -> None:
    made = json.loads(keys(env, "create", "ci bot", "-r", "submit", "--max-queued", "3", "--json"))
    assert made["key"].startswith("cj_") and made["webhook_secret"].startswith("whsec_")
    assert (made["roles"], made["max_queued"], made["rate_per_minute"]) == (["submit"], 3, None)
    table = keys(env, "create", "reader")  # default roles: submit and read
    assert "read" in table and "submit" in table and "shown this once" in table
    shown = re.search(r"key:\s+(cj_\S+)", table)
    assert shown is not None and len(shown.group(1)) > 40
    listed = json.loads(keys(env, "list", "--json"))
    assert [(k["name"], k["active"]) for k in listed] == [("ci bot", True), ("reader", True)]
    assert all("key" not in k for k in listed)
    assert "revoked" in keys(env, "revoke", made["id"])
    assert "already revoked" in keys(env, "revoke", made["id"])
    assert [k["name"] for k in json.loads(keys(env, "list", "--json"))] == ["reader"]
    every = keys(env, "list", "--all")
    assert "ci bot" in every and "revoked" in every


def test_bad_input_says_what_to_fix(env: dict[str, str]) -> None:
    assert "name is blank" in keys(env, "create", "  ", code=2)
    assert "rate_per_minute" in keys(env, "create", "x", "--rate-per-minute", "0", code=2)
    assert "http" in keys(env, "create", "x", "--callback-url", "ftp://example.org", code=2)
    assert "'root'" in keys(env, "create", "x", "-r", "root", code=2)
    assert "not found" in keys(env, "revoke", "0190aaaa-0000-7000-8000-000000000000", code=1)
    assert "no keys" in keys(env, "list")


def test_a_cli_key_works_on_the_server_until_revoked(
    server_factory: Callable[..., Server], tmp_path: Path
) -> None:
    env = {"CODEJUDGE_DATA_DIR": str(tmp_path / "data0"), "COLUMNS": "200"}
    made = json.loads(keys(env, "create", "first admin", "-r", "admin", "--json"))
    srv = server_factory(workers=0, CODEJUDGE_AUTH="keys")
    assert srv.data_dir == tmp_path / "data0"  # the same installation
    with srv.client(headers={"X-Api-Key": made["key"]}) as c:
        r = c.post("/api/v1/admin/keys", json={"name": "app", "roles": ["submit", "read"]})
        assert r.status_code == 201, r.text
        assert "app" in keys(env, "list")
        keys(env, "revoke", made["id"])
        assert c.get("/api/v1/admin/keys").status_code == 401


def test_a_default_callback_must_pass_the_webhook_rules(env: dict[str, str]) -> None:
    """A key's default callback_url is checked as the API checks it (SSRF): a private or
    loopback address is refused with the setting to change, unless allow-listed."""
    out = keys(env, "create", "x", "--callback-url", "http://10.0.0.1/hook", code=2)
    assert "10.0.0.1" in out and "CODEJUDGE_CALLBACK_ALLOW" in out
    assert json.loads(keys(env, "list", "--json")) == []
    allowed = {**env, "CODEJUDGE_CALLBACK_ALLOW": '["10.0.0.0/8"]'}
    made = json.loads(keys(allowed, "create", "x", "--callback-url", "http://10.0.0.1/h", "--json"))
    assert made["callback_url"] == "http://10.0.0.1/h"

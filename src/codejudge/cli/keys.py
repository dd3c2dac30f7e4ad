"""``codejudge keys``: create, list and revoke API keys on the store of this installation
(``CODEJUDGE_DATABASE_URL``, else the SQLite database in the data dir), the way an operator
makes the first admin key of a ``CODEJUDGE_AUTH=keys`` server. The same rules as ``POST
/api/v1/admin/keys`` (its ``KeyIn`` validates here too)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape
from rich.table import Column, Table

from codejudge.api.keys import KeyIn, KeyOut, NewKeyOut
from codejudge.callback_urls import CallbackPolicy, check_at_intake
from codejudge.exceptions import CodejudgeError, InvalidInput
from codejudge.models import ApiKey, Role
from codejudge.settings import Settings
from codejudge.store import Store

app = typer.Typer(help="Create, list and revoke API keys.", no_args_is_help=True)


def _out(stderr: bool = False) -> Console:
    """A console sized now (a key table is wide: ``COLUMNS`` as set when the command runs)."""
    return Console(stderr=stderr)


AsJson = Annotated[bool, typer.Option("--json", help="print JSON instead of a table")]


@contextmanager
def _store() -> Iterator[Store]:
    """This installation's store, migrated (idempotent: a fresh install has no tables yet)."""
    with Store(Settings().resolved_database_url) as store:
        store.migrate()
        yield store


def _fail(message: str, code: int = 1) -> typer.Exit:
    _out(stderr=True).print(f"[red]error:[/red] {escape(message)}")
    return typer.Exit(code)


def _when(at: datetime | None) -> str:
    return at.strftime("%Y-%m-%d %H:%M:%S") if at else "-"


def _table(keys: list[ApiKey]) -> Table:
    # The id (what `keys revoke` takes) and the prefix are never cut or wrapped.
    rest = ("roles", "limits", "created", "last used", "state")
    table = Table(
        Column("id", no_wrap=True, min_width=36),
        Column("name", overflow="fold"),
        Column("prefix", no_wrap=True),
        *(Column(name, overflow="fold") for name in rest),
    )
    for k in keys:
        limits = f"{k.rate_per_minute or '-'}/min, {k.max_queued or '-'} queued"
        table.add_row(
            k.id,
            escape(k.name),
            f"{k.prefix}…",
            ", ".join(sorted(k.roles)),
            limits,
            _when(k.created_at),
            _when(k.last_used_at),
            "active" if k.active else f"revoked {_when(k.revoked_at)}",
        )
    return table


@app.command("create")
def create(
    name: Annotated[str, typer.Argument(help="who or what uses the key")],
    role: Annotated[
        list[Role] | None,
        typer.Option("--role", "-r", help="submit, read, admin (repeat it; default: submit, read)"),
    ] = None,
    rate_per_minute: Annotated[
        int | None, typer.Option(help="submissions per minute (default: the server's)")
    ] = None,
    max_queued: Annotated[
        int | None, typer.Option(help="submissions queued at once (default: the server's)")
    ] = None,
    callback_url: Annotated[
        str | None, typer.Option(help="default webhook URL of its submissions")
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Create a key and print it: it is shown this once (the store keeps only its hash)."""
    try:
        body = KeyIn(
            name=name,
            roles=role or [Role.SUBMIT, Role.READ],
            rate_per_minute=rate_per_minute,
            max_queued=max_queued,
            callback_url=callback_url,
        )
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise _fail(problems, 2) from None
    if body.callback_url is not None:  # the webhook (SSRF) rules, as the API checks them
        policy = CallbackPolicy.of(Settings().callback_allow)
        try:
            check_at_intake(body.callback_url, policy)
        except InvalidInput as exc:
            raise _fail(f"{exc} (see CODEJUDGE_CALLBACK_ALLOW in docs/webhooks.md)", 2) from None
    with _store() as store:
        new = store.keys.create(
            body.name,
            frozenset(body.roles),
            rate_per_minute=body.rate_per_minute,
            max_queued=body.max_queued,
            callback_url=body.callback_url,
        )
    if as_json:
        print(NewKeyOut.of_new(new).model_dump_json(indent=2))
        return
    console = _out()
    console.print(_table([new.record]))
    console.print(f"key:            [bold]{new.key}[/bold]", soft_wrap=True)
    console.print(f"webhook secret: {new.webhook_secret}", soft_wrap=True)
    console.print("Both are shown this once: keep them now. Send the key as ", end="")
    console.print("Authorization: Bearer <key> or X-Api-Key: <key>.", markup=False)


@app.command("list")
def list_keys(
    show_all: Annotated[bool, typer.Option("--all", help="revoked keys too")] = False,
    as_json: AsJson = False,
) -> None:
    """List the keys (never the keys themselves: their first characters)."""
    with _store() as store:
        keys = store.keys.list(include_revoked=show_all)
    if as_json:
        print(json.dumps([KeyOut.of(k).model_dump(mode="json") for k in keys], indent=2))
        return
    _out().print(_table(keys) if keys else "no keys (create one with `codejudge keys create`)")


@app.command("revoke")
def revoke(key_id: Annotated[str, typer.Argument(help="the key's id (see `keys list`)")]) -> None:
    """Revoke a key: every server refuses it (401) from its next request on."""
    with _store() as store:
        try:
            done = store.keys.revoke(key_id)
        except CodejudgeError as exc:
            raise _fail(str(exc)) from None
        key = store.keys.get(key_id)
    state = "revoked" if done else "was already revoked"
    _out().print(f"{escape(key.name)} ({key.prefix}…) {state}")

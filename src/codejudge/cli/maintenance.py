"""``codejudge maintenance on|off|status``: maintenance mode from the server's host, in the
store every API process reads (the same switch as ``PUT /api/v1/admin/maintenance``). While
on, new submissions, runs and batches get 503 with Retry-After and the message; queued and
running ones are judged; reads work."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from codejudge.exceptions import CodejudgeError
from codejudge.settings import Settings

if TYPE_CHECKING:
    from codejudge.store import Store
    from codejudge.store.admission import Maintenance

app = typer.Typer(
    help="Refuse new submissions while the server is maintained.", no_args_is_help=True
)
console = Console()
err = Console(stderr=True)
DEFAULT_MESSAGE = "the server is being maintained"  # as the admin API's


def _until(value: str | None) -> datetime | None:
    """An ISO 8601 time; one without a time zone is taken as UTC."""
    if value is None:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not an ISO 8601 time, e.g. 2030-01-01T18:00:00Z", param_hint="--until"
        ) from None
    when = when if when.tzinfo is not None else when.replace(tzinfo=UTC)
    from codejudge.store.admission import until_refusal

    if (why := until_refusal(when)) is not None:
        raise typer.BadParameter(why, param_hint="--until")
    return when


@app.command("on")
def on(
    message: Annotated[
        str, typer.Option("--message", "-m", help="shown to the clients refused")
    ] = DEFAULT_MESSAGE,
    until: Annotated[
        str | None,
        typer.Option(help="expected end, ISO 8601 (UTC unless a zone is given): Retry-After"),
    ] = None,
) -> None:
    """Turn maintenance on (again: replaces the message and the end)."""
    from codejudge.store.admission import Maintenance

    _set(Maintenance(message.strip() or DEFAULT_MESSAGE, _until(until)))


@app.command("off")
def off() -> None:
    """Turn maintenance off: new submissions are accepted again."""
    _set(None)


@app.command("status")
def status() -> None:
    """Show whether maintenance is on, its message and its expected end."""
    with _store() as store:
        _show(store.admission.maintenance())


def _set(state: Maintenance | None) -> None:
    with _store() as store:
        try:
            _show(store.admission.set_maintenance(state))
        except CodejudgeError as exc:
            err.print(f"[red]error:[/red] {escape(str(exc))}")
            raise typer.Exit(2) from None


def _store() -> Store:
    """The store of this installation (``CODEJUDGE_DATABASE_URL``), migrated."""
    from codejudge.store import Store

    store = Store(Settings().resolved_database_url)
    store.migrate()
    return store


def _show(state: Maintenance | None) -> None:
    if state is None:
        console.print("maintenance: [green]off[/green] (new submissions are accepted)")
        return
    console.print("maintenance: [yellow]on[/yellow] (new submissions get 503)")
    console.print(f"message: {escape(state.message)}")
    console.print(f"until: {state.until.isoformat() if state.until else 'not announced'}")

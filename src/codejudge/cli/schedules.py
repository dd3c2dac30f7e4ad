"""``codejudge schedules create|list|show|pause|resume|trigger|delete``: cron schedules in the
store of this installation (the same as ``/api/v1/admin/schedules``). Every serve and worker
process fires them, each tick once (``codejudge.scheduling``)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from codejudge.exceptions import CodejudgeError
from codejudge.settings import Settings

if TYPE_CHECKING:
    from codejudge.models import NewSubmission
    from codejudge.queue import Queue
    from codejudge.store import Store
    from codejudge.store.schedules import Fire, Schedule

app = typer.Typer(help="Cron schedules: rejudge, re-drive, purge, self-tests, batches.",
                  no_args_is_help=True)  # fmt: skip
console = Console()
_PARAMS_HELP = "JSON, e.g. '{\"days\": 30}'; @FILE reads it from a file"
err = Console(stderr=True)
_UNWRAPPED = 10_000  # columns of the console a non-terminal's table is printed to


@contextmanager
def _failing() -> Iterator[None]:
    """A domain error is a message and exit status 2, not a traceback."""
    try:
        yield
    except CodejudgeError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None


@contextmanager
def _queue(settings: Settings) -> Iterator[Queue]:
    from codejudge.queue import open_queue

    queue = open_queue(settings.resolved_queue_url)
    try:
        yield queue
    finally:
        queue.close()


def _store(settings: Settings) -> Store:
    from codejudge.store import Store

    store = Store(settings.resolved_database_url)
    store.migrate()
    return store


@app.command("create")
def create(
    name: Annotated[str, typer.Argument(help="unique name")],
    cron: Annotated[str, typer.Argument(help="5 fields: m h dom mon dow, e.g. '0 3 * * *'")],
    action: Annotated[str, typer.Argument(help="rejudge, redrive, purge, selftest or batch")],
    params: Annotated[str, typer.Option(help=_PARAMS_HELP)] = "{}",
    timezone: Annotated[str, typer.Option(help="IANA zone of the cron")] = "UTC",
    grace: Annotated[float | None, typer.Option(help="misfire grace, seconds (>= 10)")] = None,
    coalesce: Annotated[bool, typer.Option(help="due ticks within the grace fire once")] = True,
    paused: Annotated[bool, typer.Option(help="create it paused")] = False,
) -> None:
    """Create a schedule; its first tick is the first after now."""
    from codejudge import scheduling
    from codejudge.store.schedules import Action

    settings = Settings()
    with _failing(), _store(settings) as store, _queue(settings) as queue:
        try:
            kind = Action(action)
        except ValueError:
            raise typer.BadParameter(f"one of {', '.join(Action)}", param_hint="ACTION") from None
        grace = scheduling.check_grace(
            settings.schedule_misfire_grace_seconds if grace is None else grace
        )
        check = _checker(settings, store, queue)
        values = scheduling.validate(name, cron, timezone, kind, _json(params), check)
        if kind is Action.REJUDGE:
            _check_problem(settings, values["problem"])
        schedule = scheduling.new_schedule(
            name, cron, timezone, kind, values, grace, coalesce, not paused
        )
        _show(store.schedules.create(schedule))


def _json(text: str) -> dict[str, Any]:
    if text.startswith("@"):
        try:
            with open(text[1:], encoding="utf-8") as f:
                text = f.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise typer.BadParameter(
                f"cannot read {text[1:]!r}: {exc}", param_hint="--params"
            ) from None
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise typer.BadParameter(f"not JSON: {exc}", param_hint="--params") from None
    if not isinstance(value, dict):
        raise typer.BadParameter("a JSON object", param_hint="--params")
    return value


def _checker(settings: Settings, store: Store, queue: Queue) -> Callable[[NewSubmission], None]:
    """Checks a batch item as ``POST /api/v1/submissions/batch`` does; the problem set is
    loaded once, at the first item."""
    checkers: list[Callable[[NewSubmission], None]] = []

    def check(item: NewSubmission) -> None:
        from codejudge.submissions import Submissions

        if not checkers:
            checkers.append(Submissions(settings, _problems(settings), store, queue).validate)
        checkers[0](item)

    return check


def _problems(settings: Settings) -> Any:
    from codejudge.problems import BUNDLED_DIR, load_problem_set

    return load_problem_set(BUNDLED_DIR, settings.problems_dir)


def _check_problem(settings: Settings, slug: str) -> None:
    from codejudge.exceptions import InvalidInput

    if slug not in _problems(settings):
        raise InvalidInput(f"params.problem: no problem {slug!r}")


@app.command("list")
def list_(
    as_json: Annotated[bool, typer.Option("--json", help="a JSON array, one object each")] = False,
) -> None:
    """Every schedule with its next and last tick. Without a terminal (a pipe, a log) the
    table is as wide as its rows, never wrapped; ``--json`` for scripts."""
    with _failing(), _store(Settings()) as store:
        schedules = store.schedules.list()
    if as_json:
        typer.echo(json.dumps([_json_of(s) for s in schedules], indent=2))
        return
    table = Table("name", "cron", "zone", "action", "enabled", "next", "last", "missed")
    for s in schedules:
        table.add_row(
            escape(s.name), escape(s.cron), s.timezone, str(s.action), str(s.enabled),
            _when(s.next_fire_at), _when(s.last_fire_at), str(s.missed),
        )  # fmt: skip
    # Not a terminal: rich would fit the table to 80 columns, wrapping and cutting every cell.
    out = console if console.is_terminal else Console(width=_UNWRAPPED)
    out.print(table)


def _json_of(s: Schedule) -> dict[str, Any]:
    return {
        "id": s.id, "name": s.name, "cron": s.cron, "timezone": s.timezone,
        "action": str(s.action), "params": s.params, "enabled": s.enabled,
        "misfire_grace_seconds": s.misfire_grace_seconds, "coalesce": s.coalesce,
        "created_at": _when(s.created_at), "next_fire_at": _nullable(s.next_fire_at),
        "last_fire_at": _nullable(s.last_fire_at), "missed": s.missed,
    }  # fmt: skip


def _nullable(at: Any) -> str | None:
    return at.isoformat() if at is not None else None


@app.command("show")
def show(ref: Annotated[str, typer.Argument(help="id or name")]) -> None:
    """One schedule and its latest fires."""
    with _failing(), _store(Settings()) as store:
        schedule = store.schedules.get(ref)
        _show(schedule, store.schedules.fires(schedule.id, 20))


@app.command("pause")
def pause(ref: Annotated[str, typer.Argument(help="id or name")]) -> None:
    """No tick fires until it is resumed."""
    from codejudge import scheduling

    with _failing(), _store(Settings()) as store:
        _show(scheduling.pause(store, ref))


@app.command("resume")
def resume(ref: Annotated[str, typer.Argument(help="id or name")]) -> None:
    """Fire again from the first tick after now."""
    from codejudge import scheduling

    with _failing(), _store(Settings()) as store:
        _show(scheduling.resume(store, ref))


@app.command("trigger")
def trigger(ref: Annotated[str, typer.Argument(help="id or name")]) -> None:
    """Fire it now (paused or not); a worker runs it."""
    from codejudge import scheduling

    settings = Settings()
    with _failing(), _store(settings) as store, _queue(settings) as queue:
        fire = scheduling.trigger(store, queue, ref)
        console.print(f"fired: {fire.id}")


@app.command("delete")
def delete(ref: Annotated[str, typer.Argument(help="id or name")]) -> None:
    """Delete a schedule and its history."""
    with _failing(), _store(Settings()) as store:
        store.schedules.delete(ref)
        console.print(f"deleted: {escape(ref)}")


def _when(at: Any) -> str:
    return at.isoformat() if at is not None else "-"


def _show(s: Schedule, fires: list[Fire] | None = None) -> None:
    console.print(f"[bold]{escape(s.name)}[/bold] ({s.id})")
    console.print(f"cron: {escape(s.cron)} ({s.timezone}), action: {s.action}")
    console.print(f"params: {escape(json.dumps(s.params))}")
    console.print(f"enabled: {s.enabled}, grace: {s.misfire_grace_seconds:g} s, "
                  f"coalesce: {s.coalesce}, missed: {s.missed}")  # fmt: skip
    console.print(f"next: {_when(s.next_fire_at)}, last: {_when(s.last_fire_at)}")
    for f in fires or []:
        what = f.error or json.dumps(f.result)
        manual = " (manual)" if f.manual else ""
        console.print(f"  {_when(f.tick)}{manual} {f.status}: {escape(what[:200])}")

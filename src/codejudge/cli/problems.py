"""``codejudge problems``: list, check and import problem packages (mounted by ``cli``).

Judging and problem modules are imported when a command runs, for start-up cost: the other
commands (and ``--help``) do not pay for them."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from codejudge.exceptions import CodejudgeError
from codejudge.settings import Settings

if TYPE_CHECKING:
    from codejudge.judging.problems_check import Report

app = typer.Typer(help="Work with the problem set.", no_args_is_help=True)
console = Console()
err = Console(stderr=True)


@app.command("list")
def list_problems(
    difficulty: Annotated[
        str | None, typer.Option("--difficulty", "-d", help="easy, medium or hard")
    ] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", "-t", help="has this tag")] = None,
) -> None:
    """List the problems this installation serves (bundled + data dir)."""
    from codejudge.problems import BUNDLED_DIR, load_problem_set

    settings = Settings()
    table = Table("slug", "title", "kind", "difficulty", "tags", "tests")
    problems = load_problem_set(BUNDLED_DIR, settings.problems_dir).list()
    for p in problems:
        if difficulty and p.difficulty != difficulty:
            continue
        if tag and not set(tag) <= set(p.tags):
            continue
        table.add_row(
            p.slug, p.title, str(p.kind), p.difficulty, ", ".join(p.tags), str(len(p.tests))
        )
    console.print(table)


@app.command("check")
def check(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="package folders (native or Kattis); default: every bundled one"),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="solutions judged at once (default: CPUs)"),
    ] = None,
    show_all: Annotated[bool, typer.Option("--all", help="list matching solutions too")] = False,
) -> None:
    """Validate packages and judge every solution in solutions/ (Kattis: submissions/).

    Exits 1 when a package is invalid or a solution gets another verdict than its folder says.
    """
    from codejudge.judging.problems_check import check_packages, default_paths

    # grading logs a judge-side failure with its traceback; the table reports it already.
    logging.getLogger("codejudge.judging.grading").setLevel(logging.CRITICAL)
    targets = paths or default_paths()
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("judging solutions", total=None)
        reports = check_packages(
            targets,
            jobs=jobs,
            on_total=lambda n: progress.update(task, total=n),
            on_outcome=lambda o: progress.update(
                task, advance=1, description=f"{o.slug} {o.file.name}"
            ),
        )
    _print_outcomes(reports, show_all)
    _print_findings(reports)
    outcomes = [o for r in reports for o in r.outcomes]
    counts = {s: sum(o.status == s for o in outcomes) for s in ("ok", "MISMATCH", "skipped")}
    bad = sum(not r.ok for r in reports)
    console.print(
        f"{len(reports)} problems, {len(outcomes)} solutions: {counts['ok']} as expected, "
        f"{counts['MISMATCH']} mismatched, {counts['skipped']} skipped; {bad} problems failing"
    )
    raise typer.Exit(1 if bad else 0)


def _print_outcomes(reports: list[Report], show_all: bool) -> None:
    """The solutions whose verdict is not the expected one (all of them with ``show_all``)."""
    table = Table("problem", "solution", "language", "expected", "actual", "ms", "")
    shown = 0
    for report in reports:
        for o in report.outcomes:
            if o.status == "ok" and not show_all:
                continue
            style = {"ok": "green", "skipped": "yellow"}.get(o.status, "bold red")
            table.add_row(
                o.slug, f"{o.file.parent.name}/{o.file.name}", o.language or "?", o.expected,
                o.actual or "-", str(o.time_ms), f"[{style}]{o.status}[/] {o.note}"[:200],
            )  # fmt: skip
            shown += 1
    if shown:
        console.print(table)


def _print_findings(reports: list[Report]) -> None:
    for report in reports:
        for warning in report.warnings:
            err.print(
                f"[yellow]{report.slug}: warning:[/] {escape(warning)}",
                highlight=False,
                soft_wrap=True,
            )
        for issue in report.issues:
            # soft_wrap: no line breaks inside a message (its paths stay copyable whole)
            # escape: messages quote TOML tables ("[constraints]") that are not rich markup
            err.print(f"[red]{report.slug}:[/] {escape(issue)}", highlight=False, soft_wrap=True)


@app.command("import")
def import_problem(
    path: Annotated[Path, typer.Argument(exists=True, help="a Kattis package folder or .zip")],
    slug: Annotated[str | None, typer.Option(help="default: the package folder's name")] = None,
    replace: Annotated[bool, typer.Option(help="overwrite a problem with the same slug")] = False,
) -> None:
    """Import a Kattis/ICPC problem package into the data dir (served from the next start, or
    at once after an admin upload to a running server).

    Without a time limit in the package, it is measured here (this is the operator's machine):
    every submission is judged, accepted ones first, each one's verdict shown; submissions in
    languages codejudge does not have are skipped and listed."""
    from codejudge.judging.measurement import MeasurementFailed, Run
    from codejudge.judging.problems_check import measure_here
    from codejudge.problems.kattis import import_kattis

    logging.getLogger("codejudge.judging.grading").setLevel(logging.CRITICAL)
    settings = Settings()
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())  # fmt: skip
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("importing", total=None)

        def on_run(run: Run) -> None:
            if run.status != "skipped":
                progress.update(task, advance=1, description=f"{run.file}: {run.actual}")

        def measure(folder: Path) -> Any:
            return measure_here(
                folder, on_run=on_run, on_total=lambda n: progress.update(task, total=n)
            )

        try:
            result = import_kattis(path, settings.problems_dir, slug, measure=measure,
                                   replace=replace)  # fmt: skip
        except MeasurementFailed as e:
            progress.stop()
            print_runs(e.runs)
            err.print(f"[red]not imported:[/] {escape(str(e))}", highlight=False, soft_wrap=True)
            raise typer.Exit(2) from e
        except CodejudgeError as e:
            progress.stop()
            err.print(f"[red]not imported:[/] {escape(str(e))}", highlight=False, soft_wrap=True)
            raise typer.Exit(2) from e
    print_runs(result.runs)
    for warning in result.warnings:
        err.print(f"[yellow]warning:[/] {escape(warning)}", highlight=False, soft_wrap=True)
    console.print(
        f"imported [bold]{result.slug}[/] into {result.folder} "
        f"(time limit {result.time_ms} ms: {result.time_limit_from})"
    )


def print_runs(runs: list[Any]) -> None:
    """The measured submissions as a table: file, language, expected, actual, ms, status."""
    if not runs:
        return
    table = Table("submission", "language", "expected", "actual", "ms", "")
    for run in runs:
        style = {"ok": "green", "skipped": "yellow"}.get(run.status, "bold red")
        table.add_row(
            run.file, run.language or "-", run.expected, run.actual or "-",
            str(run.time_ms) if run.actual else "", f"[{style}]{run.status}[/] {run.note}"[:160],
        )  # fmt: skip
    console.print(table)

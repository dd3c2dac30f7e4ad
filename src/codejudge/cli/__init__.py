"""The ``codejudge`` command: serve, worker, submit, problems, keys. Each command builds the one
``Settings`` of its invocation (if it needs any) and passes it down."""

from __future__ import annotations

import typer

from codejudge.cli import keys, maintenance, problems, schedules, serve, submit

app = typer.Typer(help="codejudge: a LeetCode-style code judge.", no_args_is_help=True)
app.add_typer(problems.app, name="problems")
app.add_typer(keys.app, name="keys")
app.add_typer(maintenance.app, name="maintenance")
app.add_typer(schedules.app, name="schedules")
app.command()(serve.serve)
app.command()(serve.worker)
app.command()(submit.submit)

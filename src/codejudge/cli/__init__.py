"""The ``codejudge`` command: serve, worker, submit, problems, keys. Each command builds the one
``Settings`` of its invocation (if it needs any) and passes it down."""

from __future__ import annotations

import sys

import typer
from pydantic import ValidationError

from codejudge.cli import keys, maintenance, problems, schedules, serve, submit

# No local variables in a traceback: they include the Settings (the admin token, the database
# URL with its password), and tracebacks end up in logs.
app = typer.Typer(
    help="codejudge: a LeetCode-style code judge.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)
app.add_typer(problems.app, name="problems")
app.add_typer(keys.app, name="keys")
app.add_typer(maintenance.app, name="maintenance")
app.add_typer(schedules.app, name="schedules")
app.command()(serve.serve)
app.command()(serve.worker)
app.command()(submit.submit)


def main() -> None:
    """The ``codejudge`` command. A ``CODEJUDGE_*`` variable that does not parse is a usage
    error (exit 2) naming the variable and the rule, never a traceback (which would print the
    other settings, secrets included)."""
    try:
        app()
    except ValidationError as exc:
        for error in exc.errors(include_input=False, include_url=False):
            name = "_".join(str(part) for part in error["loc"]).upper()
            where = f"CODEJUDGE_{name}" if name else "the settings"
            print(f"codejudge: {where}: {error['msg']}", file=sys.stderr)
        print("Fix the environment variable(s) above and run the command again.", file=sys.stderr)
        raise SystemExit(2) from None

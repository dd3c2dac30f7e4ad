"""``codejudge submit``: send a file to a server, follow its progress, print the verdict."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer
from httpx_sse import connect_sse
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from codejudge.languages import EXTENSIONS

console = Console()
err = Console(stderr=True)


def submit(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
    problem: Annotated[str, typer.Option("--problem", "-p", help="problem slug")],
    language: Annotated[
        str | None, typer.Option("--language", "-l", help="language id (default: from extension)")
    ] = None,
    server: Annotated[
        str, typer.Option(envvar="CODEJUDGE_SERVER", help="the codejudge server")
    ] = "http://127.0.0.1:8000",
    timeout: Annotated[float, typer.Option(help="give up waiting after this many seconds")] = 300,
) -> None:
    """Submit FILE, follow its progress and print the verdict. Exit 0 only when accepted."""
    lang = language or EXTENSIONS.get(file.suffix.lower())
    if lang is None:
        err.print(f"[red]cannot tell the language of {file.name}[/]; pass --language")
        raise typer.Exit(2)
    body = {"problem": problem, "language": lang, "code": file.read_text()}
    try:
        with httpx.Client(base_url=server, timeout=timeout) as client:
            response = client.post("/api/v1/submissions", json=body)
            if response.status_code >= 400:
                err.print(f"[red]rejected ({response.status_code}):[/] {_detail(response)}")
                raise typer.Exit(2)
            sub_id = response.json()["id"]
            result = _follow(client, sub_id)
    except httpx.TransportError as exc:
        err.print(
            f"[red]cannot reach {server}[/] ({exc}). Is the server running? "
            "Start it with `make run` or `codejudge serve`, or pass --server."
        )
        raise typer.Exit(2) from exc
    _print_result(result)
    raise typer.Exit(0 if result.get("verdict") == "accepted" else 1)


def _detail(response: httpx.Response) -> str:
    try:
        detail = response.json().get("detail")
    except ValueError:
        return response.text
    return "; ".join(detail) if isinstance(detail, list) else str(detail)


def _follow(client: httpx.Client, sub_id: str) -> dict[str, Any]:
    """Show live progress from the event stream; return the finished submission."""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(f"{sub_id}: queued", total=None)
        with connect_sse(client, "GET", f"/api/v1/submissions/{sub_id}/events") as source:
            for event in source.iter_sse():
                data = json.loads(event.data) if event.data else {}
                if event.event == "running":
                    progress.update(task, description=f"{sub_id}: running")
                elif event.event == "test":
                    progress.update(
                        task,
                        advance=1,
                        description=f"{sub_id}: test {data['index']} {data['verdict']}",
                    )
                elif event.event == "finished":
                    finished: dict[str, Any] = data
                    return finished
    return dict(client.get(f"/api/v1/submissions/{sub_id}", params={"wait": 60}).json())


def _print_result(sub: dict[str, Any]) -> None:
    result = sub.get("result") or {}
    verdict = sub.get("verdict") or sub.get("status")
    color = "green" if verdict == "accepted" else "red"
    console.print(
        f"[bold {color}]{verdict}[/]  {result.get('passed', 0)}/{result.get('total', 0)}"
        f" tests  {result.get('time_ms', 0)} ms  {result.get('memory_kb', 0)} KiB"
    )
    if result.get("compile_output"):
        console.print(result["compile_output"], markup=False)
    tests = result.get("tests") or []
    if tests:
        table = Table("test", "verdict", "time (ms)", "memory (KiB)")
        for t in tests:
            table.add_row(str(t["index"]), t["verdict"], str(t["time_ms"]), str(t["memory_kb"]))
        console.print(table)
    failing = result.get("failing_test")
    if failing and not failing.get("hidden"):
        for key in ("input", "expected", "actual", "stdout", "message"):
            if failing.get(key):
                console.print(f"[bold]{key}:[/]")
                console.print(failing[key], markup=False)
    elif failing:
        console.print(f"failed on hidden test {failing['index']}")

"""``codejudge serve`` and ``codejudge worker``: the two long-running roles, wired by
``codejudge.runtime`` from the one ``Settings`` built here."""

from __future__ import annotations

import logging
import os
import signal
import threading
from types import FrameType
from typing import Annotated

import typer

from codejudge.settings import Settings


def _logging(verbose: bool = False) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


AUTOSCALE = typer.Option(
    metavar="MIN:MAX",
    help="grow and shrink the judging slots between MIN and MAX with the queue (at most "
    "CPUs x CODEJUDGE_AUTOSCALE_CPU_FACTOR); default: CODEJUDGE_AUTOSCALE",
)


def serve(
    host: Annotated[str | None, typer.Option(help="interface to bind")] = None,
    port: Annotated[int | None, typer.Option(help="port to listen on")] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            help="embedded judging workers per process (default: one per CPU; 0 = API only)"
        ),
    ] = None,
    processes: Annotated[
        int, typer.Option(min=1, help="API processes sharing the port (distributed mode)")
    ] = 1,
    autoscale: Annotated[str | None, AUTOSCALE] = None,
) -> None:
    """Serve the HTTP API (and, unless --workers 0, judge in an embedded worker pool)."""
    # Imported when the command runs, for start-up cost: FastAPI, SQLAlchemy, redis and
    # uvicorn take a second to import that `codejudge submit` and `problems` do not need.
    import uvicorn

    from codejudge import runtime

    settings = _settings(autoscale, workers, "--workers")
    _logging()
    host, port = host or settings.host, port or settings.port
    if processes == 1:
        app = runtime.create_app(settings, workers)
        uvicorn.run(app, host=host, port=port, log_level="info")
        return
    # K processes each import the app by name, so each is an edge that builds its own Settings
    # from its environment: the --workers override reaches them there, and only there.
    if workers is not None:
        os.environ["CODEJUDGE_WORKERS"] = str(workers)
    if autoscale is not None:
        os.environ["CODEJUDGE_AUTOSCALE"] = autoscale
    uvicorn.run(
        "codejudge.runtime:asgi_app",
        factory=True,
        host=host,
        port=port,
        workers=processes,
        log_level="info",
        # uvicorn restarts a process that has not answered its supervisor's ping within this
        # (default 5 s); a process importing the app on a loaded host takes longer than that,
        # and was killed and restarted forever without ever serving.
        timeout_worker_healthcheck=HEALTHCHECK_SECONDS,
    )


HEALTHCHECK_SECONDS = 60


def _settings(autoscale: str | None, fixed: int | None, fixed_flag: str) -> Settings:
    """The one ``Settings``, with ``--autoscale`` over ``CODEJUDGE_AUTOSCALE``; a usage error
    if it is malformed or given with a fixed slot count (``fixed_flag``)."""
    if autoscale is None:
        return Settings()
    if fixed is not None:
        raise typer.BadParameter(f"give either --autoscale or {fixed_flag}, not both")
    from codejudge.worker.autoscale import Bounds  # a small pure module: no judging code

    try:
        Bounds.parse(autoscale)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--autoscale") from exc
    return Settings(autoscale=autoscale)


def worker(
    concurrency: Annotated[
        int | None, typer.Option(help="jobs judged at once (default: one per CPU)")
    ] = None,
    autoscale: Annotated[str | None, AUTOSCALE] = None,
) -> None:
    """Run judging workers in the foreground until SIGTERM/SIGINT, then drain and exit."""
    from codejudge import runtime  # imported when the command runs, as in ``serve``

    settings = _settings(autoscale, concurrency, "--concurrency")
    _logging()
    stop = threading.Event()

    def on_signal(signum: int, _: FrameType | None) -> None:
        logging.getLogger("codejudge.worker").info(
            "%s: finishing running jobs, then exiting", signal.Signals(signum).name
        )
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    # No --concurrency: CODEJUDGE_AUTOSCALE's autoscaled pool if set, else one slot per CPU.
    with runtime.running(settings, workers=concurrency or None):
        stop.wait()

"""``codejudge serve`` and ``codejudge worker``: the two long-running roles, wired by
``codejudge.runtime`` from the one ``Settings`` built here."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
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
    with multiprocess_metrics():
        _run_processes(host, port, processes)


def _run_processes(host: str, port: int, processes: int) -> None:
    import uvicorn

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


@contextlib.contextmanager
def multiprocess_metrics() -> Iterator[Path]:
    """Prometheus multiprocess mode for the processes started inside: each writes its metrics
    to files in one directory that ``/metrics`` of any of them merges. The directory is
    ``PROMETHEUS_MULTIPROC_DIR`` when the operator sets it (emptied first: what an earlier run
    left would be counted again), else a new temporary one, removed on exit. Set here, before
    any of them imports prometheus-client, which reads it at import."""
    given = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    path = Path(given) if given else Path(tempfile.mkdtemp(prefix="codejudge-metrics-"))
    path.mkdir(parents=True, exist_ok=True)
    for stale in path.glob("*.db"):
        stale.unlink()
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(path)
    try:
        yield path
    finally:
        if not given:
            shutil.rmtree(path, ignore_errors=True)


def worker(
    concurrency: Annotated[
        int | None, typer.Option(help="jobs judged at once (default: one per CPU)")
    ] = None,
    autoscale: Annotated[str | None, AUTOSCALE] = None,
    metrics_port: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=65535,
            help="serve this process's Prometheus metrics on this port (GET /metrics)",
        ),
    ] = None,
    metrics_host: Annotated[str, typer.Option(help="interface for --metrics-port")] = "0.0.0.0",
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
    if metrics_port is not None:
        serve_worker_metrics(metrics_host, metrics_port)
    # No --concurrency: CODEJUDGE_AUTOSCALE's autoscaled pool if set, else one slot per CPU.
    with runtime.running(settings, workers=concurrency or None):
        stop.wait()


def serve_worker_metrics(host: str, port: int) -> None:
    """Expose this worker process's metrics (what its slots judged: queue wait, judging time,
    submissions by verdict, retries, sandbox starts; no cluster-wide gauges, which the API's
    ``/metrics`` has) over HTTP on a daemon thread: prometheus-client's own server, which
    answers any path, unauthenticated (bind it to a private interface)."""
    from prometheus_client import start_http_server

    from codejudge import metrics

    try:
        start_http_server(port, addr=host, registry=metrics.process_registry())
    except OSError as exc:  # taken, or an address this host does not have
        raise typer.BadParameter(
            f"cannot listen on {host}:{port} ({exc.strerror or exc}); choose another port",
            param_hint="--metrics-port",
        ) from None
    logging.getLogger("codejudge.worker").info("metrics on http://%s:%d/metrics", host, port)

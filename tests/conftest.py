"""Shared fixtures: a real ``codejudge serve`` process on a free port with its own data dir."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent

# No per-example deadline: the suite runs on 2 busy cores (pytest -n auto beside sandboxed
# compiles), where a 200 ms deadline fails examples for the machine's load, not the code's.
settings.register_profile("codejudge", deadline=None)
settings.load_profile("codejudge")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    url: str
    data_dir: Path
    proc: subprocess.Popen[bytes]
    log: Path

    def client(self, **kwargs: object) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=60, **kwargs)  # type: ignore[arg-type]


def codejudge_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CODEJUDGE_")}
    env.update({"CODEJUDGE_DATA_DIR": str(data_dir), **extra})
    return env


def start_server(data_dir: Path, workers: int, **extra: str) -> Server:
    port = free_port()
    log = data_dir / f"server-{port}.log"
    data_dir.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "codejudge.cli",
            "serve",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        env=codejudge_env(data_dir, **extra),
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text()[-3000:]}")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return Server(url, data_dir, proc, log)
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"server did not start: {log.read_text()[-3000:]}")


def stop_process(proc: subprocess.Popen[Any], grace: float = 30) -> None:
    """Stop a process started with ``start_new_session=True`` as its supervisor would: SIGTERM
    to its process group (it drains), SIGKILL to the group after ``grace`` seconds."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def stop_server(server: Server) -> None:
    if server.proc.poll() is None:
        server.proc.send_signal(signal.SIGTERM)
        try:
            server.proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(server.proc.pid, signal.SIGKILL)
            server.proc.wait()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One shared server with two embedded workers for the API tests of this test process."""
    srv = start_server(tmp_path_factory.mktemp("server"), workers=2)
    yield srv
    stop_server(srv)


@pytest.fixture
def server_factory(tmp_path: Path) -> Iterator[Callable[..., Server]]:
    started: list[Server] = []

    def make(workers: int = 1, **extra: str) -> Server:
        srv = start_server(tmp_path / f"data{len(started)}", workers, **extra)
        started.append(srv)
        return srv

    yield make
    for srv in started:
        stop_server(srv)


@pytest.fixture
def client(server: Server) -> Iterator[httpx.Client]:
    with server.client() as c:
        yield c

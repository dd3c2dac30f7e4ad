"""Real processes for the fault tests: a Redis server we can restart, a fresh PostgreSQL
database, API and worker processes of ``codejudge``. Bounded waits everywhere."""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psycopg
import redis

from tests.conftest import codejudge_env, free_port

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def ensure_postgres() -> None:
    try:
        psycopg.connect(PG_ADMIN, connect_timeout=3).close()
    except psycopg.OperationalError:
        version = sorted(os.listdir("/etc/postgresql"))[0]
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"], check=False
        )
        psycopg.connect(PG_ADMIN, connect_timeout=10).close()


class PgDatabase:
    """A fresh database for one test, dropped afterwards."""

    def __init__(self) -> None:
        ensure_postgres()
        self.name = f"codejudge_fault_{os.getpid()}_{secrets.token_hex(4)}"
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{self.name}"')
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{self.name}"

    def kill_backends(self) -> int:
        """Terminate every server process connected to this database (a PostgreSQL failover
        as the clients see it)."""
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            rows = conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                (self.name,),
            ).fetchall()
        return len(rows)

    def drop(self) -> None:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


class RedisServer:
    """Our own redis-server with AOF on, in a temp dir, restartable on the same port."""

    def __init__(self, directory: Path) -> None:
        self.dir = directory
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.proc = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.dir),
             "--appendonly", "yes", "--appendfsync", "everysec", "--save", "",
             "--maxmemory-policy", "noeviction"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        client = redis.Redis(port=self.port)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if client.ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def restart(self) -> float:
        """SIGKILL it (losing at most the last second of writes) and start it again; returns
        how long Redis was away."""
        t0 = time.monotonic()
        assert self.proc is not None
        self.proc.kill()
        self.proc.wait()
        self.start()
        return time.monotonic() - t0

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


@dataclass
class Cluster:
    data_dir: Path
    env: dict[str, str]
    apis: list[str] = field(default_factory=list)
    api_procs: list[subprocess.Popen[bytes]] = field(default_factory=list)
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def start_api(self) -> str:
        port = free_port()
        log = (self.data_dir / f"api-{port}.log").open("wb")
        proc = subprocess.Popen(
            [sys.executable, "-m", "codejudge.cli", "serve", "--workers", "0", "--port", str(port)],
            env=self.env, stdout=log, stderr=log, start_new_session=True,
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                    self.apis.append(url)
                    self.api_procs.append(proc)
                    return url
            except httpx.TransportError:
                time.sleep(0.1)
        raise RuntimeError(f"API did not start; see {log.name}")

    def start_worker(self) -> subprocess.Popen[bytes]:
        log = (self.data_dir / f"worker-{len(self.workers)}.log").open("wb")
        proc = subprocess.Popen(
            [sys.executable, "-m", "codejudge.cli", "worker", "--concurrency", "1"],
            env=self.env, stdout=log, stderr=log, start_new_session=True,
        )  # fmt: skip
        self.workers.append(proc)
        return proc

    def live_workers(self) -> list[subprocess.Popen[bytes]]:
        return [w for w in self.workers if w.poll() is None]

    def stop(self) -> None:
        for proc in self.api_procs + self.workers:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGCONT)
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def cluster_env(data_dir: Path, database_url: str, queue_url: str, **extra: str) -> dict[str, str]:
    return codejudge_env(
        data_dir,
        CODEJUDGE_DATABASE_URL=database_url,
        CODEJUDGE_QUEUE_URL=queue_url,
        **extra,
    )

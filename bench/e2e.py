"""End-to-end benchmark: submissions through the real HTTP API, queue, workers and sandbox.

Prints throughput (submissions/s) and submit→verdict latency p50/p95/p99 next to a baseline
measured in the same run: the same accepted solutions executed directly with python3 on the
same tests, with the same parallelism, and no queue and no sandbox.

    make bench            # or: .venv/bin/python bench/e2e.py --submissions 60 --workers 2
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

import httpx
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from codejudge.models import Problem, ProblemKind, Verdict
from codejudge.problems import BUNDLED_DIR, load_problem, solutions

console = Console()
PYTHON = "/usr/bin/python3"

# Runs a function-problem solution on every test's arguments, in-process, like the judge does.
DIRECT_DRIVER = """
import json, sys
from typing import *
src, fn, inplace = sys.argv[1], sys.argv[2], sys.argv[3]
ns = {"__name__": "solution"}
exec(compile("from typing import *\\n" + open(src).read(), src, "exec"), ns)
target = getattr(ns["Solution"](), fn) if "Solution" in ns else ns[fn]
out = []
for line in sys.stdin:
    args = json.loads(line)
    value = target(*args)
    out.append(args[int(inplace)] if inplace != "-" else value)
print(json.dumps(out))
"""


def workload() -> list[tuple[Problem, Path]]:
    """One accepted Python solution per bundled problem."""
    items = []
    for folder in sorted(p for p in BUNDLED_DIR.iterdir() if (p / "problem.toml").exists()):
        problem = load_problem(folder)
        if problem.signature and any(
            "Node" in t
            for t in (problem.signature.returns, *(p.type for p in problem.signature.params))
        ):
            continue  # the direct baseline's minimal driver has no ListNode/TreeNode
        for verdict, path in solutions(folder):
            if verdict is Verdict.ACCEPTED and path.suffix == ".py":
                items.append((problem, path))
                break
    return items


def run_direct(problem: Problem, source: Path) -> float:
    """Seconds to run ``source`` on all of ``problem``'s tests without sandbox or queue."""
    start = time.perf_counter()
    if problem.kind is ProblemKind.STDIO:
        for test in problem.tests:
            subprocess.run(
                [PYTHON, str(source)], input=test.input.encode(), check=True, capture_output=True
            )
    else:
        sig = problem.signature
        assert sig is not None
        inplace = "-"
        if sig.inplace:
            inplace = str([p.name for p in sig.params].index(sig.inplace))
        stdin = "".join(t.input.replace("\n", " ") + "\n" for t in problem.tests)
        subprocess.run(
            [PYTHON, "-c", DIRECT_DRIVER, str(source), sig.function, inplace],
            input=stdin.encode(),
            check=True,
            capture_output=True,
        )
    return time.perf_counter() - start


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _spawn(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "codejudge.cli", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),
        start_new_session=True,
    )


def _wait_healthy(url: str, log: Path) -> None:
    for _ in range(300):
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise SystemExit(f"server did not start; see {log}")


def _wait_selftests(url: str, processes: int, timeout: float = 600.0) -> None:
    """Wait until ``processes`` worker processes report their language self-tests: each
    compiles eight programs at a low priority when it starts (the data dir is new, so nothing
    is cached), and measuring while they run measures them too."""
    deadline = time.monotonic() + timeout
    with console.status("waiting for the workers' language self-tests"):
        while time.monotonic() < deadline:
            # The operator dashboard lists each live worker with the languages it passed (a
            # local client needs no admin token).
            answer = httpx.get(f"{url}/api/v1/admin/dashboard", timeout=5).json()
            workers = answer.get("workers", [])
            if len(workers) >= processes and all(w["languages"] for w in workers):
                return
            time.sleep(0.5)
    raise SystemExit(f"the workers did not finish their self-tests in {timeout:g} s")


@contextlib.contextmanager
def deployment(mode: str, workers: int, data_dir: Path) -> Iterator[str]:
    """Start codejudge in ``mode`` and yield its URL. embedded: one ``serve`` with its pool.
    distributed: a Redis server (AOF) and a fresh PostgreSQL database, ``serve --workers 0``
    and ``workers`` separate ``codejudge worker`` processes."""
    port = free_port()
    env = {**os.environ, "CODEJUDGE_DATA_DIR": str(data_dir)}
    procs: list[subprocess.Popen[bytes]] = []
    cleanup: list[Callable[[], None]] = []
    try:
        if mode == "embedded":
            procs.append(_spawn(["serve", "--port", str(port), "--workers", str(workers)], env,
                                data_dir / "server.log"))  # fmt: skip
        else:
            env["CODEJUDGE_QUEUE_URL"] = _start_redis(data_dir, cleanup)
            env["CODEJUDGE_DATABASE_URL"] = _create_database(cleanup)
            procs.append(_spawn(["serve", "--port", str(port), "--workers", "0"], env,
                                data_dir / "server.log"))  # fmt: skip
            for i in range(workers):
                procs.append(_spawn(["worker", "--concurrency", "1"], env,
                                    data_dir / f"worker{i}.log"))  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        _wait_healthy(url, data_dir / "server.log")
        _wait_selftests(url, 1 if mode == "embedded" else workers)
        yield url
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            proc.wait(60)
        for undo in reversed(cleanup):
            undo()


def _start_redis(data_dir: Path, cleanup: list[Callable[[], None]]) -> str:
    port = free_port()
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--dir", str(data_dir),
         "--appendonly", "yes", "--save", "", "--maxmemory-policy", "noeviction"],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip

    def stop() -> None:
        proc.kill()
        proc.wait()

    cleanup.append(stop)
    for _ in range(100):
        if (
            subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True).returncode
            == 0
        ):
            break
        time.sleep(0.05)
    return f"redis://127.0.0.1:{port}/0"


def _create_database(cleanup: list[Callable[[], None]]) -> str:
    import psycopg

    admin = "postgresql://postgres@127.0.0.1:5432/postgres"
    name = f"codejudge_bench_{os.getpid()}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    cleanup.append(drop)
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def run_judge(
    url: str, jobs: list[tuple[Problem, Path]], progress: Callable[[], None]
) -> tuple[float, list[float], dict[str, int]]:
    verdicts: dict[str, int] = {}
    with httpx.Client(base_url=url, timeout=120) as client:
        start = time.perf_counter()
        submitted = []
        for problem, source in jobs:
            body = {"problem": problem.slug, "language": "python", "code": source.read_text()}
            t0 = time.perf_counter()
            response = client.post("/api/v1/submissions", json=body)
            response.raise_for_status()
            submitted.append((response.json()["id"], t0))
        latencies = []
        for sub_id, _ in submitted:
            while True:
                sub = client.get(f"/api/v1/submissions/{sub_id}", params={"wait": 30}).json()
                if sub["status"] == "finished":
                    break
            # server-side timestamps: queued → finished, independent of our polling order
            queued = sub["queued_at"]
            finished = sub["finished_at"]
            latencies.append(_seconds_between(queued, finished))
            verdicts[sub["verdict"]] = verdicts.get(sub["verdict"], 0) + 1
            progress()
        elapsed = time.perf_counter() - start
    return elapsed, latencies, verdicts


def _seconds_between(a: str, b: str) -> float:
    from datetime import datetime

    return (datetime.fromisoformat(b) - datetime.fromisoformat(a)).total_seconds()


def run_baseline(jobs: list[tuple[Problem, Path]], workers: int) -> tuple[float, list[float]]:
    start = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        latencies = list(pool.map(lambda job: run_direct(*job), jobs))
    return time.perf_counter() - start, latencies


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def run_serial(url: str, jobs: list[tuple[Problem, Path]]) -> tuple[list[float], dict[str, int]]:
    """Submit→verdict latency with nothing else in flight (client clock, ?wait long-poll)."""
    verdicts: dict[str, int] = {}
    latencies = []
    with httpx.Client(base_url=url, timeout=120) as client:
        for problem, source in jobs:
            body = {"problem": problem.slug, "language": "python", "code": source.read_text()}
            t0 = time.perf_counter()
            sub = client.post("/api/v1/submissions", params={"wait": 60}, json=body).json()
            latencies.append(time.perf_counter() - t0)
            verdicts[sub["verdict"]] = verdicts.get(sub["verdict"], 0) + 1
    return latencies, verdicts


def row(table: Table, mode: str, count: int, elapsed: float, lat: list[float], base: float) -> None:
    rate = count / elapsed
    table.add_row(
        mode,
        f"{rate:.1f}",
        f"{pct(lat, 0.5):.0f}",
        f"{pct(lat, 0.95):.0f}",
        f"{pct(lat, 0.99):.0f}",
        f"{rate / base:.2f}" if base else "1.00",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--submissions", type=int, default=60)
    parser.add_argument("--serial", type=int, default=20, help="one-at-a-time submissions")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--modes", default="embedded,distributed")
    args = parser.parse_args()
    kinds = workload()
    jobs = [kinds[i % len(kinds)] for i in range(args.submissions)]
    serial_jobs = [kinds[i % len(kinds)] for i in range(args.serial)]

    console.print(f"{len(jobs)} submissions over {len(kinds)} problems, {args.workers} workers")
    base_elapsed, base_lat = run_baseline(jobs, args.workers)
    base_serial_elapsed, base_serial = run_baseline(serial_jobs, 1)
    base_serial_rate = len(serial_jobs) / base_serial_elapsed
    base_rate = len(jobs) / base_elapsed

    table = Table(title="end to end vs direct python3, same run")
    for col in ("scenario", "subs/s", "p50 ms", "p95 ms", "p99 ms", "ratio"):
        table.add_column(col, justify="right")
    row(table, "one at a time: direct python3", len(serial_jobs), base_serial_elapsed,
        base_serial, 0)  # fmt: skip
    row(table, f"burst of {len(jobs)}: direct python3 x{args.workers}", len(jobs), base_elapsed,
        base_lat, 0)  # fmt: skip
    verdicts: dict[str, int] = {}
    for mode in args.modes.split(","):
        with (
            tempfile.TemporaryDirectory(prefix="codejudge-bench-") as tmp,
            deployment(mode, args.workers, Path(tmp)) as url,
            Progress(console=console, transient=True) as bar,
        ):
            serial_start = time.perf_counter()
            serial_lat, serial_verdicts = run_serial(url, serial_jobs)
            serial_elapsed = time.perf_counter() - serial_start
            task = bar.add_task(f"judging ({mode})", total=len(jobs))
            elapsed, lat, burst = run_judge(url, jobs, partial(bar.advance, task))
        for verdict, n in [*serial_verdicts.items(), *burst.items()]:
            verdicts[verdict] = verdicts.get(verdict, 0) + n
        row(table, f"one at a time: codejudge {mode}", len(serial_jobs), serial_elapsed,
            serial_lat, base_serial_rate)  # fmt: skip
        row(table, f"burst of {len(jobs)}: codejudge {mode}", len(jobs), elapsed, lat,
            base_rate)  # fmt: skip
    console.print(table)
    console.print(
        "latency: one at a time = client submit→verdict; burst = server queued_at→finished_at "
        "(includes waiting in the queue). ratio = throughput / baseline throughput."
    )
    console.print(f"verdicts: {json.dumps(verdicts)}")
    if set(verdicts) != {"accepted"}:
        raise SystemExit("some reference solutions were not accepted: the benchmark is invalid")


if __name__ == "__main__":
    main()

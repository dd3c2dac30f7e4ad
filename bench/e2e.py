"""End-to-end benchmark: submissions through the real HTTP API, queue, workers and sandbox.

Prints throughput (submissions/s) and submit→verdict latency p50/p95/p99 next to a baseline
measured in the same run: the same accepted solutions executed directly with python3 on the
same tests, with the same parallelism, and no queue and no sandbox.

    make bench            # or: .venv/bin/python bench/e2e.py --submissions 60 --workers 2
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
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


def start_server(workers: int, data_dir: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "CODEJUDGE_DATA_DIR": str(data_dir)}
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
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(data_dir / "server.log", "wb"),  # noqa: SIM115 - the server owns it
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return proc, url
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit(f"server did not start; see {data_dir / 'server.log'}")


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
    args = parser.parse_args()
    kinds = workload()
    jobs = [kinds[i % len(kinds)] for i in range(args.submissions)]
    serial_jobs = [kinds[i % len(kinds)] for i in range(args.serial)]

    console.print(f"{len(jobs)} submissions over {len(kinds)} problems, {args.workers} workers")
    base_elapsed, base_lat = run_baseline(jobs, args.workers)
    base_serial_elapsed, base_serial = run_baseline(serial_jobs, 1)
    with tempfile.TemporaryDirectory(prefix="codejudge-bench-") as tmp:
        proc, url = start_server(args.workers, Path(tmp))
        try:
            serial_start = time.perf_counter()
            serial_lat, verdicts = run_serial(url, serial_jobs)
            serial_elapsed = time.perf_counter() - serial_start
            with Progress(console=console, transient=True) as bar:
                task = bar.add_task("judging", total=len(jobs))
                elapsed, lat, burst_verdicts = run_judge(url, jobs, lambda: bar.advance(task))
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(60)
    for verdict, n in burst_verdicts.items():
        verdicts[verdict] = verdicts.get(verdict, 0) + n

    table = Table(title="end to end (embedded mode) vs direct python3, same run")
    for col in ("scenario", "subs/s", "p50 ms", "p95 ms", "p99 ms", "ratio"):
        table.add_column(col, justify="right")
    base_serial_rate = len(serial_jobs) / base_serial_elapsed
    base_rate = len(jobs) / base_elapsed
    row(
        table,
        "one at a time: direct python3",
        len(serial_jobs),
        base_serial_elapsed,
        base_serial,
        0,
    )
    row(
        table,
        "one at a time: codejudge",
        len(serial_jobs),
        serial_elapsed,
        serial_lat,
        base_serial_rate,
    )
    row(
        table,
        f"burst of {len(jobs)}: direct python3 x{args.workers}",
        len(jobs),
        base_elapsed,
        base_lat,
        0,
    )
    row(table, f"burst of {len(jobs)}: codejudge", len(jobs), elapsed, lat, base_rate)
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

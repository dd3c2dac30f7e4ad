"""Sandbox overhead: wall time per run, sandboxed vs bare fork+exec, measured in the same run.

    .venv/bin/python bench/sandbox.py [--runs 200]

Programs: a trivial C program (``int main(void){return 0;}``, built here with gcc) and
``python3 -c pass``, back to back and 50 ms apart (as a judge starts boxes: the CPUs idle in
between, and some costs only show then). "bare" is subprocess's vfork+exec+wait of the same
program; the sandboxed
rows are ``Sandbox.run`` end to end (cgroup created and removed, spawner, bwrap, seccomp). The
"no spawner, no cgroups" row is how boxes were started before the spawner helper: Popen with
``user=`` (a full fork of the judge) straight into bwrap. "pre-started" is how the judge runs
a stdio problem's tests: each box was set up while the previous run ran (``Sandbox.prepare``),
and each run sets up the next box (that set-up is inside the timed run, in the host's time).
"""

from __future__ import annotations

import argparse
import functools
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from codejudge.sandbox import InputFile, Prepared, RunLimits, Sandbox, open_sandbox

LIMITS = RunLimits(cpu_ms=2000, wall_ms=5000)


def timed(run: Callable[[], object], runs: int, gap_s: float = 0.0) -> float:
    """Median wall time of ``run`` in milliseconds (after a few warm-up runs), each run
    ``gap_s`` after the previous one ended."""
    for _ in range(5):
        run()
    samples = []
    for _ in range(runs):
        time.sleep(gap_s)
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


class Prestarted:
    """Runs as the judge runs a stdio problem's tests: each box was set up (``prepare``) while
    the previous one ran, and each run sets up the next one. A call is one run: go, set up the
    next box, wait for the end."""

    def __init__(self, box: Sandbox, command: list[str], files: list[InputFile]) -> None:
        self.box, self.command, self.files = box, command, files
        self.next = self.prepare()

    def prepare(self) -> Prepared:
        return self.box.prepare(self.command, limits=LIMITS, files=self.files)

    def __call__(self) -> None:
        current, self.next = self.next, None  # type: ignore[assignment]
        with current:
            started = current.go()
            self.next = self.prepare()
            started.wait(wall_deadline=time.monotonic() + 5, cpu_deadline_ms=LIMITS.cpu_ms)

    def close(self) -> None:
        self.next.close()


def build_c(folder: Path) -> Path:
    source, binary = folder / "true.c", folder / "true"
    source.write_text("int main(void) { return 0; }\n")
    subprocess.run(["gcc", "-O2", "-o", str(binary), str(source)], check=True)
    return binary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        binary = build_c(Path(tmp))
        program = InputFile("/box/true", binary.read_bytes(), mode=0o555)
        configs = {
            "sandbox": open_sandbox(),
            "sandbox, no spawner, no cgroups": open_sandbox(cgroups="none", spawner=False),
        }
        for box in configs.values():
            box.check()
        python = ["/usr/bin/python3", "-c", "pass"]
        workloads: dict[str, tuple[list[str], list[str], list[InputFile]]] = {
            "trivial C program": ([str(binary)], ["/box/true"], [program]),
            "python3 -c pass": (python, python, []),
        }
        version = configs["sandbox"].cgroup_version or "no"
        print(f"{version} cgroups; median of {args.runs} runs")
        print("| run | config | pace | sandboxed ms | bare ms | ratio | added ms |")
        print("|---|---|---|---:|---:|---:|---:|")
        # Back to back, and as a judge sees them: one run now and then, the CPUs idle between.
        paces = {"back to back": (0.0, args.runs), "50 ms apart": (0.05, max(args.runs // 4, 10))}
        for name, (bare_cmd, box_cmd, files) in workloads.items():
            for pace, (gap, runs) in paces.items():
                bare = timed(functools.partial(subprocess.run, bare_cmd, check=True), runs, gap)
                for label, box in configs.items():
                    sandboxed = timed(
                        functools.partial(box.run, box_cmd, limits=LIMITS, files=files), runs, gap
                    )
                    row(name, label, pace, sandboxed, bare)
                prestarted = Prestarted(configs["sandbox"], box_cmd, files)
                row(name, "sandbox, pre-started", pace, timed(prestarted, runs, gap), bare)
                prestarted.close()


def row(name: str, label: str, pace: str, sandboxed: float, bare: float) -> None:
    print(
        f"| {name} | {label} | {pace} | {sandboxed:.1f} | {bare:.1f} | "
        f"{sandboxed / bare:.1f} | {sandboxed - bare:.1f} |"
    )


if __name__ == "__main__":
    main()

"""Sandbox overhead: wall time per run, sandboxed vs bare fork+exec, measured in the same run.

    .venv/bin/python bench/sandbox.py [--runs 200]

Programs: a trivial C program (``int main(void){return 0;}``, built here with gcc) and
``python3 -c pass``. "bare" is subprocess's vfork+exec+wait of the same program; the sandboxed
rows are ``Sandbox.run`` end to end (cgroup created and removed, bwrap, prlimit, seccomp). The
"no spawner, no cgroups" row is how boxes were started before the spawner helper: Popen with
``user=`` (a full fork of the judge) straight into bwrap.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from codejudge.sandbox import InputFile, RunLimits, Sandbox

LIMITS = RunLimits(cpu_ms=2000, wall_ms=5000)


def timed(run: Callable[[], object], runs: int) -> float:
    """Median wall time of ``run`` in milliseconds (after a few warm-up runs)."""
    for _ in range(5):
        run()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


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
            "sandbox": Sandbox(),
            "sandbox, no spawner, no cgroups": Sandbox(cgroups="none", spawner=False),
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
        print("| run | config | sandboxed ms | bare ms | ratio | added ms |")
        print("|---|---|---:|---:|---:|---:|")
        for name, (bare_cmd, box_cmd, files) in workloads.items():
            bare = timed(lambda c=bare_cmd: subprocess.run(c, check=True), args.runs)
            for label, box in configs.items():
                sandboxed = timed(
                    lambda b=box, c=box_cmd, f=files: b.run(c, limits=LIMITS, files=f), args.runs
                )
                print(
                    f"| {name} | {label} | {sandboxed:.1f} | {bare:.1f} | "
                    f"{sandboxed / bare:.1f} | {sandboxed - bare:.1f} |"
                )


if __name__ == "__main__":
    main()

"""The judging child: a long-lived process that judges one job at a time for its supervisor.

It is a separate process so that a crash, a hang or a memory blow-up while judging costs one
attempt, never the supervisor (rq's "work horse"). It reads job requests on stdin and writes
progress and the result on stdout (``worker.protocol``); it never touches the queue or the store.
"""

from __future__ import annotations

import ctypes
import dataclasses
import os
import signal
import sys
from pathlib import Path

from codejudge.exceptions import NotFound, ProblemFormatError
from codejudge.judging import custom, grading
from codejudge.models import ADHOC_PROBLEM, JudgeResult, Problem, TestResult, Verdict
from codejudge.problems import load_problem
from codejudge.problems.problem_set import ProblemSet
from codejudge.sandbox import starts
from codejudge.worker import protocol

_PR_SET_PDEATHSIG = 1


def _write(out: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(out, view) :]


class Problems:
    """Problems read one at a time, when a job needs them, and read again when their files
    change (an import or an admin update): the child starts fast and holds only what it
    judges (``ProblemSet.fresh``; hidden tests kept for a few problems only). Later dirs win,
    as in ``load_problem_set``."""

    def __init__(self, dirs: list[Path], keep: int = 8) -> None:
        self.dirs = dirs
        self._set = ProblemSet({}, keep_tests=keep)

    def get(self, slug: str) -> Problem:
        problem = self._set.fresh(slug, *self.dirs)
        # Read every test now, not on first use: judging needs them all, and a broken one is
        # then a load error (an internal-error result) before anything runs.
        tuple(problem.tests)
        return problem

    def samples_of(self, slug: str) -> Problem:
        """``slug`` as a run judges it: its sample tests only (the hidden ones are not even
        read), every one run even after a failure, so each sample shows its output."""
        problem = self._set.fresh(slug, *self.dirs)
        return dataclasses.replace(problem, tests=problem.samples, run_all_tests=True)

    def package_of(self, slug: str) -> tuple[Problem, Path]:
        """``slug`` as served (its tests not read) and its package folder: what a run on
        custom input needs (the signature, constraints, checker and reference solutions)."""
        problem = self._set.fresh(slug, *self.dirs)
        return problem, self._set.folder(slug)


def serve(dirs: list[Path], inp: int = 0, out: int = 1) -> None:
    problems = Problems(dirs)
    box_starts: list[float] = []
    stop_listening = starts.listen(box_starts.append)
    _write(out, protocol.encode({"type": "ready"}))
    try:
        with os.fdopen(inp, "rb", buffering=0, closefd=False) as stream:
            for line in iter(stream.readline, b""):
                request = protocol.JobRequest.decode(line)
                result = _judge(problems, request, out)
                # The job's box start times, for the supervisor's metrics (this process
                # records none: it may be killed at any moment, and has no endpoint).
                _write(out, observe_message(box_starts))
                box_starts.clear()
                _write(out, protocol.result_message(request.job, result))
    finally:
        stop_listening()


def observe_message(box_starts: list[float]) -> bytes:
    """``{"type": "observe", "sandbox_start_seconds": [...]}``: what the supervisor records
    (``JudgeChild.read`` takes it; it never reaches the job runner)."""
    return protocol.encode({"type": "observe", "sandbox_start_seconds": box_starts})


def _judge(problems: Problems, request: protocol.JobRequest, out: int) -> JudgeResult:
    def on_test(test: TestResult) -> None:
        _write(out, protocol.test_message(request.job, test))

    if request.custom is not None and request.problem == ADHOC_PROBLEM:
        return custom.judge_adhoc(request.language, request.code, request.custom, on_test=on_test)
    try:
        if request.custom is not None:
            problem, folder = problems.package_of(request.problem)
            return custom.judge_custom_run(
                problem, folder, request.language, request.code, request.custom, on_test=on_test
            )
        problem = _problem(problems, request)
    except (NotFound, ProblemFormatError) as exc:
        return JudgeResult(verdict=Verdict.INTERNAL_ERROR, error=str(exc))
    return grading.judge(problem, request.language, request.code, on_test=on_test)


def _problem(problems: Problems, request: protocol.JobRequest) -> Problem:
    if request.package:  # a measurement job's package is not served yet: its folder is named
        return load_problem(Path(request.package))
    if request.samples_only:
        return problems.samples_of(request.problem)
    return problems.get(request.problem)


def _die_with_supervisor() -> None:
    """Ask the kernel to SIGKILL us when the supervisor thread that started us dies, so a
    SIGKILLed worker leaves no judging child (and no box) running on its own."""
    supervisor = os.getppid()
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != supervisor:  # it died before prctl took effect
        os._exit(1)


def main() -> None:
    _die_with_supervisor()
    # stdout is the protocol channel: anything else printing to it would corrupt it.
    out = os.dup(1)
    os.dup2(2, 1)
    serve([Path(p) for p in sys.argv[1:]], inp=0, out=out)


if __name__ == "__main__":
    main()

"""Messages between the worker supervisor and its judging child: one JSON object per line.

supervisor → child: ``{"job": id, "problem": slug, "language": id, "code": text, "package": path,
"samples_only": bool, "custom": {...}}`` (``package``, optional: judge against the package folder
at that path, not the served problem ``slug``: a problem measurement job's not yet published
package; ``samples_only``, optional: a run, judged on the problem's sample tests only, every one
of them; ``custom``, optional: a ``CustomInput.to_dict()``, the caller's one test instead: a
run's custom input on problem ``slug``, or with ``problem`` = ``ADHOC_PROBLEM`` (""), an ad hoc
submission's stdin)
child → supervisor: ``{"type": "ready"}`` once at start, then per job any number of
``{"type": "test", "job": id, "test": {...}}`` (a ``TestResult``: a sample's row carries its
input, expected and actual output), one ``{"type": "observe", "sandbox_start_seconds": [...]}``
(its boxes' start times, recorded by ``JudgeChild.read``) and exactly one ``{"type": "result",
"job": id, "result": {...}}``.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import Any

from codejudge.models import CustomInput, JudgeResult, TestResult


@dataclass(frozen=True, slots=True)
class JobRequest:
    job: str
    problem: str
    language: str
    code: str
    package: str = ""
    # A run: the sample tests only, all run.
    samples_only: bool = False
    # The caller's own test instead (the child builds it: ``judging.custom``).
    custom: CustomInput | None = None

    def encode(self) -> bytes:
        data = dataclasses.asdict(self)
        data["custom"] = None if self.custom is None else self.custom.to_dict()
        return encode(data)

    @classmethod
    def decode(cls, line: bytes) -> JobRequest:
        data = json.loads(line)
        return cls(
            job=data["job"],
            problem=data["problem"],
            language=data["language"],
            code=data["code"],
            package=data.get("package", ""),
            samples_only=bool(data.get("samples_only", False)),
            custom=CustomInput.from_dict(custom) if (custom := data.get("custom")) else None,
        )


def encode(message: dict[str, Any]) -> bytes:
    return (json.dumps(message, separators=(",", ":")) + "\n").encode()


def test_message(job: str, test: TestResult) -> bytes:
    """A finished test's row; the texts a hidden test's row never has are left out."""
    row = {k: v for k, v in dataclasses.asdict(test).items() if v is not None}
    return encode({"type": "test", "job": job, "test": row})


def result_message(job: str, result: JudgeResult) -> bytes:
    return encode({"type": "result", "job": job, "result": result.to_dict()})


def parse_test(data: dict[str, Any]) -> TestResult:
    return TestResult.from_dict(data)

"""Messages between the worker supervisor and its judging child: one JSON object per line.

supervisor → child: ``{"job": id, "problem": slug, "language": id, "code": text, "package": path,
"samples_only": bool}`` (``package``, optional: judge against the package folder at that path,
not the served problem ``slug``: a problem measurement job's not yet published package;
``samples_only``, optional: a run, judged on the problem's sample tests only, every one of them)
child → supervisor: ``{"type": "ready"}`` once at start, then per job any number of
``{"type": "test", "job": id, "test": {...}}`` (a ``TestResult``: a sample's row carries its
input, expected and actual output) and exactly one ``{"type": "result", "job": id, "result":
{...}}``.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import Any

from codejudge.models import JudgeResult, TestResult


@dataclass(frozen=True, slots=True)
class JobRequest:
    job: str
    problem: str
    language: str
    code: str
    package: str = ""
    # A run: the sample tests only, all run. (Custom input, issue 13, will be one more field
    # here: the tests the child builds from it instead of the samples.)
    samples_only: bool = False

    def encode(self) -> bytes:
        return encode(dataclasses.asdict(self))

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

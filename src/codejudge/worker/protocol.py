"""Messages between the worker supervisor and its judging child: one JSON object per line.

supervisor → child: ``{"job": id, "problem": slug, "language": id, "code": text, "package": path}``
(``package``, optional: judge against the package folder at that path, not the served problem
``slug``: a problem measurement job's not yet published package)
child → supervisor: ``{"type": "ready"}`` once at start, then per job any number of
``{"type": "test", "job": id, "test": {...}}`` and exactly one
``{"type": "result", "job": id, "result": {...}}``.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import Any

from codejudge.models import JudgeResult, TestResult, Verdict


@dataclass(frozen=True, slots=True)
class JobRequest:
    job: str
    problem: str
    language: str
    code: str
    package: str = ""

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
        )


def encode(message: dict[str, Any]) -> bytes:
    return (json.dumps(message, separators=(",", ":")) + "\n").encode()


def test_message(job: str, test: TestResult) -> bytes:
    return encode(
        {
            "type": "test",
            "job": job,
            "test": {
                "index": test.index,
                "verdict": str(test.verdict),
                "time_ms": test.time_ms,
                "memory_kb": test.memory_kb,
            },
        }
    )


def result_message(job: str, result: JudgeResult) -> bytes:
    return encode({"type": "result", "job": job, "result": result.to_dict()})


def parse_test(data: dict[str, Any]) -> TestResult:
    return TestResult(
        index=int(data["index"]),
        verdict=Verdict(data["verdict"]),
        time_ms=int(data.get("time_ms", 0)),
        memory_kb=int(data.get("memory_kb", 0)),
    )

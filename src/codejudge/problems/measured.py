"""What measuring an imported Kattis package found: each submission's run and the derived time
limit. Pure data, shared by the importer (``kattis.py``) and the measuring (``judging``)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from codejudge.models import Verdict


@dataclass(frozen=True, slots=True)
class Run:
    """One submission: the verdict its folder names and the one it got (None: skipped)."""

    file: str  # relative to solutions/: "accepted/different.c"
    language: str | None
    expected: Verdict
    actual: Verdict | None = None
    time_ms: int = 0
    note: str = ""  # why skipped; compile output or error detail

    @property
    def status(self) -> str:
        """ "skipped", "ok" (got what its folder says) or "MISMATCH"."""
        if self.actual is None:
            return "skipped"
        return "ok" if self.actual is self.expected else "MISMATCH"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"status": self.status}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Run:
        actual = data.get("actual")
        return cls(
            file=str(data["file"]),
            language=data.get("language"),
            expected=Verdict(data["expected"]),
            actual=Verdict(actual) if actual else None,
            time_ms=int(data.get("time_ms", 0)),
            note=str(data.get("note", "")),
        )


@dataclass
class Measurement:
    """The derived limit (ms), where it came from, every submission's run, and warnings."""

    time_ms: int
    source: str
    runs: list[Run] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

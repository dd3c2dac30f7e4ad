"""The golden suite: every bundled solution, judged for real, gets the verdict its folder names.

Adding a case is adding a file under ``problems/bundled/<slug>/solutions/<verdict>/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from codejudge import grading
from codejudge.models import Verdict
from codejudge.problems import BUNDLED_DIR, load_problem, solutions

EXTENSIONS = {
    ".py": "python",
    ".c": "c",
    ".cpp": "cpp",
    ".java": "java",
    ".js": "javascript",
    ".ts": "typescript",
    ".go": "go",
    ".rs": "rust",
}


def cases() -> list[tuple[Path, Verdict, Path]]:
    found = []
    for folder in sorted(BUNDLED_DIR.iterdir()):
        if (folder / "problem.toml").exists():
            found += [(folder, v, path) for v, path in solutions(folder)]
    return found


@pytest.mark.timeout(120)
@pytest.mark.parametrize(
    ("folder", "expected", "source"),
    [c for c in cases() if c[2].suffix in EXTENSIONS],
    ids=lambda x: x.name if isinstance(x, Path) else str(x),
)
def test_bundled_solution_gets_its_verdict(folder: Path, expected: Verdict, source: Path) -> None:
    problem = load_problem(folder)
    result = grading.judge(problem, EXTENSIONS[source.suffix], source.read_text())
    assert result.verdict is expected, result
    if expected is Verdict.ACCEPTED:
        assert result.passed == result.total == len(problem.tests)


def test_every_bundled_problem_has_accepted_and_wrong_solutions() -> None:
    by_problem: dict[str, set[Verdict]] = {}
    for folder, verdict, _ in cases():
        by_problem.setdefault(folder.name, set()).add(verdict)
    assert by_problem
    for slug, verdicts in by_problem.items():
        assert {Verdict.ACCEPTED, Verdict.WRONG_ANSWER} <= verdicts, slug

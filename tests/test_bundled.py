"""The golden suite: every bundled solution, judged for real, gets the verdict its folder names.

Adding a case is adding a file under ``problems/bundled/<slug>/solutions/<verdict>/``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from codejudge.languages import EXTENSIONS
from codejudge.models import Verdict
from codejudge.problems import BUNDLED_DIR, solutions


def cases() -> list[tuple[Path, Verdict, Path]]:
    found = []
    for folder in sorted(BUNDLED_DIR.iterdir()):
        if (folder / "problem.toml").exists():
            found += [(folder, v, path) for v, path in solutions(folder)]
    return found


@pytest.mark.timeout(900)
def test_problems_check_passes_on_the_bundled_set() -> None:
    """``codejudge problems check`` (what an author runs) judges every solution of every
    bundled problem for real and exits 0 only when each gets the verdict its folder names."""
    done = subprocess.run(
        [sys.executable, "-m", "codejudge.cli", "problems", "check", "--jobs", "2"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert done.returncode == 0, done.stdout[-20000:] + done.stderr[-5000:]
    assert "0 mismatched" in done.stdout, done.stdout[-5000:]


def test_every_language_has_bundled_solutions_to_check() -> None:
    languages = {EXTENSIONS[path.suffix] for _, _, path in cases() if path.suffix in EXTENSIONS}
    assert {"python", "cpp", "java"} <= languages


def test_every_bundled_problem_has_accepted_and_wrong_solutions() -> None:
    by_problem: dict[str, set[Verdict]] = {}
    for folder, verdict, _ in cases():
        by_problem.setdefault(folder.name, set()).add(verdict)
    assert by_problem
    for slug, verdicts in by_problem.items():
        assert {Verdict.ACCEPTED, Verdict.WRONG_ANSWER} <= verdicts, slug

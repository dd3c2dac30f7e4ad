"""The golden suite: every bundled solution, judged for real, gets the verdict its folder names.

Adding a case is adding a file under ``problems/bundled/<slug>/solutions/<verdict>/``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from codejudge.languages import EXTENSIONS
from codejudge.models import ProblemKind, Verdict
from codejudge.problems import BUNDLED_DIR, load_problem, solutions
from codejudge.problems.constraints import FunctionConstraints
from codejudge.problems.loader import problem_dirs


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


@pytest.mark.parametrize("path", problem_dirs(BUNDLED_DIR), ids=lambda p: p.name)
def test_every_bundled_problem_states_its_constraints(path: Path) -> None:
    """Each bundled problem has a [constraints] table (validate_problem checks every test
    against it); a function problem constrains every parameter."""
    problem = load_problem(path)
    assert problem.constraints is not None
    if problem.kind is ProblemKind.FUNCTION:
        assert isinstance(problem.constraints, FunctionConstraints)
        assert problem.signature is not None
        constrained = {name for name, _, _ in problem.constraints.params}
        assert constrained == {p.name for p in problem.signature.params}


@pytest.mark.parametrize("path", problem_dirs(BUNDLED_DIR), ids=lambda p: p.name)
def test_the_largest_allowed_sizes_are_tested(path: Path) -> None:
    """Tests within the constraints are still as large as the constraints allow: for each
    argument with a length (or tree node count) bound, some test reaches it."""
    problem = load_problem(path)
    if not isinstance(problem.constraints, FunctionConstraints):
        return
    args = [json.loads(t.input) for t in problem.tests]
    for name, _, rule in problem.constraints.params:
        at = problem.constraints.names.index(name)
        if rule.length is not None and isinstance(rule.length[1], int):
            assert max(len(a[at]) for a in args) == rule.length[1], name
        if rule.nodes is not None and isinstance(rule.nodes[1], int):
            assert max(sum(v is not None for v in a[at]) for a in args) == rule.nodes[1], name


@pytest.mark.parametrize(
    ("slug", "most"), [("merge-two-sorted-lists", 50), ("reverse-linked-list", 5000)]
)
def test_list_problems_keep_leetcodes_sizes(slug: str, most: int) -> None:
    """LeetCode allows at most 50 nodes per list (merge) and 5000 (reverse): longer tests
    made recursive solutions, accepted on LeetCode, fail here."""
    problem = load_problem(BUNDLED_DIR / slug)
    lengths = [len(arg) for t in problem.tests for arg in json.loads(t.input)]
    assert max(lengths) == most
    recursive = {
        path.suffix for v, path in solutions(BUNDLED_DIR / slug) if "recursive" in path.name
    }
    assert {".py", ".c", ".cpp", ".java", ".go", ".rs", ".js"} <= recursive

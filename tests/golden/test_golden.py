"""The golden suite per language and problem kind: sources in tests/golden/<language>/, their
expected verdicts in expect.toml, judged for real through ``grading.judge``."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from codejudge.grading import judge
from codejudge.languages import LANGUAGES
from codejudge.models import Limits, Param, Problem, ProblemKind, Signature, Verdict
from codejudge.models import TestCase as Case
from codejudge.sandbox import Sandbox

HERE = Path(__file__).parent
EXPECT: dict[str, dict[str, str]] = tomllib.loads((HERE / "expect.toml").read_text())
LIMITS = Limits(time_ms=500, memory_mb=128, output_kb=64)


def _stdio(slug: str, *tests: tuple[str, str]) -> Problem:
    cases = tuple(Case(n + 1, i, e, sample=True) for n, (i, e) in enumerate(tests))
    return Problem(slug, slug, ProblemKind.STDIO, "", LIMITS, cases)


def _function(slug: str, signature: Signature, *tests: tuple[str, str]) -> Problem:
    cases = tuple(Case(n + 1, i, e, sample=True) for n, (i, e) in enumerate(tests))
    return Problem(slug, slug, ProblemKind.FUNCTION, "", LIMITS, cases, signature=signature)


MIXED = Signature(
    "mixed",
    (Param("head", "ListNode"), Param("root", "TreeNode"), Param("grid", "integer[][]"),
     Param("s", "string"), Param("n", "integer")),
    "ListNode",
)  # fmt: skip
_MIXED_OK = ('[[1,2,3],[1,2,null,3],[[1,2],[3]],"abc",5]', "[6,6,6,3,5]")
_MIXED_EMPTY = ('[[],[],[[]],"",0]', "[0,0,0,0,0]")

PROBLEMS = {
    "sum": _stdio("sum", ("1 2\n", "3\n"), ("-5 5\n", "0\n")),
    "sum-wrong": _stdio("sum-wrong", ("1 2\n", "3\n"), ("2 2\n", "5\n")),
    "sum-crash": _stdio("sum-crash", ("1 2\n", "3\n"), ("-1 0\n", "-1\n")),
    "sum-slow": _stdio("sum-slow", ("-2 0\n", "-2\n")),
    "mixed": _function("mixed", MIXED, _MIXED_OK, _MIXED_EMPTY),
    "mixed-wrong": _function("mixed-wrong", MIXED, (_MIXED_OK[0], "[6,6,6,3,4]")),
    "mixed-crash": _function("mixed-crash", MIXED, _MIXED_OK, ('[[1],[1],[[1]],"a",-1]', "[]")),
    "mixed-slow": _function("mixed-slow", MIXED, ('[[1],[1],[[1]],"a",-2]', "[]")),
    "reverse": _function(
        "reverse",
        Signature("reverseString", (Param("s", "character[]"),), "void", inplace="s"),
        ('[["h","e","l","l","o"]]', '["o","l","l","e","h"]'),
        ("[[]]", "[]"),
    ),
    "invert": _function(
        "invert",
        Signature("invertTree", (Param("root", "TreeNode"),), "TreeNode"),
        ("[[4,2,7,1,3,6,9]]", "[4,7,2,9,6,3,1]"),
        ("[[1,null,2]]", "[1,2]"),
        ("[[]]", "[]"),
    ),
}


def cases() -> list[tuple[str, Path, str, Verdict]]:
    found = []
    for folder in sorted(p for p in HERE.iterdir() if p.is_dir() and p.name in LANGUAGES):
        for source in sorted(folder.iterdir()):
            for problem, verdict in EXPECT[source.stem].items():
                found.append((folder.name, source, problem, Verdict(verdict)))
    return found


@pytest.fixture(scope="module")
def sandbox() -> Sandbox:
    box = Sandbox()
    box.check()
    return box


@pytest.mark.timeout(120)
@pytest.mark.parametrize(
    ("language", "source", "problem", "expected"),
    cases(),
    ids=lambda x: x.name if isinstance(x, Path) else str(x),
)
def test_golden(
    sandbox: Sandbox, language: str, source: Path, problem: str, expected: Verdict
) -> None:
    result = judge(PROBLEMS[problem], language, source.read_text(), sandbox=sandbox)
    assert result.verdict is expected, result
    if expected is Verdict.ACCEPTED:
        assert result.passed == result.total
    if problem == "mixed-wrong":  # the user's prints come back beside the answer
        assert result.failing_test is not None
        assert "debug abc" in (result.failing_test.stdout or ""), result.failing_test


def _own(stem: str) -> str | None:
    """The language a case named ``<language>_<shape>`` belongs to (e.g. Java's entry point)."""
    return next((lang for lang in LANGUAGES if stem.startswith(f"{lang}_")), None)


def test_every_language_has_every_kind_of_case() -> None:
    by_language: dict[str, set[str]] = {}
    for language, source, _, _ in cases():
        by_language.setdefault(language, set()).add(source.stem)
    assert set(by_language) == set(LANGUAGES)
    shared = {stem for stem in EXPECT if _own(stem) is None}
    for language, stems in by_language.items():
        assert {s for s in stems if _own(s) is None} == shared, language
        assert all(_own(s) in (None, language) for s in stems), language

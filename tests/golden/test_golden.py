"""The golden suite per language and problem kind: sources in tests/golden/<language>/, their
expected verdicts in expect.toml, judged for real through ``grading.judge``."""

from __future__ import annotations

import dataclasses
import json
import tomllib
from pathlib import Path

import pytest

from codejudge.judging.grading import judge
from codejudge.languages import LANGUAGES
from codejudge.models import Limits, Param, Problem, ProblemKind, Signature, Verdict
from codejudge.models import TestCase as Case
from codejudge.sandbox import Sandbox, open_sandbox

HERE = Path(__file__).parent
EXPECT: dict[str, dict[str, str]] = tomllib.loads((HERE / "expect.toml").read_text())
# Where a language's runtime decides otherwise on purpose (docs/languages.md says why).
OVERRIDES: dict[str, dict[str, str]] = tomllib.loads((HERE / "overrides.toml").read_text())
LIMITS = Limits(time_ms=500, memory_mb=128, output_kb=64)
# The memory, stack and static-data cases: a 256 MB limit, and CPU enough for what they test
# (a 10^6-deep recursion, or unwinding a runaway one, takes up to 1.6 s of CPU in Python and
# 0.6 s in Node): they are about memory, not speed. 10 s, since the wall clock (2 x CPU + 1 s)
# must also hold on a host running 7 boxes per core (load 15 on 2 cores: a box then gets a
# seventh of a core, and a runaway Python recursion took 11 s of wall time).
BIG = Limits(time_ms=10_000, memory_mb=256, output_kb=64)


def _stdio(slug: str, *tests: tuple[str, str], limits: Limits = LIMITS) -> Problem:
    cases = tuple(Case(n + 1, i, e, sample=True) for n, (i, e) in enumerate(tests))
    return Problem(slug, slug, ProblemKind.STDIO, "", limits, cases)


def _function(
    slug: str, signature: Signature, *tests: tuple[str, str], limits: Limits = LIMITS
) -> Problem:
    cases = tuple(Case(n + 1, i, e, sample=True) for n, (i, e) in enumerate(tests))
    return Problem(slug, slug, ProblemKind.FUNCTION, "", limits, cases, signature=signature)


DEPTH = Signature("depth", (Param("n", "integer"),), "integer")


MIXED = Signature(
    "mixed",
    (Param("head", "ListNode"), Param("root", "TreeNode"), Param("grid", "integer[][]"),
     Param("s", "string"), Param("n", "integer")),
    "ListNode",
)  # fmt: skip
_MIXED_OK = ('[[1,2,3],[1,2,null,3],[[1,2],[3]],"abc",5]', "[6,6,6,3,5]")
_MIXED_EMPTY = ('[[],[],[[]],"",0]', "[0,0,0,0,0]")

# Every JSON escape, non-ASCII text (BMP and a surrogate pair) and control characters, in and
# out, for string, character, string[] and list<string>.
ECHO = Signature(
    "echo",
    (Param("s", "string"), Param("c", "character"), Param("words", "string[]")),
    "list<string>",
)
_ECHO_S = r'"a\bb\fc\nd\re\tf\"g\\h\/i\u00e9j\u4e2dk\ud83d\ude00l\u0001m\u001fn\u007fo é😀"'
_ECHO_IN = f'[{_ECHO_S},"\\t",["\\"","\\\\","","x\\/y\\b","\\u00fc\\ud834\\udd1e"]]'
_ECHO_OUT = f'[{_ECHO_S},"\\t","\\"","\\\\","","x/y\\b","\\u00fc\\ud834\\udd1e"]'
CONCAT = Signature("concat", (Param("words", "list<string>"), Param("c", "character")), "string")
_CONCAT_IN = f'[[{_ECHO_S},"\\"\\\\\\/","\\ud83d\\ude00"],"\\n"]'
_CONCAT_OUT = json.dumps("\n".join(json.loads(_CONCAT_IN)[0]))
CLIMB = Signature("climbStairs", (Param("n", "integer"),), "integer")
REVERSE_LIST = Signature("reverseList", (Param("head", "ListNode"),), "ListNode")
DOUBLING = Signature("doubling", (Param("n", "integer"),), "TreeNode")
# Just over 10^6 nodes: more than the old drivers' "cycle" cap. Its answer is ~7 MB of JSON.
_LONG = 1_000_003
_BIG = Limits(time_ms=4000, memory_mb=512, output_kb=64)

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
    # The solution prints raw bytes (0xE9, not UTF-8) through two APIs and answers right.
    "bytes": _function("bytes", CLIMB, ("[3]", "3"), ("[5]", "8")),
    "bytes-wrong": _function("bytes-wrong", CLIMB, ("[3]", "4")),
    # Raw writes without end, through an API that bypasses the language's buffers.
    "bytes-flood": _function("bytes-flood", CLIMB, ("[3]", "3"), ("[-5]", "0")),
    "echo": _function("echo", ECHO, (_ECHO_IN, _ECHO_OUT), ('["","a",[]]', '["","a"]')),
    "concat": _function("concat", CONCAT, (_CONCAT_IN, _CONCAT_OUT), ('[[],"x"]', '""')),
    "long-list": dataclasses.replace(
        _function(
            "long-list",
            REVERSE_LIST,
            (json.dumps([list(range(_LONG))]), json.dumps(list(range(_LONG))[::-1])),
            ("[[1,2]]", "[2,1]"),
        ),
        limits=_BIG,
    ),
    "cyclic-list": _function("cyclic-list", REVERSE_LIST, ("[[-1,2,3]]", "[3,2,-1]")),
    # A DAG (one node under both sides, as "all possible full binary trees" builds) is a tree.
    "dag-tree": _function("dag-tree", DOUBLING, ("[2]", "[2,1,1,0,0,0,0]"), ("[0]", "[0]")),
    "cyclic-tree": _function("cyclic-tree", DOUBLING, ("[-1]", "[1]")),
    # 2^41 level-order entries from 41 nodes: over the drivers' answer limit, an output limit.
    "huge-tree": dataclasses.replace(_function("huge-tree", DOUBLING, ("[40]", "[]")), limits=_BIG),
    "memory-200": _stdio("memory-200", ("200\n", "200\n"), limits=BIG),
    "memory-300": _stdio("memory-300", ("300\n", "300\n"), limits=BIG),
    "stack-deep": _stdio("stack-deep", ("1000000\n", "1000000\n"), limits=BIG),
    "stack-endless": _stdio("stack-endless", ("-1\n", "0\n"), limits=BIG),
    "depth-deep": _function("depth-deep", DEPTH, ("[1000000]", "1000000"), limits=BIG),
    "depth-endless": _function("depth-endless", DEPTH, ("[-1]", "0"), limits=BIG),
    "static": _stdio("static", ("\n", "49152\n"), limits=BIG),
}


def cases() -> list[tuple[str, Path, str, Verdict]]:
    found = []
    for folder in sorted(p for p in HERE.iterdir() if p.is_dir() and p.name in LANGUAGES):
        for source in sorted(folder.iterdir()):
            for problem, verdict in EXPECT[source.stem].items():
                verdict = OVERRIDES.get(folder.name, {}).get(problem, verdict)
                found.append((folder.name, source, problem, Verdict(verdict)))
    return found


@pytest.fixture(scope="module")
def sandbox() -> Sandbox:
    box = open_sandbox()
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
    if problem == "bytes-wrong":  # both APIs' bytes, the invalid one escaped (harness.printed)
        assert result.failing_test is not None
        shown = result.failing_test.stdout or ""
        assert "one \\xe9 é" in shown and "two \\xe9" in shown, result.failing_test
    if problem in ("cyclic-list", "cyclic-tree"):
        assert "cycle" in (result.error or str(result.failing_test)), result
    if problem == "huge-tree":  # the submission's verdict, naming the limit; not the judge's
        assert result.failing_test is not None and result.error is None, result
        shown = result.failing_test.message or ""
        assert "over 4194304 level-order entries, the answer limit" in shown, result
    if problem == "memory-200":  # the real peak (the cgroup's), not a heap after GC
        # Less 1 MiB: the empty box's charge subtracted from the peak varies by about 0.2 MiB
        # run to run (a Rust program touching exactly 200 MiB read 199.95 MiB once).
        assert result.memory_kb >= 199 * 1024, result
    if problem.endswith("-endless") and expected is Verdict.RUNTIME_ERROR:  # names the stack
        assert result.failing_test is not None
        assert "stack overflow (stack limit" in (result.failing_test.message or ""), result


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
        # Every shared case of the kinds the language judges (a stdio-only one: the stdio cases).
        wanted = {stem for stem in shared if _kinds(stem) <= LANGUAGES[language].kinds}
        assert {s for s in stems if _own(s) is None} == wanted, language
        assert all(_own(s) in (None, language) for s in stems), language


def _kinds(stem: str) -> set[ProblemKind]:
    """The kinds of problem a case's source is judged on."""
    return {PROBLEMS[problem].kind for problem in EXPECT[stem]}

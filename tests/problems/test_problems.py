"""The problem package format: loading, validation, the problem set, and the bundled problems."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from codejudge.checkers import canonical_json, check, check_value
from codejudge.exceptions import NotFound, ProblemFormatError
from codejudge.models import Problem, ProblemKind, Verdict
from codejudge.problems import (
    BUNDLED_DIR,
    is_valid_type,
    load_problem,
    load_problem_set,
    natural_key,
    parse_type,
    problem_dirs,
    solutions,
    validate_problem,
    value_error,
)

# Every bundled package (the set grows by adding folders), and the first four, which must stay.
BUNDLED = {p.name for p in BUNDLED_DIR.iterdir() if (p / "problem.toml").is_file()}
assert {"two-sum", "fizz-buzz", "reverse-string", "a-plus-b"} <= BUNDLED
BUNDLED_DIRS = [BUNDLED_DIR / slug for slug in sorted(BUNDLED)]
# Run in-process below (no sandbox, no ListNode/TreeNode conversion): the first four. Every
# bundled solution is judged for real by the golden suite (test_bundled, `problems check`).
IN_PROCESS_DIRS = [BUNDLED_DIR / s for s in ("a-plus-b", "fizz-buzz", "reverse-string", "two-sum")]


def ids(paths: list[Path]) -> list[str]:
    return [p.name for p in paths]


# --- the bundled problems -----------------------------------------------------------------


def test_the_bundled_set_is_the_default_problem_set() -> None:
    problems = load_problem_set()
    assert [p.slug for p in problems.list()] == sorted(BUNDLED)
    assert len(problems) == len(BUNDLED)
    assert "two-sum" in problems and "three-sum" not in problems


def test_loading_the_bundled_set_is_fast() -> None:
    """It runs at every server start: metadata, statements and samples only, ≈ 20 ms here
    (reading every test, ≈ 50 MB, took 0.75 to 2.5 s; hidden tests are now read on first use)."""
    started = time.perf_counter()
    load_problem_set(BUNDLED_DIR)
    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize("path", BUNDLED_DIRS, ids=ids(BUNDLED_DIRS))
def test_bundled_problem_is_valid(path: Path) -> None:
    assert validate_problem(path) == []


@pytest.mark.parametrize("path", BUNDLED_DIRS, ids=ids(BUNDLED_DIRS))
def test_bundled_tests_are_numbered_with_samples_first(path: Path) -> None:
    problem = load_problem(path)
    assert len(problem.tests) >= 10
    assert [t.index for t in problem.tests] == list(range(1, len(problem.tests) + 1))
    flags = [t.sample for t in problem.tests]
    assert flags == sorted(flags, reverse=True), "samples come first"
    assert 2 <= len(problem.samples) <= 3
    assert all(t.name.startswith("sample") for t in problem.samples)
    assert any(t.name.startswith("large") for t in problem.tests)


FUNCTION_DIRS = [p for p in BUNDLED_DIRS if 'kind = "function"' in (p / "problem.toml").read_text()]


@pytest.mark.parametrize("path", FUNCTION_DIRS, ids=ids(FUNCTION_DIRS))
def test_function_tests_are_canonical_json_arrays_of_the_signature_arity(path: Path) -> None:
    problem = load_problem(path)
    assert problem.kind is ProblemKind.FUNCTION and problem.signature is not None
    for test in problem.tests:
        args = json.loads(test.input)
        assert isinstance(args, list) and len(args) == len(problem.signature.params)
        assert test.input == canonical_json(args)
        assert test.expected == canonical_json(json.loads(test.expected))


@pytest.mark.parametrize("path", BUNDLED_DIRS, ids=ids(BUNDLED_DIRS))
def test_gen_py_reproduces_the_committed_tests(path: Path, tmp_path: Path) -> None:
    """tests/gen.py is deterministic and the committed test files are exactly its output."""
    tests = path / "tests"
    subprocess.run([sys.executable, str(tests / "gen.py"), str(tmp_path)], check=True)
    generated = sorted(p.name for p in tmp_path.iterdir())
    committed = sorted(p.name for p in tests.iterdir() if p.is_file() and p.name != "gen.py")
    assert generated == committed
    for name in generated:
        assert (tmp_path / name).read_bytes() == (tests / name).read_bytes(), name


def test_two_sum_has_a_test_that_sinks_a_quadratic_solution() -> None:
    """At LeetCode's largest size (10^4) with the pair at the very end, under a 1 s limit."""
    problem = load_problem(BUNDLED_DIR / "two-sum")
    ends = [
        len(nums)
        for t in problem.tests
        if json.loads(t.expected) == [len(nums := json.loads(t.input)[0]) - 2, len(nums) - 1]
    ]
    assert max(ends) >= 10**4
    assert problem.limits.time_ms <= 1000


def python_solutions(*verdicts: Verdict) -> list[tuple[Path, Verdict]]:
    return [
        (file, verdict)
        for path in IN_PROCESS_DIRS
        for verdict, file in solutions(path)
        if file.suffix == ".py" and verdict in verdicts
    ]


PY_SOLUTIONS = python_solutions(Verdict.ACCEPTED, Verdict.WRONG_ANSWER)


@pytest.mark.parametrize(
    ("file", "verdict"),
    PY_SOLUTIONS,
    ids=[f"{f.parts[-4]}/{f.parts[-2]}/{f.name}" for f, _ in PY_SOLUTIONS],
)
def test_python_reference_solutions_in_process(file: Path, verdict: Verdict) -> None:
    """Run each bundled Python solution directly (no sandbox) on every test: accepted ones
    pass them all, wrong ones fail at least one. Time-limit solutions are the grader's to test."""
    problem = load_problem(file.parents[2])
    results = [passes(problem, file, t.input, t.expected) for t in problem.tests]
    if verdict is Verdict.ACCEPTED:
        failed = [t.name for t, ok in zip(problem.tests, results, strict=True) if not ok]
        assert failed == []
    else:
        assert not all(results)


def passes(problem: Problem, file: Path, test_input: str, expected: str) -> bool:
    if problem.kind is ProblemKind.STDIO:
        return check(problem.checker, expected, run_stdio(file, test_input))
    return check_value(problem.checker, expected, run_function(problem, file, test_input))


def run_stdio(file: Path, test_input: str) -> str:
    out = io.StringIO()
    stdin, sys.stdin = sys.stdin, io.StringIO(test_input)
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(file.read_text(), str(file), "exec"), {"__name__": "__main__"})
    finally:
        sys.stdin = stdin
    return out.getvalue()


def run_function(problem: Problem, file: Path, test_input: str) -> str:
    """What the Python harness does: LeetCode's implicit imports, then call the method (or a
    top-level function named like it, or in snake_case) and judge the return value or the
    in-place parameter."""
    signature = problem.signature
    assert signature is not None
    namespace: dict[str, Any] = {"__name__": "solution"}
    exec("from typing import *", namespace)
    exec(compile(file.read_text(), str(file), "exec"), namespace)
    function: Callable[..., Any]
    if signature.class_name in namespace:
        function = getattr(namespace[signature.class_name](), signature.function)
    else:
        snake = re.sub(r"(?<!^)(?=[A-Z])", "_", signature.function).lower()
        function = namespace.get(signature.function) or namespace[snake]
    args = json.loads(test_input)
    result = function(*args)
    if signature.inplace is not None:
        result = args[[p.name for p in signature.params].index(signature.inplace)]
    return json.dumps(result)


def test_solutions_lists_every_bundled_verdict_folder() -> None:
    found = solutions(BUNDLED_DIR / "two-sum")
    verdicts = {v for v, _ in found}
    assert verdicts == {Verdict.ACCEPTED, Verdict.WRONG_ANSWER, Verdict.TIME_LIMIT_EXCEEDED}
    assert all(f.is_file() and f.parent.name == v.value for v, f in found)


# --- a minimal package, and broken variants of it ------------------------------------------

TOML = """\
slug = "add"
title = "Add"
kind = "function"

[signature]
function = "add"
returns = "integer"
params = [{ name = "a", type = "integer" }, { name = "b", type = "integer" }]
"""


def write(root: Path, files: Mapping[str, str | None]) -> Path:
    """Write ``files`` (relative path -> text; None deletes) under ``root``."""
    for name, text in files.items():
        file = root / name
        if text is None:
            file.unlink(missing_ok=True)
            continue
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text)
    return root


@pytest.fixture
def package(tmp_path: Path) -> Callable[..., Path]:
    """A factory: ``package(**files)`` writes a valid function package 'add', then ``files``."""

    def make(files: dict[str, str | None] | None = None, slug: str = "add") -> Path:
        root = tmp_path / slug
        write(
            root,
            {
                "problem.toml": TOML,
                "statement.md": "# Add\n\nReturn a + b.\n",
                "tests/sample-1.json": '{"args": [1, 2], "expected": 3}',
                "tests/big.json": '{"args": [2000000000, -1], "expected": 1999999999}',
                "solutions/accepted/add.py": "class Solution:\n    def add(self, a, b):\n"
                "        return a + b\n",
            },
        )
        return write(root, files or {})

    return make


STDIO_TOML = 'slug = "add"\ntitle = "Add"\nkind = "stdio"\n'


def test_a_minimal_package_loads_with_defaults(package: Callable[..., Path]) -> None:
    problem = load_problem(package())
    assert problem.slug == "add" and problem.difficulty == "easy" and problem.tags == ()
    assert problem.checker.name == "value" and problem.limits.time_ms == 2000
    assert [t.name for t in problem.tests] == ["sample-1", "big"]
    assert problem.tests[0].input == "[1,2]" and problem.tests[0].expected == "3"
    assert problem.signature is not None and problem.signature.class_name == "Solution"
    assert validate_problem(package()) == []


def test_stdio_tests_are_read_under_the_line_ending_rule_and_accept_out(
    package: Callable[..., Path],
) -> None:
    path = package(
        {
            "problem.toml": STDIO_TOML,
            "tests/sample-1.json": None,
            "tests/big.json": None,
            "tests/sample-1.in": "1 2\r\n",
            "tests/sample-1.ans": "3\n",
            "tests/t10.in": "5 5\n",
            "tests/t10.out": "10\n",
            "tests/t9.in": "4 5\n",
            "tests/t9.ans": "9\n",
            "tests/README.md": "notes are ignored",
        }
    )
    problem = load_problem(path)
    assert [t.name for t in problem.tests] == ["sample-1", "t9", "t10"]
    # CRLF read as LF (docs/problem-format.md, "Line endings"); otherwise verbatim
    assert problem.tests[0].input == "1 2\n" and problem.checker.name == "tokens"
    assert problem.tests[2].expected == "10\n" and not problem.tests[2].sample


BROKEN: dict[str, tuple[dict[str, str | None], str]] = {
    "missing problem.toml": ({"problem.toml": None}, r"problem\.toml: is missing"),
    "bad toml": ({"problem.toml": "slug = "}, r"problem\.toml: is not valid TOML"),
    "bad kind": (
        {"problem.toml": TOML.replace('"function"', '"interactive"')},
        r"kind 'interactive' must be 'function' \(LeetCode style\) or 'stdio'",
    ),
    "unknown type": (
        {"problem.toml": TOML.replace('type = "integer" }, {', 'type = "int" }, {')},
        r"params\[0\] \(a\): unknown type 'int'; use integer, long",
    ),
    "unknown return type": (
        {"problem.toml": TOML.replace('returns = "integer"', 'returns = "vector<int>"')},
        r"returns: unknown type 'vector<int>'",
    ),
    "typo in a key": (
        {"problem.toml": TOML + "\n[limits]\ntime_limit = 1000\n"},
        r"\[limits\] unknown key 'time_limit'; did you mean 'time_ms'\?",
    ),
    "bad limit": (
        {"problem.toml": TOML + "\n[limits]\ntime_ms = -1\n"},
        r"\[limits\] time_ms must be a positive integer",
    ),
    "slug is not the folder": (
        {"problem.toml": TOML.replace('slug = "add"', 'slug = "plus"')},
        r"slug 'plus' must equal the folder name 'add'",
    ),
    "bad slug": (
        {"problem.toml": TOML.replace('slug = "add"', 'slug = "Add It"')},
        r"slug 'Add It' must be lowercase words joined by '-'",
    ),
    "no title": (
        {"problem.toml": TOML.replace('title = "Add"\n', "")},
        r"title is missing; add title = ",
    ),
    "void without inplace": (
        {"problem.toml": TOML.replace('returns = "integer"', 'returns = "void"')},
        r"returns = 'void' needs inplace = the parameter whose final value is judged",
    ),
    "function without signature": (
        {"problem.toml": 'slug = "add"\ntitle = "Add"\nkind = "function"\n'},
        r"a function problem needs a \[signature\] table",
    ),
    "stdio with signature": (
        {"problem.toml": TOML.replace('"function"', '"stdio"')},
        r"a stdio problem has no \[signature\]",
    ),
    "checker for the wrong kind": (
        {"problem.toml": TOML + '\n[checker]\nname = "tokens"\n'},
        r"\[checker\] name 'tokens': a function problem uses one of "
        r"\['float', 'unordered', 'value'\]",
    ),
    "unknown checker option": (
        {"problem.toml": TOML + '\n[checker]\nname = "unordered"\ndepht = 2\n'},
        r"unknown key 'depht'; did you mean 'depth'\?",
    ),
    "missing statement": ({"statement.md": None}, r"statement\.md: is missing"),
    "wrong arity": (
        {"tests/big.json": '{"args": [1], "expected": 1}'},
        r"big\.json: 'args' must be an array of 2 values, one per parameter \['a', 'b'\]",
    ),
    "bad test json": ({"tests/big.json": "{args: [1, 2]}"}, r"big\.json: is not valid JSON"),
    "test without expected": (
        {"tests/big.json": '{"args": [1, 2]}'},
        r"must be an object with exactly 'args' and 'expected'",
    ),
    "stdio test in a function problem": (
        {"tests/x.in": "1 2\n"},
        r"x\.in: is a stdio test; a function-problem test is NAME\.json",
    ),
    "no tests": (
        {"tests/sample-1.json": None, "tests/big.json": None},
        r"tests: holds no tests; add at least one NAME\.json",
    ),
    "in without ans": (
        {"problem.toml": STDIO_TOML, "tests/sample-1.json": None, "tests/big.json": None}
        | {"tests/1.in": "1 2\n"},
        r"1\.in: has no expected output; give it exactly one 1\.ans",
    ),
    "ans without in": (
        {"problem.toml": STDIO_TOML, "tests/sample-1.json": None, "tests/big.json": None}
        | {"tests/1.in": "1 2\n", "tests/1.ans": "3\n", "tests/2.ans": "3\n"},
        r"2\.ans: has no input; add 2\.in beside it",
    ),
    "both ans and out": (
        {"problem.toml": STDIO_TOML, "tests/sample-1.json": None, "tests/big.json": None}
        | {"tests/1.in": "1 2\n", "tests/1.ans": "3\n", "tests/1.out": "3\n"},
        r"1\.in: has both \.ans and \.out",
    ),
}


@pytest.mark.parametrize(("files", "message"), BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_package_says_what_to_fix(
    package: Callable[..., Path], files: dict[str, str | None], message: str
) -> None:
    path = package(files)
    with pytest.raises(ProblemFormatError, match=message) as raised:
        load_problem(path)
    assert str(path) in str(raised.value), "the message names the file at fault"
    assert validate_problem(path) == [str(raised.value)]


def test_a_path_that_is_not_a_folder(tmp_path: Path) -> None:
    with pytest.raises(ProblemFormatError, match="is not a folder"):
        load_problem(tmp_path / "nope")


def test_validate_checks_test_values_against_the_signature(package: Callable[..., Path]) -> None:
    path = package(
        {
            "tests/big.json": '{"args": [3000000000, "x"], "expected": true}',
            "tests/sample-1.json": None,
            "tests/one.json": '{"args": [1, 2], "expected": 3}',
            "solutions/accepted/add.py": None,
            "solutions/maybe/add.py": "",
        }
    )
    issues = validate_problem(path)
    assert any("maybe: is not a verdict" in i for i in issues)
    assert any("no sample tests" in i for i in issues)
    assert any("parameter a (integer): value should be a 32-bit integer" in i for i in issues)
    assert any(
        "parameter b (integer): value should be a 32-bit integer, got 'x'" in i for i in issues
    )
    assert any("big.json: expected (integer)" in i for i in issues)
    assert not any("one.json" in i for i in issues)


def test_validate_wants_an_accepted_solution_and_a_list_for_unordered(
    package: Callable[..., Path],
) -> None:
    path = package(
        {
            "problem.toml": TOML + '\n[checker]\nname = "unordered"\n',
            "solutions/accepted/add.py": None,
        }
    )
    issues = validate_problem(path)
    assert any("add at least one solution in solutions/accepted/" in i for i in issues)
    assert any("'unordered' compares lists, but the judged value is a integer" in i for i in issues)


def test_solutions_rejects_skipped(package: Callable[..., Path]) -> None:
    path = package({"solutions/skipped/x.py": ""})
    with pytest.raises(ProblemFormatError, match="'skipped' is not a verdict"):
        solutions(path)


# --- the problem set ----------------------------------------------------------------------


def test_unknown_slug_is_not_found() -> None:
    with pytest.raises(NotFound, match="problem 'no-such-problem' not found"):
        load_problem_set().get("no-such-problem")


def test_data_dir_problems_override_and_extend_the_bundled_ones(
    tmp_path: Path, package: Callable[..., Path]
) -> None:
    data = tmp_path / "data" / "problems"
    shutil.copytree(BUNDLED_DIR / "a-plus-b", data / "a-plus-b")
    toml = data / "a-plus-b" / "problem.toml"
    toml.write_text(toml.read_text().replace('title = "A + B"', 'title = "Sum of two"'))
    shutil.move(package(), data / "add")
    (data / ".hidden").mkdir()

    problems = load_problem_set(BUNDLED_DIR, data, tmp_path / "does-not-exist")
    assert problems.get("a-plus-b").title == "Sum of two"
    assert problems.get("two-sum").title == "Two Sum"
    assert "add" in problems
    assert [p.slug for p in problems.list()] == sorted([*BUNDLED, "add"])
    assert ids(problem_dirs(data)) == ["a-plus-b", "add"]


def test_a_broken_package_in_the_data_dir_fails_loudly(tmp_path: Path) -> None:
    (tmp_path / "junk").mkdir()
    with pytest.raises(ProblemFormatError, match=r"junk/problem\.toml: is missing"):
        load_problem_set(BUNDLED_DIR, tmp_path)


# --- the type vocabulary and helpers -------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "integer",
        "long",
        "double",
        "boolean",
        "string",
        "character",
        "integer[]",
        "string[]",
        "character[]",
        "integer[][]",
        "list<integer>",
        "list<list<integer>>",
        "list<string>",
        "ListNode",
        "TreeNode",
        "ListNode[]",
    ],
)
def test_leetcode_types_are_valid(name: str) -> None:
    assert is_valid_type(name)


@pytest.mark.parametrize(
    "name", ["int", "Integer", "void", "list<>", "list<integer", "[]integer", "vector<int>", ""]
)
def test_other_type_names_are_not(name: str) -> None:
    assert not is_valid_type(name)
    with pytest.raises(ValueError, match="unknown type"):
        parse_type(name)


@pytest.mark.parametrize(
    ("type_name", "value", "ok"),
    [
        ("integer", 2**31 - 1, True),
        ("integer", 2**31, False),
        ("integer", True, False),
        ("long", 2**63 - 1, True),
        ("double", 1, True),
        ("double", 1.5, True),
        ("boolean", 0, False),
        ("character", "ab", False),
        ("character[]", ["a", "b"], True),
        ("list<list<integer>>", [[1], []], True),
        ("list<list<integer>>", [[1], [None]], False),
        ("TreeNode", [1, None, 2], True),
        ("TreeNode", [None, 1], False),
        ("ListNode", [1, 2, 3], True),
    ],
)
def test_value_error(type_name: str, value: object, ok: bool) -> None:
    assert (value_error(type_name, value) is None) is ok


def test_natural_key_sorts_numbers_by_value() -> None:
    names = ["t10", "t9", "large-2", "t1", "large-10"]
    assert sorted(names, key=natural_key) == ["large-2", "large-10", "t1", "t9", "t10"]


# --- checkers in problem.toml, reload ------------------------------------------------------


def test_float_and_custom_checkers_load(package: Callable[..., Path]) -> None:
    floating = load_problem(package({"problem.toml": TOML + '\n[checker]\nname = "float"\n'
                                     "absolute = 1e-4\nrelative = 0\n"}))  # fmt: skip
    assert floating.checker.options == {"absolute": 1e-4, "relative": 0}
    stdio = {"problem.toml": STDIO_TOML + '\n[checker]\nname = "custom"\nflags = ["x"]\n',
             "tests/sample-1.json": None, "tests/big.json": None, "tests/1.in": "1\n",
             "tests/1.ans": "1\n", "checker/validate.py": "exit(42)\n"}  # fmt: skip
    program = load_problem(package(stdio)).checker.options["validator"]
    assert program.language == "python" and program.flags == ("x",)
    assert program.files == (("validate.py", b"exit(42)\n"),)


@pytest.mark.parametrize(
    ("checker", "message"),
    [
        ('name = "float"\nabsolute = -1.0', "must not be negative"),
        ('name = "float"\nabsolute = "1e-6"', "absolute must be float"),
        ('name = "custom"', r"program 'checker' must be a file or folder"),
        ('name = "custom"\nprogram = "../x"', "must be a file or folder in the package"),
        ('name = "custom"\nprogram = "statement.md"', "must be sources in one language"),
        ('name = "custom"\nflags = [1]', "flags must be an array of strings"),
        ('name = "unordered"\ndepht = 2', "did you mean 'depth'"),
    ],
)
def test_bad_stdio_checkers_say_what_to_fix(
    package: Callable[..., Path], checker: str, message: str
) -> None:
    files = {"problem.toml": STDIO_TOML + f"\n[checker]\n{checker}\n",
             "tests/sample-1.json": None, "tests/big.json": None,
             "tests/1.in": "1\n", "tests/1.ans": "1\n"}  # fmt: skip
    with pytest.raises(ProblemFormatError, match=message):
        load_problem(package(files))


def test_reload_swaps_the_problem_set_in_place(
    tmp_path: Path, package: Callable[..., Path]
) -> None:
    problems = load_problem_set(tmp_path)
    assert "add" not in problems
    package()
    problems.reload(tmp_path)
    assert "add" in problems

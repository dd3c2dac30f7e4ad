"""``[constraints]``: the declarative input validators of function and stdio problems.

Tables first (each rule kept and broken, with the message naming the argument and the rule),
then properties with Hypothesis (values drawn inside the bounds always pass; one value pushed
outside is always found, at its index), then the package level: the loader parses the table,
``validate_problem`` and ``codejudge problems check`` report a test that breaks it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from codejudge.exceptions import ProblemFormatError
from codejudge.models import Param, ProblemKind, Signature
from codejudge.problems import load_problem, validate_problem
from codejudge.problems.constraints import Constraints, parse_constraints
from codejudge.problems.expressions import ExpressionError, expand_alphabet, parse_expression


def function_rules(table: Mapping[str, object], **params: str) -> Constraints:
    signature = Signature(
        function="f",
        params=tuple(Param(name, type_name) for name, type_name in params.items()),
        returns="integer",
    )
    return parse_constraints(table, ProblemKind.FUNCTION, signature)


def stdio_rules(spec: str) -> Constraints:
    return parse_constraints({"input": spec}, ProblemKind.STDIO, None)


LISTS = {
    "list1": {"length": [0, 50], "values": [-100, 100], "order": "non-decreasing"},
    "list2": {"length": [0, 50], "values": [-100, 100], "order": "non-decreasing"},
}


# --- function problems: each rule, kept and broken ------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([[1, 2, 2], []], None),
        ([list(range(50)), list(range(-50, 0))], None),
        ([list(range(51)), []], "argument list1: list1 has length 51, outside length = [0, 50]"),
        ([[], [0, 101]], "argument list2: list2[1] = 101, outside values = [-100, 100]"),
        ([[3, 2], []], "argument list1: list1[0], list1[1] break order = 'non-decreasing'"),
    ],
)
def test_merge_two_sorted_lists_constraints(args: list[object], message: str | None) -> None:
    """LeetCode's: at most 50 nodes per list, values in [-100, 100], sorted."""
    rules = function_rules(LISTS, list1="ListNode", list2="ListNode")
    assert rules.violation(json.dumps(args)) == message


@pytest.mark.parametrize(
    ("table", "types", "args", "message"),
    [
        (
            {"s": {"alphabet": "()[]{}"}},
            {"s": "string"},
            ["(a)"],
            "argument s: s holds 'a', not in alphabet = '()[]{}'",
        ),
        (
            {"grid": {"rectangular": True, "alphabet": "01", "each": {"length": [1, 3]}}},
            {"grid": "character[][]"},
            [[["1", "0"], ["1"]]],
            "argument grid: grid has rows of different lengths, breaking rectangular",
        ),
        (
            {"grid": {"each": {"length": [1, 3]}}},
            {"grid": "character[][]"},
            [[["1", "0", "1", "1"]]],
            "argument grid: grid[0] has length 4, outside length = [1, 3]",
        ),
        (
            {"words": {"distinct": True, "each": {"length": [1, 20]}}},
            {"words": "list<string>"},
            [["a", "b", "a"]],
            "argument words: words[0] and words[2] are equal, breaking distinct",
        ),
        (
            {"root": {"nodes": [0, 3], "values": [-5, 5]}},
            {"root": "TreeNode"},
            [[1, None, 2, None, 3]],
            None,
        ),
        (
            {"root": {"nodes": [0, 2]}},
            {"root": "TreeNode"},
            [[1, None, 2, None, 3]],
            "argument root: root has 3 nodes, outside nodes = [0, 2]",
        ),
        (
            {"nums": {"length": [1, 10]}, "k": {"values": [1, "distinct(nums)"]}},
            {"nums": "integer[]", "k": "integer"},
            [[1, 1, 2], 3],
            "argument k: k = 3, outside values = [1, 'distinct(nums)' = 2]",
        ),
        (
            {"rules": ["len(a) + len(b) >= 1"]},
            {"a": "integer[]", "b": "integer[]"},
            [[], []],
            "rule 'len(a) + len(b) >= 1' does not hold",
        ),
        (
            {"n": {"values": [1, 2000]}, "edges": {"values": [0, "n - 1"]}},
            {"n": "integer", "edges": "integer[][]"},
            [3, [[0, 1], [2, 3]]],
            "argument edges: edges[1][1] = 3, outside values = [0, 'n - 1' = 2]",
        ),
    ],
)
def test_function_rules(
    table: dict[str, object], types: dict[str, str], args: list[object], message: str | None
) -> None:
    assert function_rules(table, **types).violation(json.dumps(args)) == message


@pytest.mark.parametrize(
    ("table", "types", "error"),
    [
        ({"x": {"length": [0, 1]}}, {"n": "integer"}, "'x' is not a parameter"),
        ({"n": {"length": [0, 1]}}, {"n": "integer"}, "length applies only to"),
        ({"n": {"alphabet": "a-z"}}, {"n": "integer"}, "alphabet applies only to text"),
        ({"s": {"values": [0, 1]}}, {"s": "string"}, "values applies only to numbers"),
        ({"a": {"rectangular": True}}, {"a": "integer[]"}, "rectangular applies only"),
        ({"a": {"order": "sideways"}}, {"a": "integer[]"}, "order must be one of"),
        ({"a": {"length": [5, 1]}}, {"a": "integer[]"}, "length = [5, 1] is empty"),
        ({"a": {"length": 5}}, {"a": "integer[]"}, "length must be [low, high]"),
        ({"a": {"lenght": [0, 5]}}, {"a": "integer[]"}, "unknown key 'lenght'"),
        ({"a": {"length": [0, "m"]}}, {"a": "integer[]"}, "reads ['m'], not parameters"),
        ({"rules": ["__import__('os')"]}, {"a": "integer[]"}, "calls are limited to"),
        ({"rules": ["a.real > 0"]}, {"a": "integer"}, "Attribute is not allowed"),
    ],
)
def test_bad_tables_say_what_to_fix(
    table: dict[str, object], types: dict[str, str], error: str
) -> None:
    with pytest.raises(ValueError, match=error.replace("[", r"\[").replace("(", r"\(")):
        function_rules(table, **types)


# --- properties -----------------------------------------------------------------------------


bounds = st.tuples(st.integers(-(10**9), 10**9), st.integers(0, 10**6)).map(
    lambda t: (t[0], t[0] + t[1])
)


@given(bounds, st.integers(0, 30), st.data())
def test_values_inside_the_bounds_always_pass(
    value_bounds: tuple[int, int], max_length: int, data: st.DataObject
) -> None:
    low, high = value_bounds
    nums = data.draw(st.lists(st.integers(low, high), max_size=max_length))
    rules = function_rules(
        {"nums": {"length": [0, max_length], "values": [low, high]}}, nums="integer[]"
    )
    assert rules.violation(json.dumps([nums])) is None


@given(bounds, st.lists(st.integers(0, 100), min_size=1, max_size=20), st.data())
def test_one_value_outside_is_found_at_its_index(
    value_bounds: tuple[int, int], offsets: list[int], data: st.DataObject
) -> None:
    low, high = value_bounds
    nums = [low + o % (high - low + 1) for o in offsets]
    at = data.draw(st.integers(0, len(nums) - 1))
    nums[at] = data.draw(st.sampled_from([low - 1, high + 1]))
    rules = function_rules({"nums": {"values": [low, high]}}, nums="integer[]")
    assert rules.violation(json.dumps([nums])) == (
        f"argument nums: nums[{at}] = {nums[at]}, outside values = [{low}, {high}]"
    )


@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126)))
def test_printable_ascii_is_the_range_space_to_tilde(text: str) -> None:
    assert set(text) <= expand_alphabet(" -~")
    assert expand_alphabet("a-z") == set("abcdefghijklmnopqrstuvwxyz")
    assert expand_alphabet("-a") == {"-", "a"}


@given(st.integers(-(10**6), 10**6), st.integers(-(10**6), 10**6))
def test_expressions_are_integer_arithmetic(a: int, b: int) -> None:
    assert parse_expression("a * 2 - b // 3 + len(xs)")({"a": a, "b": b, "xs": [1, 2]}) == (
        a * 2 - b // 3 + 2
    )
    assert parse_expression("a <= b")({"a": a, "b": b}) == (a <= b)


def test_expressions_refuse_huge_powers() -> None:
    with pytest.raises(ExpressionError, match="exponent"):
        parse_expression("10 ** 10 ** 10")


# --- stdio input formats --------------------------------------------------------------------

RANGE_SUM = """
n:int(1, 10**5) q:int(1, 10**5)
int(-10**9, 10**9)*n
[q] l:int(1, n) r:int(l, n)    # 1 <= l <= r <= n
"""


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("3 2\n1 -2 3\n1 3\n2 2\n", None),
        ("3 2\n1 -2 3\n1 3\n2 1\n", "line 4, token 2: value 1 is outside r:int(l, n) = [2, 3]"),
        ("3 2\n1 -2 3\n1 3\n2 2", "the input does not end with a newline"),
        ("3 2\n1 -2 3 \n1 3\n2 2\n", "line 2: extra whitespace after the format's items"),
        (
            "3 2\n1  -2 3\n1 3\n2 2\n",
            "line 2, token 2: extra whitespace (tokens are separated by one space)",
        ),
        ("3 2\n1 -2\n1 3\n2 2\n", "line 2: the line ends early, int(-10**9, 10**9)*n expected"),
        ("3 2\n1 -2 3 4\n1 3\n2 2\n", "line 2: extra token '4' after the format's items"),
        ("3 2\n1 -0 3\n1 3\n2 2\n", "line 2, token 2: '-0' is not an integer written canonically"),
        ("3 2\n01 2 3\n1 3\n2 2\n", "line 2, token 1: '01' is not an integer written canonically"),
        ("3 2\n1 +2 3\n1 3\n2 2\n", "line 2, token 2: '+2' is not an integer written canonically"),
        ("3 2\n1 2 3\n1 3\n", "line 4: the input ends early (format line 4)"),
        ("3 1\n1 2 3\n1 3\n2 2\n", "line 4: the input goes on after the format ends"),
        (
            "3 2\r\n1 2 3\n1 3\n2 2\n",
            "line 1, token 2: '2\\r' is not an integer written canonically",
        ),
        ("0 2\n\n1 3\n2 2\n", "line 1, token 1: value 0 is outside n:int(1, 10**5) = [1, 100000]"),
    ],
)
def test_range_sum_input_format(data: str, message: str | None) -> None:
    assert stdio_rules(RANGE_SUM).violation(data) == message


def test_strings_floats_and_asserts() -> None:
    rules = stdio_rules("n:int(1, 5)\n[n] string(1, 3, 'a-z') float(0, 1)\nassert n % 2 == 1\n")
    assert rules.violation("1\nab 0.5\n") is None
    assert rules.violation("1\nabcd 0.5\n") == (
        "line 2, token 1: length 4 is outside string(1, 3, 'a-z') = [1, 3]"
    )
    assert rules.violation("1\naB 0.5\n") == (
        "line 2, token 1: 'B' is not in the alphabet of string(1, 3, 'a-z')"
    )
    assert (
        rules.violation("1\nab 1.5\n")
        == "line 2, token 2: value 1.5 is outside float(0, 1) = [0, 1]"
    )
    assert rules.violation("2\nab 0.5\nab 0.5\n") == "line 3: assert n % 2 == 1 does not hold"


@pytest.mark.parametrize(
    ("spec", "error"),
    [
        ("n:int(1)", "takes two bounds"),
        ("n:integer(1, 2)", "not a token type"),
        ("n int(1, 2)", "is not an item"),
        ("int(1, open('x'))", "calls are limited to"),
        ("", "describes no lines"),
    ],
)
def test_bad_input_formats_say_what_to_fix(spec: str, error: str) -> None:
    with pytest.raises(ValueError, match=error.replace("(", r"\(")):
        stdio_rules(spec)


@given(st.lists(st.integers(-(10**9), 10**9), min_size=1, max_size=50))
def test_any_canonical_list_within_bounds_passes(nums: list[int]) -> None:
    rules = stdio_rules("n:int(1, 50)\nint(-10**9, 10**9)*n\n")
    assert rules.violation(f"{len(nums)}\n{' '.join(map(str, nums))}\n") is None


# --- packages -------------------------------------------------------------------------------

TOML = """\
slug = "rev"
title = "Reverse"
kind = "function"

[signature]
function = "reverseList"
returns = "ListNode"
params = [{ name = "head", type = "ListNode" }]

[constraints]
head = { length = [0, 5000], values = [-5000, 5000] }
"""
SOLUTION = """\
class Solution:
    def reverseList(self, head):
        if head is None or head.next is None:
            return head
        rest = self.reverseList(head.next)
        head.next.next = head
        head.next = None
        return rest
"""


def make_package(root: Path, big: int) -> Path:
    """A reverse-linked-list package whose hidden test has ``big`` nodes."""
    files = {
        "problem.toml": TOML,
        "statement.md": "# Reverse\n",
        "tests/sample-1.json": '{"args": [[1, 2]], "expected": [2, 1]}',
        "tests/large-1.json": json.dumps({"args": [list(range(big))], "expected": []}),
        "solutions/accepted/recursive.py": SOLUTION,
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def test_the_loader_parses_constraints(tmp_path: Path) -> None:
    problem = load_problem(make_package(tmp_path / "rev", 3))
    assert problem.constraints is not None
    assert problem.constraints.violation("[[1, 2, 3]]") is None


def test_a_bad_constraints_table_names_problem_toml(tmp_path: Path) -> None:
    root = make_package(tmp_path / "rev", 3)
    (root / "problem.toml").write_text(TOML.replace("length", "nodes"))
    with pytest.raises(ProblemFormatError, match=r"problem.toml: \[constraints\] head: nodes"):
        load_problem(root)


def test_validate_names_the_test_the_argument_and_the_rule(tmp_path: Path) -> None:
    """The class of fault behind 'recursive list solutions fail': a test larger than the
    stated constraints is a package error, found before any solution runs."""
    root = make_package(tmp_path / "rev", 5001)
    assert validate_problem(root) == [
        f"{root}/tests/large-1.json: breaks the constraints: argument head: head has length "
        "5001, outside length = [0, 5000]"
    ]


def test_validate_reports_a_value_of_the_wrong_shape_without_crashing(tmp_path: Path) -> None:
    root = make_package(tmp_path / "rev", 3)
    (root / "problem.toml").write_text(
        TOML.replace("ListNode", "integer").replace(
            "head = { length = [0, 5000], values = [-5000, 5000] }", "head = { values = [0, 1] }"
        )
    )
    issues = validate_problem(root)
    assert any(
        "breaks the constraints: cannot be checked" in issue or "outside values" in issue
        for issue in issues
    ), issues


@pytest.mark.timeout(300)
def test_problems_check_fails_on_a_test_outside_the_constraints(tmp_path: Path) -> None:
    root = make_package(tmp_path / "rev", 5001)
    done = subprocess.run(
        [sys.executable, "-m", "codejudge.cli", "problems", "check", str(root)],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "300"},
    )
    assert done.returncode == 1, done.stdout
    assert "large-1.json: breaks the constraints: argument head: head has length 5001" in (
        done.stderr
    )


def test_repeated_lines_read_bounds_bound_before_them() -> None:
    """Bounds that read only earlier lines are evaluated once for all repetitions; the
    result is the same as reading them per line."""
    rules = stdio_rules("n:int(1, 3) m:int(0, 5)\n[m] int(1, n) int(1, n) int(0, 10**9)\n")
    assert rules.violation("3 2\n1 3 7\n3 2 0\n") is None
    assert rules.violation("3 2\n1 3 7\n4 2 0\n") == (
        "line 3, token 1: value 4 is outside int(1, n) = [1, 3]"
    )
    assert rules.violation("3 0\n") is None

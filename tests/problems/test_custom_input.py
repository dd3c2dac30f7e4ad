"""A run's custom input read in the problem's test format and checked against its signature and
constraints (``problems.custom_input``): what fits becomes the one test, what does not is an
``InvalidInput`` naming the line, the parameter and the rule. The bundled problems, pure."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

from codejudge.exceptions import InvalidInput
from codejudge.models import CheckerSpec, Problem
from codejudge.problems import BUNDLED_DIR, load_problem
from codejudge.problems.custom_input import (
    custom_expected,
    custom_test,
    function_arguments,
    stdin_text,
)

TWO_SUM = load_problem(BUNDLED_DIR / "two-sum")
A_PLUS_B = load_problem(BUNDLED_DIR / "a-plus-b")
TREE = load_problem(BUNDLED_DIR / "maximum-depth-of-binary-tree")


def test_a_function_input_is_one_json_value_per_parameter_line() -> None:
    """What a run's row shows as a test's input (one argument's JSON a line) is what a custom
    input is written as; it becomes the tests' canonical JSON array of arguments."""
    test = custom_test(TWO_SUM, "[2, 7, 11, 15]\r\n9\n\n")
    assert test.input == "[[2,7,11,15],9]"
    assert (test.index, test.sample, test.expected) == (1, True, "")
    sample = TWO_SUM.samples[0]
    shown = "\n".join(json.dumps(a) for a in json.loads(sample.input))
    assert custom_test(TWO_SUM, shown).input == sample.input


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[2,7,11,15]", "input has 1 line(s) but twoSum takes 2 parameter(s) (nums: integer[], "
         "target: integer): write one JSON value per line, in that order"),
        ("[2,7]\n9\n3", "input has 3 line(s)"),
        ("", "input has 0 line(s)"),
        ("[2,7,\n9", "input line 1 (nums: integer[]) is not a JSON value"),
        ("[2,7]\nnine", "input line 2 (target: integer) is not a JSON value"),
        ("[2,7]\nNaN", "input line 2 (target: integer) is not a JSON value: NaN is not a JSON"),
        # Out of a double's range: json.loads would make it inf, which no driver reads back.
        ("[2,7]\n1e999", "input line 2 (target: integer) is not a JSON value: 1e999 is out of"),
        ("[-1E400]\n9", "input line 1 (nums: integer[]) is not a JSON value: -1E400 is out of"),
        # Nested past the parser's recursion limit (was a RecursionError: a 500).
        ("[" * 40000 + "]" * 40000 + "\n9", "input line 1 (nums: integer[]) is not a JSON "
         "value: it is nested too deeply"),
        ('[2,"7"]\n9', "input line 1 (nums: integer[]): nums[1] should be a 32-bit integer, "
         "got '7'"),
        ("[2,7]\n9.5", "input line 2 (target: integer): target should be a 32-bit integer"),
        ("[2,7]\n4294967296", "target should be a 32-bit integer, got 4294967296"),
        ("[2]\n9", "input breaks problem 'two-sum''s constraints: argument nums: nums has length "
         "1, outside length = [2, 10000]"),
        ("[2,7]\n2000000000", "argument target: target = 2000000000, outside values = "
         "[-1000000000, 1000000000]"),
    ],
)  # fmt: skip
def test_a_function_input_that_does_not_fit_is_refused_naming_line_and_rule(
    text: str, message: str
) -> None:
    with pytest.raises(InvalidInput, match=re.escape(message)):
        custom_test(TWO_SUM, text)


def test_tree_inputs_are_read_as_leetcode_writes_them() -> None:
    assert custom_test(TREE, "[3,9,20,null,null,15,7]").input == "[[3,9,20,null,null,15,7]]"
    with pytest.raises(InvalidInput, match="level-order array"):
        custom_test(TREE, "[null,1]")


def test_stdio_input_is_raw_stdin_under_the_line_ending_rule() -> None:
    assert custom_test(A_PLUS_B, "1 2").input == "1 2\n"  # a final newline, as a test file has
    assert custom_test(A_PLUS_B, "\ufeff3 4\r\n").input == "3 4\n"
    assert stdin_text("") == "" and stdin_text("a\rb") == "a\nb\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1\n", "line 1"),
        ("1 2 3\n", "line 1"),
        ("1 2\n3 4\n", "line 2: the input goes on after the format ends"),
        (f"{10**19} 1\n", "line 1"),
    ],
)
def test_a_stdio_input_that_breaks_the_input_format_is_refused(text: str, message: str) -> None:
    with pytest.raises(InvalidInput, match="input breaks problem 'a-plus-b''s constraints") as e:
        custom_test(A_PLUS_B, text)
    assert message in str(e.value)


def test_without_constraints_any_stdin_fits() -> None:
    free = dataclasses.replace(A_PLUS_B, constraints=None)
    assert custom_test(free, "whatever\x00 it is").input == "whatever\x00 it is\n"


def test_an_interactive_problem_takes_no_custom_input() -> None:
    for options in ({"interactive": True}, {"passes": 2}):
        talking = dataclasses.replace(A_PLUS_B, checker=CheckerSpec("custom", options))
        with pytest.raises(InvalidInput, match="interactive"):
            custom_test(talking, "1 2\n")
    batch = dataclasses.replace(A_PLUS_B, checker=CheckerSpec("custom", {"program": "v.py"}))
    assert custom_test(batch, "1 2").input == "1 2\n"


def expected_of(problem: Problem, text: str) -> str:
    return custom_test(problem, "[2,7]\n9" if problem is TWO_SUM else "1 2", text).expected


def test_an_expected_output_given_is_read_as_the_tests_are() -> None:
    assert expected_of(TWO_SUM, " [0, 1] ") == "[0,1]"
    assert expected_of(A_PLUS_B, "3\r\n") == "3\n"
    with pytest.raises(InvalidInput, match=re.escape("expected (integer[]) is not a JSON value")):
        custom_expected(TWO_SUM, "[0,")
    with pytest.raises(InvalidInput, match=re.escape("expected[0] should be a 32-bit integer")):
        custom_expected(TWO_SUM, '["0",1]')
    with pytest.raises(InvalidInput, match="nested too deeply"):
        custom_expected(TWO_SUM, "[" * 40000 + "]" * 40000)
    with pytest.raises(InvalidInput, match="out of a double's range"):
        custom_expected(TWO_SUM, "[1e999]")


def test_function_arguments_read_values_of_every_base_type() -> None:
    signature = load_problem(BUNDLED_DIR / "valid-parentheses").signature
    assert signature is not None
    assert function_arguments(signature, '"()[]"') == ["()[]"]
    with pytest.raises(InvalidInput, match="s should be a string, got 5"):
        function_arguments(signature, "5")

"""A run's custom input (``POST /api/v1/runs`` with ``input``; LeetCode's "Run" on your own
test): read in the problem's test format and checked against its signature and
``[constraints]`` before anything runs, so a bad input is refused with a message naming the
line, the parameter and the rule, never judged.

- A function problem's input is LeetCode's custom-input box: one JSON value per parameter, one
  per line, in the signature's order (``[2,7,11,15]`` then ``9`` for ``twoSum(nums, target)``),
  the way a run's rows show a test's input. It becomes the test's ``input``: the arguments'
  canonical JSON array, as the package's ``tests/NAME.json`` ``args`` are read.
- A stdio problem's input is its raw stdin, under the line-ending rule that the package's tests
  are read with (``normalise_text``: no BOM, LF) and ending with a newline (added if missing,
  as a test file's last line has one); a problem with an input format checks it.

The worker reads the stored input through the same functions, so what was checked is what runs.
"""

from __future__ import annotations

import json
import math

from codejudge.checkers import CUSTOM, canonical_json, normalise_text
from codejudge.exceptions import InvalidInput
from codejudge.models import Problem, ProblemKind, Signature, TestCase
from codejudge.models.vocabulary import value_error
from codejudge.problems.validate import judged_type

CUSTOM_TEST_NAME = "custom"


def custom_test(problem: Problem, text: str, expected: str | None = None) -> TestCase:
    """The one visible test a run on ``text`` is judged on: its input in the problem's test
    format, and ``expected`` (None: unknown yet, the reference solution's output will be) in
    the tests' format too. Raises ``InvalidInput`` naming what does not fit: the number of
    lines, a line that is not JSON, a value of the wrong type for its parameter, a broken
    ``[constraints]`` rule or input-format line, an interactive problem (its validator talks to
    the program: there is no input to give it)."""
    options = problem.checker.options
    if problem.checker.name == CUSTOM and (
        options.get("interactive") or int(options.get("passes", 1)) > 1
    ):
        raise InvalidInput(
            f"problem {problem.slug!r} is interactive: its validator talks to your program, so "
            "a run takes no input; leave 'input' out to run the samples"
        )
    if problem.kind is ProblemKind.FUNCTION:
        assert problem.signature is not None, "a function problem has a signature"
        test_input = canonical_json(function_arguments(problem.signature, text))
    else:
        test_input = stdin_text(text)
    broken = _constraint_violation(problem, test_input)
    if broken is not None:
        raise InvalidInput(f"input breaks problem {problem.slug!r}'s constraints: {broken}")
    answer = "" if expected is None else custom_expected(problem, expected)
    return TestCase(1, test_input, answer, sample=True, name=CUSTOM_TEST_NAME)


def function_arguments(signature: Signature, text: str) -> list[object]:
    """The arguments written one JSON value per line (trailing blank lines ignored), each
    checked against its parameter's type. ``InvalidInput`` names the line and parameter."""
    rows = normalise_text(text).split("\n")
    while rows and not rows[-1].strip():
        rows.pop()
    params = signature.params
    names = ", ".join(f"{p.name}: {p.type}" for p in params)
    if len(rows) != len(params):
        raise InvalidInput(
            f"input has {len(rows)} line(s) but {signature.function} takes {len(params)} "
            f"parameter(s) ({names}): write one JSON value per line, in that order"
        )
    args = []
    for number, (param, row) in enumerate(zip(params, rows, strict=True), start=1):
        where = f"input line {number} ({param.name}: {param.type})"
        try:
            value = _json_value(row)
        except ValueError as e:
            raise InvalidInput(f"{where} is not a JSON value: {e}") from None
        if (error := value_error(param.type, value, param.name)) is not None:
            raise InvalidInput(f"{where}: {error}")
        args.append(value)
    return args


def stdin_text(text: str) -> str:
    """A stdio problem's custom stdin as its tests are read: BOM dropped, CRLF and CR as LF,
    and a final newline (added when the text has none)."""
    text = normalise_text(text)
    return text if not text or text.endswith("\n") else text + "\n"


def custom_expected(problem: Problem, expected: str) -> str:
    """An expected output given with a custom input, in the tests' format: a function
    problem's judged value as canonical JSON (checked against its type), a stdio problem's
    text under the line-ending rule. ``InvalidInput`` when the value does not fit."""
    if problem.kind is not ProblemKind.FUNCTION:
        return normalise_text(expected)
    assert problem.signature is not None, "a function problem has a signature"
    judged = judged_type(problem.signature)
    try:
        value = _json_value(expected)
    except ValueError as e:
        raise InvalidInput(f"expected ({judged}) is not a JSON value: {e}") from None
    if (error := value_error(judged, value, "expected")) is not None:
        raise InvalidInput(error)
    return canonical_json(value)


def _constraint_violation(problem: Problem, test_input: str) -> str | None:
    if problem.constraints is None:
        return None
    try:
        return problem.constraints.violation(test_input)
    except (TypeError, ValueError, KeyError, IndexError) as e:  # as constraint_issues says
        return f"it cannot be checked ({type(e).__name__}: {e})"


def _json_value(text: str) -> object:
    """One JSON value as the drivers read it back: finite numbers only (``NaN``,
    ``Infinity`` and overflowing literals such as ``1e999`` are refused), nested no deeper than
    the parser can follow. ``ValueError`` saying which."""
    try:
        return json.loads(text, parse_constant=_no_constant, parse_float=_finite)
    except RecursionError:
        raise ValueError("it is nested too deeply") from None


def _finite(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):
        raise ValueError(f"{literal} is out of a double's range")
    return value


def _no_constant(name: str) -> object:
    # json.loads takes NaN and Infinity, which are not JSON and which no driver reads back.
    raise ValueError(f"{name} is not a JSON number")

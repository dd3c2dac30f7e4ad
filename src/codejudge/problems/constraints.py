"""A problem's ``[constraints]``: what every test's input must satisfy, checked like Kattis'
input validators (``codejudge problems check`` runs them on every test).

Function problems constrain each argument on the type vocabulary (``models/vocabulary.py``)::

    [constraints]
    nums = { length = [2, 10_000], values = [-1_000_000_000, 1_000_000_000] }
    k = { values = [1, "distinct(nums)"] }
    grid = { length = [1, 300], rectangular = true, each = { length = [1, 300], alphabet = "01" } }
    rules = ["len(nums1) + len(nums2) >= 1"]

Stdio problems describe their input's lines (``input_format.py``)::

    [constraints]
    input = '''
    n:int(1, 10**5)
    int(-10**9, 10**9)*n
    '''

The format is docs/problem-format.md, "Constraints". Bounds and rules are expressions
(``expressions.py``) over the other arguments, never code.
"""

from __future__ import annotations

import json
import operator
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from codejudge.models import ProblemKind, Signature
from codejudge.models.vocabulary import TypeSpec, parse_type
from codejudge.problems.expressions import (
    Expression,
    ExpressionError,
    expand_alphabet,
    parse_expression,
)
from codejudge.problems.input_format import InputFormat, parse_input_format

Bound = int | float | Expression
RULES = "rules"
_ORDERS: dict[str, Callable[[Any, Any], bool]] = {
    "increasing": operator.lt,
    "non-decreasing": operator.le,
    "decreasing": operator.gt,
    "non-increasing": operator.ge,
}
_KEYS = ("length", "nodes", "values", "alphabet", "order", "distinct", "rectangular", "each")


@dataclass(frozen=True, slots=True)
class ValueRule:
    """The constraints on one value. ``length``, ``order``, ``distinct`` and ``rectangular``
    concern the value itself (a sequence, string or ListNode), ``each`` its elements;
    ``values`` bounds every number in it and ``alphabet`` every character, at any depth."""

    length: tuple[Bound, Bound] | None = None  # elements, characters or ListNode nodes
    nodes: tuple[Bound, Bound] | None = None  # TreeNode: non-null nodes
    values: tuple[Bound, Bound] | None = None
    alphabet: frozenset[str] | None = None
    alphabet_text: str = ""
    order: str | None = None
    distinct: bool = False
    rectangular: bool = False  # a sequence of sequences whose elements all have one length
    each: ValueRule | None = None


@dataclass(frozen=True, slots=True)
class FunctionConstraints:
    """Per-parameter rules and cross-argument ``rules`` of a function problem."""

    names: tuple[str, ...]  # every parameter, in order: what the arguments are bound to
    params: tuple[tuple[str, str, ValueRule], ...]  # (name, type, rule) of those constrained
    rules: tuple[Expression, ...] = ()

    def violation(self, test_input: str) -> str | None:
        """The first rule a test's ``args`` (canonical JSON) break, as a message naming the
        argument and the rule; None when they satisfy every one."""
        args = json.loads(test_input)
        env = dict(zip(self.names, args, strict=True))
        for name, type_name, rule in self.params:
            problem = _check(rule, parse_type(type_name), env[name], name, env)
            if problem is not None:
                return f"argument {name}: {problem}"
        for expression in self.rules:
            try:
                holds = expression(env)
            except ExpressionError as e:
                return f"rule {expression.text!r}: {e}"
            if not holds:
                return f"rule {expression.text!r} does not hold"
        return None


@dataclass(frozen=True, slots=True)
class StdioConstraints:
    """A stdio problem's input format."""

    input: InputFormat

    def violation(self, test_input: str) -> str | None:
        """The first place the input breaks the format, as a message (line, token, rule)."""
        return self.input.violation(test_input)


Constraints = FunctionConstraints | StdioConstraints


def parse_constraints(
    table: Mapping[str, Any], kind: ProblemKind, signature: Signature | None
) -> Constraints:
    """Parse a ``[constraints]`` table; raises ``ValueError`` with a message naming the key."""
    if kind is ProblemKind.STDIO:
        if set(table) != {"input"} or not isinstance(table["input"], str):
            raise ValueError("a stdio problem's [constraints] holds one key, input = '''...'''")
        return StdioConstraints(parse_input_format(table["input"]))
    assert signature is not None, "a function problem has a signature"
    types = {p.name: p.type for p in signature.params}
    params = []
    for name, value in table.items():
        if name == RULES:
            continue
        if name not in types:
            raise ValueError(f"{name!r} is not a parameter; use one of {sorted(types)} or rules")
        label = f"[constraints] {name}"
        rule = _rule(label, _table(label, value), parse_type(types[name]), set(types))
        params.append((name, types[name], rule))
    rules = table.get(RULES, [])
    if not isinstance(rules, list) or not all(isinstance(r, str) for r in rules):
        raise ValueError("[constraints] rules must be an array of expressions (strings)")
    order = list(types)
    params.sort(key=lambda p: order.index(p[0]))
    expressions = tuple(_expression(r, set(types)) for r in rules)
    return FunctionConstraints(tuple(order), tuple(params), expressions)


# --- parsing one value's rule ----------------------------------------------------------------


def _rule(label: str, table: Mapping[str, Any], spec: TypeSpec, names: set[str]) -> ValueRule:
    for key in table:
        if key not in _KEYS:
            raise ValueError(f"{label}: unknown key {key!r}; known: {', '.join(_KEYS)}")
    bases = set(_bases(spec))
    sized = spec.is_sequence or spec.base in ("string", "ListNode")
    ordered = spec.is_sequence or spec.base == "ListNode"
    _applies(label, "length", table, sized, "a sequence, string or ListNode")
    _applies(label, "nodes", table, spec.base == "TreeNode", "a TreeNode")
    numbers = {"integer", "long", "double", "ListNode", "TreeNode"}
    _applies(label, "values", table, bool(bases & numbers), "numbers")
    _applies(label, "alphabet", table, bool(bases & {"string", "character"}), "text")
    _applies(label, "order", table, ordered, "a sequence or ListNode")
    _applies(label, "distinct", table, ordered, "a sequence or ListNode")
    nested = spec.element is not None and spec.element.is_sequence
    _applies(label, "rectangular", table, nested, "a sequence of sequences")
    _applies(label, "each", table, spec.is_sequence, "a sequence")
    order = table.get("order")
    if order is not None and order not in _ORDERS:
        raise ValueError(f"{label}: order must be one of {', '.join(_ORDERS)}, got {order!r}")
    alphabet = table.get("alphabet")
    if alphabet is not None and (not isinstance(alphabet, str) or not alphabet):
        raise ValueError(f"{label}: alphabet must be a non-empty string such as 'a-z0-9'")
    each = None
    if "each" in table:
        assert spec.element is not None
        each = _rule(f"{label} each", _table(f"{label} each", table["each"]), spec.element, names)
    return ValueRule(
        length=_range(label, "length", table, names),
        nodes=_range(label, "nodes", table, names),
        values=_range(label, "values", table, names),
        alphabet=None if alphabet is None else expand_alphabet(alphabet),
        alphabet_text=alphabet or "",
        order=order,
        distinct=_flag(label, "distinct", table),
        rectangular=_flag(label, "rectangular", table),
        each=each,
    )


def _bases(spec: TypeSpec) -> Iterator[str]:
    while spec.element is not None:
        spec = spec.element
    yield spec.base or ""


def _applies(label: str, key: str, table: Mapping[str, Any], ok: bool, what: str) -> None:
    if key in table and not ok:
        raise ValueError(f"{label}: {key} applies only to {what}")


def _table(label: str, value: object) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"{label} must be a table, e.g. {{ length = [1, 100] }}")
    return value


def _flag(label: str, key: str, table: Mapping[str, Any]) -> bool:
    value = table.get(key, False)
    if not isinstance(value, bool):
        raise ValueError(f"{label}: {key} must be true or false, got {value!r}")
    return value


def _range(
    label: str, key: str, table: Mapping[str, Any], names: set[str]
) -> tuple[Bound, Bound] | None:
    if key not in table:
        return None
    value = table[key]
    if not isinstance(value, list) or len(value) != 2:
        raise ValueError(f"{label}: {key} must be [low, high] (inclusive), got {value!r}")
    low, high = (_bound(f"{label}: {key}", v, names) for v in value)
    if not isinstance(low, Expression) and not isinstance(high, Expression) and low > high:
        raise ValueError(f"{label}: {key} = [{low}, {high}] is empty")
    return low, high


def _bound(label: str, value: object, names: set[str]) -> Bound:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        return _expression(value, names)
    raise ValueError(f"{label}: a bound is a number or an expression string, got {value!r}")


def _expression(text: str, names: set[str]) -> Expression:
    try:
        expression = parse_expression(text)
    except ExpressionError as e:
        raise ValueError(f"[constraints]: {e}") from None
    if unknown := expression.names - names:
        raise ValueError(f"[constraints]: {text!r} reads {sorted(unknown)}, not parameters")
    return expression


# --- checking a value -----------------------------------------------------------------------


def _check(
    rule: ValueRule, spec: TypeSpec, value: Any, where: str, env: Mapping[str, Any]
) -> str | None:
    """Why ``value`` (at ``where``) breaks ``rule``, or None."""
    if value is None:
        return None  # an empty ListNode/TreeNode; sizes are checked on the array form
    if rule.length is not None and (error := _within(len(value), rule.length, env)):
        return f"{where} has length {len(value)}, outside length = {error}"
    if rule.nodes is not None:
        count = sum(v is not None for v in value)
        if error := _within(count, rule.nodes, env):
            return f"{where} has {count} nodes, outside nodes = {error}"
    if error := _check_leaves(rule, value, where, env):
        return error
    return _check_shape(rule, spec, value, where, env)


def _check_leaves(rule: ValueRule, value: Any, where: str, env: Mapping[str, Any]) -> str | None:
    """``values`` and ``alphabet``: checked on all the leaves at once first (tests hold 10^5
    values), then, only on a failure, one by one to name the first offender."""
    leaves = _leaves(value)
    if rule.values is not None:
        numbers = [x for x in leaves if isinstance(x, int | float) and not isinstance(x, bool)]
        extremes = (min(numbers), max(numbers)) if numbers else ()
        if any(_within(x, rule.values, env) for x in extremes):
            for path, number in _numbers(value, where):
                if error := _within(number, rule.values, env):
                    return f"{path} = {number}, outside values = {error}"
    texts = [x for x in leaves if isinstance(x, str)]
    if rule.alphabet is not None and not set().union(*texts) <= rule.alphabet:
        for path, text in _texts(value, where):
            if bad := next((c for c in text if c not in rule.alphabet), None):
                return f"{path} holds {bad!r}, not in alphabet = {rule.alphabet_text!r}"
    return None


def _leaves(value: Any) -> list[Any]:
    """Every non-list, non-null value inside ``value``, at any depth."""
    if not isinstance(value, list):
        return [value]
    if not any(isinstance(item, list) for item in value):
        return [item for item in value if item is not None]
    return [leaf for item in value for leaf in _leaves(item)]


def _check_shape(
    rule: ValueRule, spec: TypeSpec, value: Any, where: str, env: Mapping[str, Any]
) -> str | None:
    if rule.order is not None:
        before = _ORDERS[rule.order]
        for i in range(1, len(value)):
            if not before(value[i - 1], value[i]):
                return f"{where}[{i - 1}], {where}[{i}] break order = {rule.order!r}"
    if rule.distinct:
        seen: dict[str, int] = {}
        for i, item in enumerate(value):
            key = json.dumps(item)
            if key in seen:
                return f"{where}[{seen[key]}] and {where}[{i}] are equal, breaking distinct"
            seen[key] = i
    if rule.rectangular and len({len(row) for row in value}) > 1:
        return f"{where} has rows of different lengths, breaking rectangular"
    if rule.each is not None:
        assert spec.element is not None
        for i, item in enumerate(value):
            if problem := _check(rule.each, spec.element, item, f"{where}[{i}]", env):
                return problem
    return None


def _within(number: float, bounds: tuple[Bound, Bound], env: Mapping[str, Any]) -> str | None:
    """None if ``low <= number <= high``, else the bounds as text for the message."""
    low, high = (b(env) if isinstance(b, Expression) else b for b in bounds)
    if low <= number <= high:
        return None
    shown = [
        f"{b.text!r} = {v}" if isinstance(b, Expression) else str(v)
        for b, v in zip(bounds, (low, high), strict=True)
    ]
    return f"[{shown[0]}, {shown[1]}]"


def _numbers(value: Any, where: str) -> Iterator[tuple[str, float]]:
    if isinstance(value, list):
        for i, item in enumerate(value):
            yield from _numbers(item, f"{where}[{i}]")
    elif isinstance(value, int | float) and not isinstance(value, bool):
        yield where, value


def _texts(value: Any, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts(item, f"{where}[{i}]")
    elif isinstance(value, str):
        yield where, value

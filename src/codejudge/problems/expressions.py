"""The small expression language of ``[constraints]``: bounds and cross-argument rules.

An expression is a Python expression restricted to integer arithmetic over named values::

    expr := number | name | expr OP expr | -expr | not expr | expr CMP expr [CMP expr ...]
            | expr and expr | expr or expr | FUNC(expr, ...) | (expr)
    OP   := + - * // % **        CMP := < <= > >= == !=
    FUNC := len | distinct | min | max | abs | sum

``distinct(x)`` is the number of different elements of ``x``. Names are a function problem's
parameters, or the values a stdio input format has read so far. It is parsed with ``ast`` and
only the nodes above are accepted, so a package's constraints can never run code.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any


def _distinct(values: list[Any]) -> int:
    return len({repr(v) for v in values})


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "len": len,
    "distinct": _distinct,
    "min": min,
    "max": max,
    "abs": abs,
    "sum": sum,
}
_BINARY: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
_COMPARE: dict[type[ast.cmpop], Callable[[Any, Any], bool]] = {
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
}
_MAX_POWER = 64  # 10**9 is fine, 10**10**10 would hang the checker


class ExpressionError(ValueError):
    """An expression outside the language, or one that cannot be evaluated."""


@dataclass(frozen=True, slots=True)
class Expression:
    """A parsed expression; ``names`` are the names it reads."""

    text: str
    tree: ast.expr
    names: frozenset[str]
    constant: Any = None  # the value, when the expression reads no names (computed once)

    def __call__(self, env: Mapping[str, Any]) -> Any:
        """The value in ``env``; raises ``ExpressionError`` naming what went wrong."""
        if self.constant is not None:
            return self.constant  # a bound such as 10**9, read once per token: keep it cheap
        try:
            return _eval(self.tree, env)
        except ExpressionError:
            raise
        except (TypeError, ValueError, ZeroDivisionError, OverflowError) as e:
            raise ExpressionError(f"{self.text!r} cannot be evaluated: {e}") from None


def parse_expression(text: str) -> Expression:
    """Parse ``text``; raises ``ExpressionError`` for anything outside the language."""
    try:
        tree = ast.parse(text.strip(), mode="eval").body
    except SyntaxError as e:
        raise ExpressionError(f"{text!r} is not an expression: {e.msg}") from None
    names: set[str] = set()
    for node in ast.walk(tree):
        _check_node(node, text, names)
    expression = Expression(text.strip(), tree, frozenset(names))
    if names:
        return expression
    return Expression(expression.text, tree, expression.names, expression({}))


_ALLOWED = (
    ast.Constant,
    ast.Name,
    ast.BinOp,
    ast.UnaryOp,
    ast.BoolOp,
    ast.Compare,
    ast.Call,
    ast.Load,
    ast.USub,
    ast.UAdd,
    ast.Not,
    ast.And,
    ast.Or,
    *_BINARY,
    *_COMPARE,
)


def _check_node(node: ast.AST, text: str, names: set[str]) -> None:
    if not isinstance(node, _ALLOWED):
        raise ExpressionError(f"{text!r}: {type(node).__name__} is not allowed in a constraint")
    if isinstance(node, ast.Constant) and type(node.value) not in (int, float, bool):
        raise ExpressionError(f"{text!r}: only numbers are allowed, got {node.value!r}")
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS or node.keywords:
            known = ", ".join(FUNCTIONS)
            raise ExpressionError(f"{text!r}: calls are limited to {known}")
    elif isinstance(node, ast.Name) and node.id not in FUNCTIONS:
        names.add(node.id)


def _eval(node: ast.expr, env: Mapping[str, Any]) -> Any:
    match node:
        case ast.Constant(value=value):
            return value
        case ast.Name(id=name):
            if name not in env:
                raise ExpressionError(f"{name!r} is not known here")
            return env[name]
        case ast.UnaryOp(op=op, operand=operand):
            value = _eval(operand, env)
            return (
                not value
                if isinstance(op, ast.Not)
                else (-value if isinstance(op, ast.USub) else value)
            )
        case ast.BinOp(left=left, op=op, right=right):
            a, b = _eval(left, env), _eval(right, env)
            if isinstance(op, ast.Pow) and abs(b) > _MAX_POWER:
                raise ExpressionError(f"exponent {b} is too large")
            return _BINARY[type(op)](a, b)
        case ast.BoolOp(op=op, values=values):
            results = (_eval(v, env) for v in values)
            return all(results) if isinstance(op, ast.And) else any(results)
        case ast.Compare(left=left, ops=ops, comparators=comparators):
            a = _eval(left, env)
            for compare, right in zip(ops, comparators, strict=True):
                b = _eval(right, env)
                if not _COMPARE[type(compare)](a, b):
                    return False
                a = b
            return True
        case ast.Call(func=ast.Name(id=name), args=args):
            return FUNCTIONS[name](*(_eval(a, env) for a in args))
    raise ExpressionError(f"cannot evaluate {ast.dump(node)}")  # pragma: no cover - parse rejects


def expand_alphabet(text: str) -> frozenset[str]:
    """The characters of ``text``, where ``x-y`` between two characters is the range x..y (a
    ``-`` first or last is itself): ``"a-z0-9_"``, ``"()[]{}"``, ``" -~"`` (printable ASCII)."""
    chars: set[str] = set()
    i = 0
    while i < len(text):
        if i + 2 < len(text) and text[i + 1] == "-":
            low, high = ord(text[i]), ord(text[i + 2])
            if low > high:
                raise ValueError(f"alphabet range {text[i : i + 3]!r} runs backwards")
            chars.update(map(chr, range(low, high + 1)))
            i += 3
        else:
            chars.add(text[i])
            i += 1
    return frozenset(chars)

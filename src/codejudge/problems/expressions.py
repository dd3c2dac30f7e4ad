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
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import CodeType
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
_BINARY = (ast.Add, ast.Sub, ast.Mult, ast.FloorDiv, ast.Mod, ast.Pow)
_COMPARE = (ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Eq, ast.NotEq)
_MAX_POWER = 64  # 10**9 is fine; 10**10**10 would hang the checker, so exponents are literals


class ExpressionError(ValueError):
    """An expression outside the language, or one that cannot be evaluated."""


@dataclass(frozen=True, slots=True)
class Expression:
    """A parsed expression; ``names`` are the names it reads."""

    text: str
    code: CodeType  # compiled from the checked tree: only the nodes listed above
    names: frozenset[str]

    def __call__(self, env: Mapping[str, Any]) -> Any:
        """The value in ``env``; raises ``ExpressionError`` naming what went wrong."""
        try:
            # Safe: the tree holds only numbers, names, operators and calls of FUNCTIONS (no
            # attributes, subscripts or other builtins), so evaluating it can do nothing else.
            # Compiled rather than walked because a stdio input evaluates bounds per token.
            return eval(self.code, _GLOBALS, env)
        except NameError as e:
            raise ExpressionError(f"{self.text!r}: {e.name!r} is not known here") from None
        except (TypeError, ValueError, ArithmeticError) as e:
            raise ExpressionError(f"{self.text!r} cannot be evaluated: {e}") from None


_GLOBALS: dict[str, Any] = {"__builtins__": {}, **FUNCTIONS}


def parse_expression(text: str) -> Expression:
    """Parse ``text``; raises ``ExpressionError`` for anything outside the language."""
    source = text.strip()
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as e:
        raise ExpressionError(f"{text!r} is not an expression: {e.msg}") from None
    names: set[str] = set()
    for node in ast.walk(tree.body):
        _check_node(node, source, names)
    return Expression(source, compile(tree, "<constraint>", "eval"), frozenset(names))


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
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
        exponent = node.right
        if not (isinstance(exponent, ast.Constant) and type(exponent.value) is int):
            raise ExpressionError(f"{text!r}: an exponent must be a whole number")
        if abs(exponent.value) > _MAX_POWER:
            raise ExpressionError(f"{text!r}: exponent {exponent.value} is too large")
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS or node.keywords:
            known = ", ".join(FUNCTIONS)
            raise ExpressionError(f"{text!r}: calls are limited to {known}")
    elif isinstance(node, ast.Name) and node.id not in FUNCTIONS:
        if node.id.startswith("_"):
            raise ExpressionError(f"{text!r}: names starting with _ are not allowed")
        names.add(node.id)


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

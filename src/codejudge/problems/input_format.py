"""A declarative input validator for stdio problems: the input's lines, token by token.

Kattis checks test inputs with an input validator program (or a checktestdata ``.ctd``
script); this is a smaller checktestdata that needs no program run on the host. Each line of
the spec describes one line of input::

    n:int(1, 10**5) q:int(1, 10**5)     two integers; later bounds may read n and q
    int(-10**9, 10**9)*n                n integers on one line
    [q] l:int(1, n) r:int(l, n)         q lines of two integers, l <= r
    assert n <= 10**5                   a rule over the values read so far (reads no input)

Items: ``int(low, high)``, ``float(low, high)`` (a decimal number), ``string(min_len,
max_len)`` or ``string(min_len, max_len, "a-z")`` (a token of those characters); ``name:``
binds the value (a repeated item binds the list), ``*count`` repeats an item on its line,
``[count]`` at the start repeats the line. Bounds and counts are expressions
(``expressions.py``) over the names bound so far. The input must be exactly that: tokens
separated by one space, every line ending in ``\\n``, integers written canonically (no ``+``,
no leading zeros, no ``-0``), as a strict Kattis validator requires.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from codejudge.problems.expressions import (
    Expression,
    ExpressionError,
    expand_alphabet,
    parse_expression,
)

_INT_RE = re.compile(r"-?(?:0|[1-9][0-9]*)")
_FLOAT_RE = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_ITEM_RE = re.compile(r"(?:(?P<name>[A-Za-z_]\w*):)?(?P<call>\w+\(.*\))(?:\*(?P<count>.+))?")
_TYPES = {"int": 2, "float": 2, "string": 3}


@dataclass(frozen=True, slots=True)
class Item:
    """One token (or ``count`` tokens) of a line."""

    type: str  # int | float | string
    low: Expression
    high: Expression
    name: str | None = None
    count: Expression | None = None
    alphabet: frozenset[str] | None = None  # string only
    text: str = ""


@dataclass(frozen=True, slots=True)
class Line:
    """One spec line: ``items`` on one input line, ``repeat`` times; or an ``check`` rule."""

    items: tuple[Item, ...] = ()
    repeat: Expression | None = None
    check: Expression | None = None
    number: int = 0  # the spec line, for messages

    @property
    def self_referring(self) -> bool:
        """Whether an item's bounds or count read a name bound on this same line."""
        bound = {i.name for i in self.items if i.name is not None}
        read = set().union(
            *(
                i.low.names | i.high.names | (i.count.names if i.count else set())
                for i in self.items
            )
        )
        return bool(bound & read)


class _Broken(Exception):
    """The input breaks the format; the message says where."""


@dataclass(frozen=True, slots=True)
class InputFormat:
    """A parsed input spec."""

    lines: tuple[Line, ...]
    text: str

    def violation(self, data: str) -> str | None:
        """Where and how ``data`` breaks the format (``line L, token T: ...``), or None."""
        if data and not data.endswith("\n"):
            return "the input does not end with a newline"
        rows = data[:-1].split("\n") if data else []
        env: dict[str, Any] = {}
        try:
            at = 0
            for line in self.lines:
                at = _read_line(line, rows, at, env)
        except _Broken as e:
            return str(e)
        except ExpressionError as e:
            return f"the format cannot be evaluated: {e}"
        if at < len(rows):
            return f"line {at + 1}: the input goes on after the format ends"
        return None


def parse_input_format(text: str) -> InputFormat:
    """Parse a spec; raises ``ValueError`` naming the spec line at fault."""
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        source = raw.split("#", 1)[0].strip()
        if not source:
            continue
        try:
            lines.append(_parse_line(source, number))
        except (ValueError, ExpressionError) as e:
            raise ValueError(f"[constraints] input, line {number} ({source!r}): {e}") from None
    if not lines:
        raise ValueError("[constraints] input describes no lines")
    return InputFormat(tuple(lines), text)


def _parse_line(source: str, number: int) -> Line:
    if source.startswith("assert "):
        return Line(check=parse_expression(source[len("assert ") :]), number=number)
    repeat = None
    if source.startswith("["):
        end = source.index("]")
        repeat, source = parse_expression(source[1:end]), source[end + 1 :].strip()
    items = tuple(_parse_item(part) for part in _split(source))
    if not items:
        raise ValueError("a line needs at least one item")
    return Line(items=items, repeat=repeat, number=number)


def _split(source: str) -> Iterator[str]:
    """The items of a line: split on spaces outside parentheses and quotes."""
    depth, start, quote = 0, 0, ""
    for i, char in enumerate(source + " "):
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char.isspace() and depth == 0:
            if source[start:i].strip():
                yield source[start:i].strip()
            start = i + 1


def _parse_item(text: str) -> Item:
    match = _ITEM_RE.fullmatch(text)
    if match is None:
        raise ValueError(f"{text!r} is not an item such as n:int(1, 10**5) or int(0, 9)*n")
    call = ast.parse(match["call"], mode="eval").body
    assert isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
    kind, args = call.func.id, call.args
    if kind not in _TYPES:
        raise ValueError(f"{kind!r} is not a token type; use one of {', '.join(_TYPES)}")
    alphabet = None
    if kind == "string" and len(args) == 3:
        last = args.pop()
        if not isinstance(last, ast.Constant) or not isinstance(last.value, str):
            raise ValueError("a string's alphabet is a quoted string such as 'a-z'")
        alphabet = expand_alphabet(last.value)
    if len(args) != 2 or call.keywords:
        raise ValueError(f"{kind}(low, high) takes two bounds")
    low, high = (parse_expression(ast.unparse(a)) for a in args)
    count = parse_expression(match["count"]) if match["count"] else None
    return Item(kind, low, high, match["name"], count, alphabet, text)


def _read_line(line: Line, rows: list[str], at: int, env: dict[str, Any]) -> int:
    """Check the input lines from ``at`` against ``line``; returns the next line's index."""
    if line.check is not None:
        if not line.check(env):
            raise _Broken(f"line {at}: assert {line.check.text} does not hold")
        return at
    times = 1 if line.repeat is None else _count(line.repeat, env, f"line {at + 1}")
    # Bounds that read no name bound on this line are the same on every repetition.
    bounds = None if line.self_referring else [(i.low(env), i.high(env)) for i in line.items]
    for _ in range(times):
        if at >= len(rows):
            raise _Broken(f"line {at + 1}: the input ends early (format line {line.number})")
        _read_tokens(line.items, rows[at], at + 1, env, bounds)
        at += 1
    return at


def _read_tokens(
    items: tuple[Item, ...],
    row: str,
    number: int,
    env: dict[str, Any],
    known: list[tuple[Any, Any]] | None,
) -> None:
    tokens = row.split(" ") if row else []
    position = 0
    for index, item in enumerate(items):
        times = 1 if item.count is None else _count(item.count, env, f"line {number}")
        if position + times > len(tokens):
            raise _Broken(f"line {number}: the line ends early, {item.text} expected")
        # An item's bounds cannot read the item itself: evaluate them once for all its tokens.
        bounds = known[index] if known is not None else (item.low(env), item.high(env))
        values = [
            _token(item, tokens[at], bounds, number, at) for at in range(position, position + times)
        ]
        position += times
        if item.name is not None:
            env[item.name] = values if item.count is not None else values[0]
    if position < len(tokens):
        extra = "extra whitespace" if "" in tokens else f"extra token {tokens[position]!r}"
        raise _Broken(f"line {number}: {extra} after the format's items")


def _token(
    item: Item, token: str, bounds: tuple[Any, Any], number: int, at: int
) -> int | float | str:
    value: int | float | str
    size: int | float
    if item.type == "int" and _INT_RE.fullmatch(token) and token != "-0":
        value = size = int(token)
    elif item.type == "float" and _FLOAT_RE.fullmatch(token):
        value = size = float(token)
    elif (
        item.type == "string"
        and token
        and (item.alphabet is None or all(c in item.alphabet for c in token))
    ):
        value, size = token, len(token)
    else:
        raise _Broken(f"line {number}, token {at + 1}: {_why_not(item, token)}")
    low, high = bounds
    if not low <= size <= high:
        what = "length" if item.type == "string" else "value"
        raise _Broken(
            f"line {number}, token {at + 1}: {what} {size} is outside {item.text} = [{low}, {high}]"
        )
    return value


def _why_not(item: Item, token: str) -> str:
    """Why ``token`` is not an ``item`` at all (its value aside)."""
    if token == "":
        return "extra whitespace (tokens are separated by one space)"
    if item.type == "int":
        return f"{token[:30]!r} is not an integer written canonically"
    if item.type == "float":
        return f"{token[:30]!r} is not a decimal number"
    bad = next(c for c in token if item.alphabet is not None and c not in item.alphabet)
    return f"{bad!r} is not in the alphabet of {item.text}"


def _count(expression: Expression, env: dict[str, Any], where: str) -> int:
    value = expression(env)
    if not isinstance(value, int) or value < 0:
        raise _Broken(f"{where}: the count {expression.text} = {value!r} is not a count")
    return value

"""LeetCode's type vocabulary for function-problem signatures: the one parser and type
representation, used by the problem loader and validator (``problems/``), the languages'
starters and drivers (``languages/``) and the driver protocol (``judging/harness.py``).

Grammar (what LeetCode's own problem metadata uses)::

    type := base | type "[]" | "list<" type ">"
    base := integer | long | double | boolean | string | character | ListNode | TreeNode

so ``integer[]``, ``integer[][]``, ``list<list<integer>>``, ``character[]`` and ``ListNode[]`` are
all types. ``void`` is allowed only as a return type. On the wire every value is JSON: numbers,
booleans, strings, arrays; a ``ListNode`` is the array of its values and a ``TreeNode`` its
level-order array with ``null`` for missing children, exactly as LeetCode prints them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

SCALARS = ("integer", "long", "double", "boolean", "string", "character")
NODES = ("ListNode", "TreeNode")
BASE_TYPES = frozenset((*SCALARS, *NODES))
VOID = "void"

_INT32 = (-(2**31), 2**31 - 1)
_INT64 = (-(2**63), 2**63 - 1)


@dataclass(frozen=True, slots=True)
class TypeSpec:
    """A parsed type: a base type (``base``), or a sequence of ``element``: ``T[]`` (an array)
    or ``list<T>`` (``is_list``; the two differ only in how Java spells them)."""

    base: str | None
    element: TypeSpec | None = None
    is_list: bool = False

    @property
    def is_sequence(self) -> bool:
        return self.element is not None

    @property
    def leaf(self) -> str:
        """The base type inside all the sequences (``integer`` for ``list<integer[]>``)."""
        spec = self
        while spec.element is not None:
            spec = spec.element
        return spec.base or ""

    @property
    def levels(self) -> tuple[bool, ...]:
        """The sequences around ``leaf``, outermost first: True for ``list<>``, False for
        ``[]``."""
        found: list[bool] = []
        spec = self
        while spec.element is not None:
            found.append(spec.is_list)
            spec = spec.element
        return tuple(found)

    @property
    def depth(self) -> int:
        return len(self.levels)


def parse_type(name: str) -> TypeSpec:
    """Parse a type name; raises ``ValueError`` for anything outside the vocabulary."""
    text = name.strip()
    if text in BASE_TYPES:
        return TypeSpec(base=text)
    if text.endswith("[]"):
        return TypeSpec(base=None, element=parse_type(text[:-2]))
    if text.startswith("list<") and text.endswith(">"):
        return TypeSpec(base=None, element=parse_type(text[5:-1]), is_list=True)
    raise ValueError(
        f"unknown type {name!r}: use one of {', '.join(sorted(BASE_TYPES))}, "
        "or build on them with T[] and list<T> (e.g. integer[], list<list<integer>>)"
    )


def is_valid_type(name: str) -> bool:
    try:
        parse_type(name)
    except ValueError:
        return False
    return True


def value_error(type_name: str, value: object, where: str = "value") -> str | None:
    """Why ``value`` is not a JSON value of ``type_name``, or None if it is; the message
    calls it ``where`` (``nums[2] should be a 32-bit integer, got 'x'``)."""
    return _error(parse_type(type_name), value, where)


def _error(spec: TypeSpec, value: object, where: str) -> str | None:
    if spec.element is not None:
        if not isinstance(value, list):
            return f"{where} should be an array, got {_show(value)}"
        for i, item in enumerate(value):
            if (error := _error(spec.element, item, f"{where}[{i}]")) is not None:
                return error
        return None
    return _base_error(spec.base or "", value, where)


def _base_error(base: str, value: object, where: str) -> str | None:
    accepts, description = _BASES[base]
    return None if accepts(value) else f"{where} should be {description}, got {_show(value)}"


def _is_int_in(value: object, bounds: tuple[int, int]) -> bool:
    low, high = bounds
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _is_tree(value: object) -> bool:
    return (
        isinstance(value, list)
        and all(v is None or _is_int_in(v, _INT32) for v in value)
        and (not value or value[0] is not None)
    )


# Each base type: which JSON values it accepts, and how to say so in an error message.
_BASES: dict[str, tuple[Callable[[object], bool], str]] = {
    "integer": (lambda v: _is_int_in(v, _INT32), "a 32-bit integer"),
    "long": (lambda v: _is_int_in(v, _INT64), "a 64-bit integer"),
    "double": (lambda v: isinstance(v, int | float) and not isinstance(v, bool), "a number"),
    "boolean": (lambda v: isinstance(v, bool), "true or false"),
    "string": (lambda v: isinstance(v, str), "a string"),
    "character": (lambda v: isinstance(v, str) and len(v) == 1, "a one-character string"),
    "ListNode": (
        lambda v: isinstance(v, list) and all(_is_int_in(x, _INT32) for x in v),
        "an array of 32-bit integers (the list's values)",
    ),
    "TreeNode": (_is_tree, "a level-order array of 32-bit integers and nulls, not null first"),
}


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."

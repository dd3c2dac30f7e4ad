"""LeetCode's type vocabulary, parsed, and spelled in each language the way LeetCode spells it."""

from __future__ import annotations

import re
from dataclasses import dataclass

SCALARS = ("integer", "long", "double", "boolean", "string", "character")
NODES = ("ListNode", "TreeNode")
ALL_TYPES = frozenset((*SCALARS, *NODES))


@dataclass(frozen=True, slots=True)
class Type:
    """``base`` wrapped in arrays/lists: ``levels`` lists, outermost first, True for ``list<>``
    and False for ``[]`` (they differ only in Java)."""

    base: str
    levels: tuple[bool, ...] = ()

    @property
    def depth(self) -> int:
        return len(self.levels)

    def inner(self) -> Type:
        return Type(self.base, self.levels[1:])

    def uses(self, name: str) -> bool:
        return self.base == name


def parse(type_name: str) -> Type:
    if type_name.endswith("[]"):
        inner = parse(type_name[:-2])
        return Type(inner.base, (*inner.levels, False))
    if type_name.startswith("list<") and type_name.endswith(">"):
        inner = parse(type_name[5:-1])
        return Type(inner.base, (True, *inner.levels))
    return Type(type_name)


# A word starts at each capital after a lower-case letter or digit, and at the last capital of
# a run followed by a lower-case letter: topKFrequent -> top_k_frequent, lengthOfLIS ->
# length_of_lis, decompressRLElist -> decompress_rl_elist. This is the rule LeetCode's own Rust
# signatures follow (all 951 names of doocs/leetcode's Rust solutions with a Java twin agree).
_WORD_START = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
# LeetCode's Rust signatures that keep the camelCase name (its own quirks, kept so that a
# solution pasted from there compiles here).
_RUST_AS_IS = frozenset({"hammingWeight"})


def snake_case(name: str) -> str:
    """camelCase -> snake_case by LeetCode's Rust rule (see _WORD_START)."""
    return _WORD_START.sub("_", name).lower()


def rust_function(name: str) -> str:
    """The Rust method name LeetCode gives the function ``name`` (Go and C keep ``name``)."""
    return name if name in _RUST_AS_IS else snake_case(name)


_CPP = {"integer": "int", "long": "long long", "double": "double", "boolean": "bool",
        "string": "string", "character": "char", "ListNode": "ListNode*",
        "TreeNode": "TreeNode*"}  # fmt: skip
_JAVA = {"integer": "int", "long": "long", "double": "double", "boolean": "boolean",
         "string": "String", "character": "char", "ListNode": "ListNode",
         "TreeNode": "TreeNode"}  # fmt: skip
_BOXED = {"int": "Integer", "long": "Long", "double": "Double", "boolean": "Boolean",
          "char": "Character"}  # fmt: skip
_GO = {"integer": "int", "long": "int64", "double": "float64", "boolean": "bool",
       "string": "string", "character": "byte", "ListNode": "*ListNode",
       "TreeNode": "*TreeNode"}  # fmt: skip
_RUST = {"integer": "i32", "long": "i64", "double": "f64", "boolean": "bool",
         "string": "String", "character": "char", "ListNode": "Option<Box<ListNode>>",
         "TreeNode": "Option<Rc<RefCell<TreeNode>>>"}  # fmt: skip
_PY = {"integer": "int", "long": "int", "double": "float", "boolean": "bool", "string": "str",
       "character": "str", "ListNode": "Optional[ListNode]",
       "TreeNode": "Optional[TreeNode]"}  # fmt: skip
_TS = {"integer": "number", "long": "number", "double": "number", "boolean": "boolean",
       "string": "string", "character": "string", "ListNode": "ListNode | null",
       "TreeNode": "TreeNode | null"}  # fmt: skip


def cpp(t: Type) -> str:
    text = _CPP[t.base]
    for _ in t.levels:
        text = f"vector<{text}>"
    return text


def java(t: Type) -> str:
    text = _JAVA[t.base]
    boxed = False
    for is_list in reversed(t.levels):
        if is_list or boxed:
            text = f"List<{_BOXED.get(text, text)}>"
            boxed = True
        else:
            text += "[]"
    return text


def go(t: Type) -> str:
    return "[]" * t.depth + _GO[t.base]


def rust(t: Type) -> str:
    text = _RUST[t.base]
    for _ in t.levels:
        text = f"Vec<{text}>"
    return text


def python(t: Type) -> str:
    text = _PY[t.base]
    for _ in t.levels:
        text = f"List[{text}]"
    return text


def typescript(t: Type) -> str:
    text = _TS[t.base]
    if t.levels and " | " in text:
        text = f"({text})"
    return text + "[]" * t.depth

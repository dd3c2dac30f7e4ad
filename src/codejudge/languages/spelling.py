"""What every language's starter code and driver needs from a signature, whatever the language:
its types walked, LeetCode's node-class comments picked, camelCase names in snake_case."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from codejudge.models import Signature
from codejudge.models.vocabulary import VOID, TypeSpec, parse_type

__all__ = ["TypeSpec", "nested", "node_docs", "parse_type", "returns", "snake_case", "types_of"]


def nested(t: TypeSpec, bases: Mapping[str, str], wrap: str) -> str:
    """``t`` spelled with ``bases`` for its base type and ``wrap`` (e.g. ``"vector<{}>"``)
    around it once per sequence."""
    text = bases[t.leaf]
    for _ in range(t.depth):
        text = wrap.format(text)
    return text


def types_of(signature: Signature) -> list[TypeSpec]:
    """The parameters' types, then the return type (unless void)."""
    found = [parse_type(p.type) for p in signature.params]
    if signature.returns != VOID:
        found.append(parse_type(signature.returns))
    return found


def node_docs(signature: Signature, docs: Mapping[str, str]) -> str:
    """The comments (``docs``: type name -> text) describing the node classes the signature
    uses, as LeetCode shows them above its template."""
    used = {t.leaf for t in types_of(signature)}
    return "".join(doc for name, doc in docs.items() if name in used)


def returns(signature: Signature, render: Callable[[TypeSpec], str], void: str) -> str:
    """The return type spelled by ``render``, or ``void`` for a void function."""
    return void if signature.returns == VOID else render(parse_type(signature.returns))


# A word starts at each capital after a lower-case letter or digit, and at the last capital of
# a run followed by a lower-case letter: topKFrequent -> top_k_frequent, lengthOfLIS ->
# length_of_lis, decompressRLElist -> decompress_rl_elist. This is the rule LeetCode's own Rust
# signatures follow (all 951 names of doocs/leetcode's Rust solutions with a Java twin agree).
_WORD_START = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def snake_case(name: str) -> str:
    """camelCase -> snake_case by LeetCode's Rust rule (see _WORD_START)."""
    return _WORD_START.sub("_", name).lower()

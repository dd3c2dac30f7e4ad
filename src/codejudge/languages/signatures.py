"""Whether a language's function driver can express a problem's signature: one rule for intake
(a 422) and judging (a compile error), in terms of the languages and the type vocabulary."""

from __future__ import annotations

from codejudge.languages.base import Language
from codejudge.models import Param, Signature
from codejudge.models.vocabulary import VOID, parse_type


def signature_refusal(language: Language, signature: Signature) -> str | None:
    """Why ``language`` cannot solve a function problem of this ``signature`` (its driver
    cannot take or return one of its types: C has no ``ListNode[]``, ``long[][]`` nor 3-deep
    arrays), or None when it can. Intake answers it as a 422 (``submissions``); judging
    (``judging/grading.py``) as a compile error, for a submission stored before the rule."""
    if language.function_files is None:
        return f"{language.name} cannot solve function problems"
    try:
        for type_name in _types(signature):
            if parse_type(type_name).leaf not in language.function_types:
                raise ValueError(f"{signature.function}: unsupported type {type_name!r}")
        language.function_files(signature, "")
    except ValueError as e:
        # Name the types its driver refuses (a language's own message may not).
        bad = [t for t in _types(signature) if not _takes(language, signature.function, t)]
        why = f"it cannot take or return {', '.join(bad)}" if bad else str(e)
        return f"{language.name} cannot solve this problem's signature: {why}"
    return None


def _types(signature: Signature) -> list[str]:
    returns = [] if signature.returns == VOID else [signature.returns]
    return [*(p.type for p in signature.params), *returns]


def _takes(language: Language, function: str, type_name: str) -> bool:
    """Whether ``language``'s driver takes (and returns) ``type_name`` on its own."""
    try:
        if parse_type(type_name).leaf not in language.function_types:
            return False
        for sig in (
            Signature(function, (Param("x", type_name),), "integer"),
            Signature(function, (Param("x", "integer"),), type_name),
        ):
            if language.function_files is not None:
                language.function_files(sig, "")
    except ValueError:
        return False
    return True

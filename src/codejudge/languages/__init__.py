"""The language registry: one small declarative module per language, found here.

Every module of this package that declares ``LANGUAGE`` (a ``Language``, usually on a family
base) is a language; the others are what they share (``base``, ``native``, ``node``,
``spelling``, ``prepared``). Adding a language is adding its module, its driver under
``drivers/`` and its golden files (docs/languages.md): nothing here lists them.
"""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
from functools import cache
from pathlib import PurePosixPath

from codejudge.exceptions import InvalidInput
from codejudge.languages.base import Debian, Language, SelfTest
from codejudge.models import Problem, ProblemKind

__all__ = [
    "EXTENSIONS",
    "FOREIGN_EXTENSIONS",
    "LANGUAGES",
    "Language",
    "SelfTest",
    "debian_packages",
    "get_language",
    "language_of_file",
    "language_version",
    "npm_packages",
    "starter_code",
]


def _discover() -> dict[str, Language]:
    """Every module's ``LANGUAGE``, in the order users see them (``Language.order``)."""
    found = []
    for module in pkgutil.iter_modules(__path__):
        if module.name.startswith("_"):
            continue
        declared = getattr(importlib.import_module(f"{__name__}.{module.name}"), "LANGUAGE", None)
        if isinstance(declared, Language):
            found.append(declared)
    found.sort(key=lambda language: (language.order, language.id))
    return {language.id: language for language in found}


LANGUAGES: dict[str, Language] = _discover()

# Source file extensions -> language id, for `codejudge submit FILE` and `problems check`.
EXTENSIONS: dict[str, str] = {
    extension: language.id for language in LANGUAGES.values() for extension in language.extensions
}

# Other judges' spellings of our languages' files (Kattis ``.C`` for C++, DOMjudge ``.c++``),
# for the submissions of an imported package: each language's ``foreign_extensions``.
FOREIGN_EXTENSIONS: dict[str, str] = {
    extension: language.id
    for language in LANGUAGES.values()
    for extension in language.foreign_extensions
}


def language_of_file(name: str) -> str | None:
    """The language of a file of another judge's package, from its extension: a language's
    own, then another judge's spelling (as written: ``.C`` is C++), then its own lower-cased."""
    suffix = PurePosixPath(name).suffix
    found = EXTENSIONS.get(suffix) or FOREIGN_EXTENSIONS.get(suffix)
    return found or EXTENSIONS.get(suffix.lower())


def starter_code(problem: Problem, language: str) -> str:
    """The code a user starts from: LeetCode's template for a function problem, else ""."""
    lang = get_language(language)
    if problem.kind != ProblemKind.FUNCTION or problem.signature is None:
        return ""
    if lang.starter is None:
        raise ValueError(f"{lang.name} has no starter code")
    return lang.starter(problem.signature)


def get_language(language_id: str) -> Language:
    try:
        return LANGUAGES[language_id]
    except KeyError:
        supported = ", ".join(sorted(LANGUAGES))
        raise InvalidInput(f"unknown language {language_id!r}; supported: {supported}") from None


@cache
def language_version(language: Language) -> str | None:
    """The toolchain's version line (e.g. ``Python 3.11.2``), or None if it does not run.

    Run on the host, not in a box: it is our own trusted binary, and this is called per API
    request (once per process, thanks to the cache).
    """
    try:
        done = subprocess.run(language.version, capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    lines = (done.stdout or done.stderr).decode(errors="replace").strip().splitlines()
    return lines[0] if done.returncode == 0 and lines else None


def debian_packages() -> list[Debian]:
    """The Debian packages the languages need, each once, in the registry's order."""
    found: dict[str, Debian] = {}
    for language in LANGUAGES.values():
        for package in language.debian:
            found.setdefault(package.name, package)
    return list(found.values())


def npm_packages() -> list[str]:
    """The npm packages (``name@version``) the languages need, each once, sorted."""
    return sorted({package for language in LANGUAGES.values() for package in language.npm})

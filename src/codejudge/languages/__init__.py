"""The language registry: one small declarative module per language."""

from __future__ import annotations

import subprocess
from functools import cache

from codejudge.exceptions import InvalidInput
from codejudge.languages.base import Language, SelfTest
from codejudge.languages.c import C
from codejudge.languages.cpp import CPP
from codejudge.languages.go import GO
from codejudge.languages.java import JAVA
from codejudge.languages.javascript import JAVASCRIPT
from codejudge.languages.python import PYTHON
from codejudge.languages.rust import RUST
from codejudge.languages.typescript import TYPESCRIPT
from codejudge.models import Problem, ProblemKind

LANGUAGES: dict[str, Language] = {
    language.id: language for language in (PYTHON, C, CPP, JAVA, JAVASCRIPT, TYPESCRIPT, GO, RUST)
}

__all__ = [
    "EXTENSIONS",
    "LANGUAGES",
    "Language",
    "SelfTest",
    "get_language",
    "language_version",
    "starter_code",
]


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


# Source file extensions -> language id, for `codejudge submit FILE` and `problems check`.
EXTENSIONS: dict[str, str] = {
    ".py": "python",
    ".c": "c",
    ".cpp": "cpp",
    ".cc": "cpp",
    ".cxx": "cpp",
    ".java": "java",
    ".js": "javascript",
    ".mjs": "javascript",
    ".ts": "typescript",
    ".go": "go",
    ".rs": "rust",
}

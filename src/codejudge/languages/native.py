"""The family of languages compiled to one native binary (C, C++, Go, Rust): the compile box
writes the binary to stdout, every run box gets it at ``/box/main`` and runs it as it is (its
function driver is compiled in). ``CFamily``: C and C++, which also share the stack guard."""

from __future__ import annotations

from dataclasses import dataclass

from codejudge.languages.base import (
    STACK_GUARD,
    STACK_GUARD_ERROR,
    STDOUT_LIMIT,
    DiagnosticFormat,
    Language,
    read_driver,
)
from codejudge.models.run import CHANNEL_FD
from codejudge.models.vocabulary import BASE_TYPES


@dataclass(frozen=True, slots=True, kw_only=True)
class Native(Language):
    artifact: str | None = "main"
    artifact_mode: int = 0o555
    run: tuple[str, ...] = ("/box/main",)
    function_run: tuple[str, ...] = ("/box/main", CHANNEL_FD, STDOUT_LIMIT)
    function_types: frozenset[str] = BASE_TYPES


# The C stack guard (drivers/stack_guard.c), compiled beside every program: it names an
# overflow of the main thread's stack.
STACK_GUARD_FILES = ((STACK_GUARD, read_driver("stack_guard.c")),)


@dataclass(frozen=True, slots=True, kw_only=True)
class CFamily(Native):
    support_files: tuple[tuple[str, str], ...] = STACK_GUARD_FILES
    stack_errors: tuple[str, ...] = (STACK_GUARD_ERROR,)
    diagnostics: tuple[DiagnosticFormat, ...] = (DiagnosticFormat.GCC,)

"""A problem's own output validator, as data: its source files, language and flags. Pure.

Running it is ``judging.custom_checker``'s job (in the sandbox); reading it from a package is
the loader's.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import PurePosixPath

# The validator's language, from its source files' extensions: the registry's extensions of
# these languages (this package is pure and may not import it; tests/checkers keeps them equal).
SOURCE_LANGUAGES = {".py": "python", ".c": "c", ".cpp": "cpp", ".cc": "cpp", ".cxx": "cpp"}
HEADERS = (".h", ".hpp", ".hh")
PYTHON_ENTRIES = ("validate.py", "validator.py", "main.py")
MAX_FILES = 64
MAX_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ValidatorProgram:
    """Source files (name -> bytes, flat), the language they are in, and the extra arguments
    (Kattis ``validator_flags``) given after the feedback dir."""

    language: str  # python | c | cpp
    files: tuple[tuple[str, bytes], ...]
    flags: tuple[str, ...] = ()

    @classmethod
    def of(cls, files: dict[str, bytes], flags: tuple[str, ...] = ()) -> ValidatorProgram:
        """Check the files make one program; raises ``ValueError`` saying what is wrong."""
        if not files:
            raise ValueError("holds no source files")
        if len(files) > MAX_FILES or sum(map(len, files.values())) > MAX_BYTES:
            raise ValueError(f"is too large (at most {MAX_FILES} files, {MAX_BYTES} bytes)")
        for name in files:
            if "/" in name or name.startswith(".") or PurePosixPath(name).name != name:
                raise ValueError(f"file name {name!r} must be a plain name (no folders)")
        languages = {SOURCE_LANGUAGES[s] for s in map(_suffix, files) if s in SOURCE_LANGUAGES}
        if len(languages) != 1:
            found = ", ".join(sorted(languages)) or "none"
            known = ", ".join(sorted(SOURCE_LANGUAGES))
            raise ValueError(f"must be sources in one language ({known}); found: {found}")
        program = cls(languages.pop(), tuple(sorted(files.items())), tuple(flags))
        if program.language == "python":
            program.python_entry()  # raises if ambiguous
        return program

    @property
    def sources(self) -> list[str]:
        """The files in its language, in order: what a compiled (C, C++) validator is built
        from (headers and other files are only beside them)."""
        return [n for n, _ in self.files if SOURCE_LANGUAGES.get(_suffix(n)) == self.language]

    def python_entry(self) -> str:
        scripts = [name for name, _ in self.files if name.endswith(".py")]
        if len(scripts) == 1:
            return scripts[0]
        for entry in PYTHON_ENTRIES:
            if entry in scripts:
                return entry
        raise ValueError(f"has several .py files; name the entry point one of {PYTHON_ENTRIES}")

    @property
    def digest(self) -> str:
        h = hashlib.sha256(self.language.encode())
        for name, data in self.files:
            h.update(f"\0{name}\0{len(data)}\0".encode())
            h.update(data)
        return h.hexdigest()


def _suffix(name: str) -> str:
    return PurePosixPath(name).suffix.lower()

"""Test files on disk under the line-ending rule of ``checkers.normalise``: found and rewritten.

Import (Kattis), upload (API) and ``problems check`` call these so that the warning names each
file that was (or, for a package checked in place, would be) normalised; the loader applies the
same rule in memory, so a package copied in by hand judges the same.
"""

from __future__ import annotations

from pathlib import Path

from codejudge.checkers.normalise import needs_normalising, normalise_text, what_changes

TEST_SUFFIXES = (".in", ".ans", ".out", ".json")
_BOM_BYTES = "\ufeff".encode()


def normalise_file(file: Path) -> str | None:
    """Rewrite ``file`` under the rule if it needs it; return what changed (for a warning),
    or None if nothing did (or the file is not UTF-8, which the loader reports)."""
    text = _text_needing_it(file)
    if text is None:
        return None
    file.write_bytes(normalise_text(text).encode())
    return what_changes(text)


def normalise_tests(package: Path) -> list[str]:
    """Normalise the test files of the native package at ``package`` in place; one warning
    per file changed, naming it relative to the package."""
    return [
        normalised(file.relative_to(package), what)
        for file in _test_files(package)
        if (what := normalise_file(file)) is not None
    ]


def tests_to_normalise(package: Path) -> list[str]:
    """``normalise_tests`` without writing: what loading the package normalises in memory
    (or importing it, for a Kattis package: its data/ folder)."""
    found = []
    files = _test_files(package) or sorted((package / "data").rglob("*.in")) + sorted(
        (package / "data").rglob("*.ans")
    )
    for file in files:
        text = _text_needing_it(file)
        if text is not None:
            found.append(normalised(file.relative_to(package), what_changes(text), done=False))
    return found


def normalised(name: Path | str, what: str, *, done: bool = True) -> str:
    """The warning for one file."""
    verb = "normalised" if done else "normalised when loaded"
    return f"{name}: {what}; {verb} (BOM dropped, line endings LF)"


def _text_needing_it(file: Path) -> str | None:
    data = file.read_bytes()
    if b"\r" not in data and not data.startswith(_BOM_BYTES):
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text if needs_normalising(text) else None


def _test_files(package: Path) -> list[Path]:
    folder = package / "tests"
    if not folder.is_dir():
        return []
    return sorted(
        f
        for f in folder.iterdir()
        if f.suffix in TEST_SUFFIXES and f.is_file() and not f.is_symlink()
    )

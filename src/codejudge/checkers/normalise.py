"""The one rule for line endings and byte-order marks in test data and output. Pure.

Test data written on Windows (or by a tool that adds a UTF-8 byte-order mark) must judge the
same as the same data written with ``\\n``: a program that reads a line would otherwise see a
stray ``\\r`` (C's ``fgets``, Python's ``input``, Rust's ``read_line`` keep it; Java's
``readLine`` and Go's ``Scanner`` drop it), and a BOM glues itself to the first token. So the
leading BOM is dropped (with any more that follow it) and every ``\\r\\n`` and lone ``\\r``
becomes ``\\n``: at import and upload (the files are rewritten, with a warning naming them),
when a package is loaded (in memory, for a package copied by hand), and by the output
checkers on both the expected and the program's side. See docs/problem-format.md.
"""

from __future__ import annotations

BOM = "\ufeff"


def normalise_text(text: str) -> str:
    """``text`` without leading U+FEFFs and with CRLF and lone CR line endings as LF.

    Every leading BOM goes, not only the first, so that normalising twice (at import, then
    at load) is normalising once."""
    text = text.lstrip(BOM)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def needs_normalising(text: str) -> bool:
    """Whether ``normalise_text`` would change ``text`` (without building the copy)."""
    return text.startswith(BOM) or "\r" in text


def what_changes(text: str) -> str:
    """The reason ``text`` is normalised, for warnings: e.g. 'a BOM and CRLF line endings'."""
    parts = []
    if text.startswith(BOM):
        parts.append("a UTF-8 BOM")
    if "\r\n" in text:
        parts.append("CRLF line endings")
    if "\r" in text.replace("\r\n", ""):
        parts.append("CR line endings")
    return " and ".join(parts)

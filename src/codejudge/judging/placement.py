"""Where the submitted code is in the file a compiler read, and a compiler's place (line,
column) turned into a place in the submitted code.

A wrapper may put text before the user's code on its first line (Java's implicit imports, Go's
package clause) and a driver's text after it; the compiler counts those. Where the user's code
is in that file is found from the file itself, so no language declares an offset that could
drift from its wrapper. Compilers count columns in bytes, UTF-16 code units or characters; the
submitted code's columns are characters (Unicode code points), 1-based.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Literal

from codejudge.languages.base import WORKDIR

Unit = Literal["byte", "utf16", "char"]  # what a compiler's columns count
Place = tuple[str, int, int | None]  # (file, line, column) as the compiler counts them
_NEWLINE = re.compile(r"\r\n|\r|\n")  # what compilers and editors count as a line's end


def split_lines(text: str) -> list[str]:
    """``text``'s lines as an editor numbers them: CRLF, CR and LF each end one; a text that
    ends with a line break has an empty last line."""
    return _NEWLINE.split(text)


@dataclass(frozen=True, slots=True)
class Placement:
    """Where the submitted code is in the file the compiler read (``file``, a name in the work
    dir): from that file's line ``first``, after ``indent`` characters of a wrapper's text."""

    file: str
    lines: tuple[str, ...]  # the compiled file's lines
    user: tuple[str, ...]  # the submitted code's lines
    first: int
    indent: int

    @classmethod
    def of(cls, file: str, text: str, code: str) -> Placement:
        """The placement of ``code`` in ``text``, the file it was put in: after a wrapper's
        prefix on the first line (no line break: the user's line numbers stay) and before a
        driver's text that starts on a line of its own. So it starts on the first line, and
        the last place there where it occurs is the one (an earlier one is in the prefix)."""
        end = _NEWLINE.search(text)
        start = text.rfind(code, 0, (end.start() if end else len(text)) + len(code))
        before = split_lines(text[: max(start, 0)])
        user = tuple(split_lines(code)) if start >= 0 else ()
        return cls(file, tuple(split_lines(text)), user, len(before), len(before[-1]))

    @property
    def prefix(self) -> str:
        """The wrapper's text before the user's code on its first line."""
        return self.lines[self.first - 1][: self.indent] if self.first <= len(self.lines) else ""

    def locate(self, place: Place, unit: Unit) -> tuple[int, int | None] | None:
        """(line, column) in the submitted code of a compiler's place, or None if the place
        is not in it. A column beyond its line's end is dropped (None), the line kept."""
        file, line, column = place
        if file_name(file) != self.file:
            return None
        user_line = line - self.first + 1
        if not 1 <= user_line <= len(self.user) or line > len(self.lines):
            return None
        if column is None or column < 1:
            return user_line, None
        index = code_point_index(self.lines[line - 1], column, unit)
        if user_line == 1:
            index -= self.indent
            if index < 0:  # in the wrapper's text
                return None
        return user_line, index + 1 if index <= len(self.user[user_line - 1]) else None


def code_point_index(text: str, column: int, unit: Unit) -> int:
    """The 0-based index in ``text`` (in code points) of a 1-based ``column`` counted in
    ``unit``; past the end of ``text`` when the column is."""
    n = max(column - 1, 0)
    if unit == "char":
        return n
    codec, size = ("utf-8", 1) if unit == "byte" else ("utf-16-le", 2)
    data = text.encode(codec, errors="surrogatepass")
    if n * size > len(data):
        return len(text) + n - len(data) // size
    return len(data[: n * size].decode(codec, errors="ignore"))


def file_name(file: str) -> str:
    """A file's name in the work dir, as compilers spell it (``./x.go``, ``/box/x.js``)."""
    return posixpath.normpath(file.removeprefix(WORKDIR + "/"))

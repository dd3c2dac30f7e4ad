"""Compiler diagnostics: what a compile's output says, at which line and column of the
submitted source (``CompileDiagnostic``), read from the compiler's own output.

A language names the formats its compile step writes (``Language.diagnostics``); a reader per
format finds each message and its place in the file the compiler read (``Reported``: the
compiler's line, and its column in the compiler's unit: bytes, UTF-16 code units or
characters), and ``placement.Placement`` turns such a place into the submitted source's (a
wrapper's text before the user's code, a driver's after it, are not the user's). A message
placed in a wrapper's or a driver's text is shown at the first of its related places (a
compiler's note such as clang's "'addd' declared here") that is in the user's code; without
one it stays in the compile output only. So a diagnostic never points outside the submitted
source. Line and column numbers are read at most 9 digits long: a quoted line of the user's
that looks like a message cannot make a number too large to read.

Compilers end their lines with ``\n`` only, and that is the only line end read here:
``str.splitlines`` also splits at ``\x0c``, ``\x85``, U+2028 and the like, which a quoted line
of the user's may hold (so that its second half would pass for a line of the compiler's), and
which rustc writes unescaped inside its JSON. Whatever the output, reading it never raises:
a crash here would fail the job as an internal error.

Where a format is machine-readable only (rustc's JSON, the Python check's report), the output
people read is rewritten from it (rustc's ``rendered`` text; the report is dropped); where we
wrap, it is rewritten to the user's coordinates (the quoted first line of a Java function
problem without the imports, Go's columns on the first line); Node's internal stack frames
under a syntax error are dropped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from codejudge.judging.placement import Place, Placement, Unit, file_name
from codejudge.languages.base import WORKDIR, DiagnosticFormat
from codejudge.models import CompileDiagnostic, Severity

MAX_DIAGNOSTICS = 50
MAX_MESSAGE = 2000  # characters of one message (tsc's types can run long)
MAX_OUTPUT = 64 * 1024  # characters of a rewritten output (the compile box's stderr limit)


@dataclass(frozen=True, slots=True)
class Reported:
    """A message as the compiler wrote it: its place (line 1-based, column 1-based in the
    format's unit, in the file the compiler read) and the places of its notes."""

    file: str
    line: int
    column: int | None
    message: str
    severity: Severity = "error"
    related: tuple[Place, ...] = ()

    @property
    def place(self) -> Place:
        return self.file, self.line, self.column


def read(
    formats: tuple[DiagnosticFormat, ...], output: str, placement: Placement
) -> tuple[str, tuple[CompileDiagnostic, ...]]:
    """The compile output to show, and the diagnostics in the submitted code, of a compile
    whose messages are ``output``, written in ``formats``."""
    found: list[CompileDiagnostic] = []
    for fmt in formats:
        unit, parse, rewrite = _FORMATS[fmt]
        for reported in parse(output, placement):
            if len(found) >= MAX_DIAGNOSTICS:
                break
            diagnostic = _diagnostic(reported, placement, unit)
            if diagnostic is not None and diagnostic not in found:
                found.append(diagnostic)
        output = rewrite(output, placement)
    if len(output) > MAX_OUTPUT:
        output = output[:MAX_OUTPUT] + f"\n… ({len(output) - MAX_OUTPUT} more characters)"
    return output, tuple(found)


def _diagnostic(reported: Reported, placement: Placement, unit: Unit) -> CompileDiagnostic | None:
    for place in (reported.place, *reported.related):
        where = placement.locate(place, unit)
        if where is not None:
            message = reported.message.strip()
            if len(message) > MAX_MESSAGE:
                message = message[:MAX_MESSAGE] + "…"
            return CompileDiagnostic(where[0], where[1], message, reported.severity)
    return None


def _number(text: str | None) -> int | None:
    return None if text is None else int(text)


def _severity(kind: str) -> Severity:
    return "warning" if kind.lower().startswith("warning") else "error"


def _unchanged(output: str, placement: Placement) -> str:
    return output


def _lines(output: str) -> list[str]:
    """The output's lines, ended at ``\n`` only (see the module docstring)."""
    return output.split("\n")


def _text(value: object) -> str:
    """A JSON value that should be a string, else "" (never ``str()`` of a nested value)."""
    return value if isinstance(value, str) else ""


# -- gcc and clang -------------------------------------------------------------------------------

_GCC = re.compile(
    r"^(?P<file>[^:\n]+):(?P<line>\d{1,9}):(?:(?P<column>\d{1,9}):)? "
    r"(?P<kind>fatal error|error|warning|note): (?P<message>.*)$",
    re.M,
)


def _gcc(output: str, placement: Placement) -> Iterator[Reported]:
    """``file:line:column: error: message``; a note belongs to the message before it."""
    current: Reported | None = None
    for match in _GCC.finditer(output):
        place = (match["file"], int(match["line"]), _number(match["column"]))
        if match["kind"] == "note":
            if current is not None:
                current = replace(current, related=(*current.related, place))
            continue
        if current is not None:
            yield current
        current = Reported(*place, match["message"], _severity(match["kind"]))
    if current is not None:
        yield current


# -- Go ------------------------------------------------------------------------------------------

_GO = re.compile(
    r"^(?P<file>[^\s:][^:\n]*\.go):(?P<line>\d{1,9}):(?P<column>\d{1,9}): (?P<message>.*)$"
)
_GO_RELATED = re.compile(r"^\t(?P<file>[^:\n]+\.go):(?P<line>\d{1,9}):(?P<column>\d{1,9}): ")


def _go(output: str, placement: Placement) -> Iterator[Reported]:
    """``file:line:column: message``; tab-indented lines go on with it: a related place
    ("other declaration of x"), or more of the message ("have (int)", "want (string)")."""
    current: Reported | None = None
    for line in _lines(output):
        match = _GO.match(line)
        if match is not None:
            if current is not None:
                yield current
            current = Reported(match["file"], int(match["line"]), int(match["column"]),
                               match["message"])  # fmt: skip
        elif current is not None and line.startswith("\t"):
            related = _GO_RELATED.match(line)
            if related is not None:
                place = (related["file"], int(related["line"]), int(related["column"]))
                current = replace(current, related=(*current.related, place))
            else:
                current = replace(current, message=f"{current.message}\n{line.strip()}")
    if current is not None:
        yield current


def _go_columns(output: str, placement: Placement) -> str:
    """Go's columns on the user's first line, less the package clause we put before it."""
    if not placement.indent:
        return output
    shift = len(placement.prefix.encode())
    name = re.escape(placement.file)
    pattern = re.compile(rf"(^|\t)(\S*\b{name}):{placement.first}:(\d{{1,9}}):", re.M)

    def user_column(match: re.Match[str]) -> str:
        column = int(match[3])
        shown = column - shift if column > shift else column
        return f"{match[1]}{match[2]}:1:{shown}:"

    return pattern.sub(user_column, output)


# -- javac ---------------------------------------------------------------------------------------

_JAVAC = re.compile(
    r"^(?P<file>[^:\n]+\.java):(?P<line>\d{1,9}): (?P<kind>error|warning): (?P<message>.*)$"
)
_CARET = re.compile(r"^[ \t]*\^$")
_JAVAC_END = re.compile(r"^(\d+ (errors?|warnings?)|Note: .*)$")


def _javac_blocks(output: str, placement: Placement) -> Iterator[tuple[re.Match[str], list[str]]]:
    """Each message's header and the lines that follow it. The source line javac quotes under
    a header is never a header (or the end) itself, whatever the user wrote in it."""
    header: re.Match[str] | None = None
    body: list[str] = []
    for line in _lines(output):
        match = _JAVAC.match(line)
        quoted = header is not None and line == _quoted(header, placement)
        if not quoted and (match is not None or _JAVAC_END.match(line)):
            if header is not None:
                yield header, body
            header, body = match, []
        elif header is not None:
            body.append(line)
    if header is not None:
        yield header, body


def _quoted(header: re.Match[str], placement: Placement) -> str | None:
    """The line of the compiled file a header names (javac quotes it under the header), if
    the file is the one that holds the user's code."""
    line = int(header["line"])
    if file_name(header["file"]) != placement.file or not 1 <= line <= len(placement.lines):
        return None
    return placement.lines[line - 1]


def _javac(output: str, placement: Placement) -> Iterator[Reported]:
    """``file:line: error: message``, more of the message, the line quoted, a caret under the
    column (javac copies the line's tabs into it: its index is the column in UTF-16 units),
    then details ("symbol: variable x")."""
    for header, body in _javac_blocks(output, placement):
        caret = next((n for n, line in enumerate(body) if _CARET.match(line)), None)
        column = None if caret is None else body[caret].index("^") + 1
        before = body[: caret - 1] if caret is not None and caret > 0 else []
        after = body[caret + 1 :] if caret is not None else body
        more = [line.strip() for line in (*before, *after) if line.strip()]
        message = "\n".join([header["message"], *more])
        yield Reported(header["file"], int(header["line"]), column, message,
                       _severity(header["kind"]))  # fmt: skip


def _javac_first_line(output: str, placement: Placement) -> str:
    """The quoted first line of the user's code without the imports we put before it."""
    prefix = placement.prefix
    if not prefix:
        return output
    lines = _lines(output)
    for n, line in enumerate(lines[:-2]):
        match = _JAVAC.match(line)
        if match is None or file_name(match["file"]) != placement.file:
            continue
        if int(match["line"]) == placement.first and lines[n + 1].startswith(prefix):
            lines[n + 1] = lines[n + 1][len(prefix) :]
            if _CARET.match(lines[n + 2]) and not lines[n + 2][: len(prefix)].strip():
                lines[n + 2] = lines[n + 2][len(prefix) :]
    return "\n".join(lines)


# -- Node (V8) -----------------------------------------------------------------------------------

_NODE_AT = re.compile(r"^(?P<file>\S+\.[cm]?[jt]s):(?P<line>\d{1,9})$")
_NODE_ERROR = re.compile(r"^[A-Z]\w*Error: .*$")
_NODE_NOISE = re.compile(r"^( {4}at .*\bnode:internal/.*|Node\.js v\d.*)$")


def _node(output: str, placement: Placement) -> Iterator[Reported]:
    """``file:line``, the line quoted, a caret under the column (tabs copied: UTF-16 units),
    then ``SyntaxError: message``."""
    lines = _lines(output)
    for n, line in enumerate(lines):
        match = _NODE_AT.match(line)
        if match is None:
            continue
        rest = lines[n + 1 : n + 8]
        caret = next((x for x in rest[1:3] if _CARET.match(x)), None)
        error = next((x for x in rest if _NODE_ERROR.match(x)), None)
        if error is not None:
            column = None if caret is None else caret.index("^") + 1
            yield Reported(match["file"], int(match["line"]), column, error)


def _node_output(output: str, placement: Placement) -> str:
    """The file named as the user knows it; Node's own stack frames and version dropped."""
    lines = [line for line in _lines(output) if not _NODE_NOISE.match(line)]
    text = "\n".join(lines).replace(f"{WORKDIR}/{placement.file}:", f"{placement.file}:")
    return text.rstrip("\n") + "\n" if text.strip() else text


# -- TypeScript (tsc, esbuild) -------------------------------------------------------------------

_TSC = re.compile(
    r"^(?P<file>[^\n(]+)\((?P<line>\d{1,9}),(?P<column>\d{1,9})\): "
    r"(?P<kind>error|warning) (?P<code>TS\d+): (?P<message>.*)$"
)


def _tsc(output: str, placement: Placement) -> Iterator[Reported]:
    """``file(line,column): error TSnnnn: message``, indented lines go on with the message."""
    current: Reported | None = None
    for line in _lines(output):
        match = _TSC.match(line)
        if match is not None:
            if current is not None:
                yield current
            current = Reported(match["file"], int(match["line"]), int(match["column"]),
                               match["message"], _severity(match["kind"]))  # fmt: skip
        elif current is not None and line.startswith(" "):
            current = replace(current, message=f"{current.message}\n{line.strip()}")
        else:
            if current is not None:
                yield current
            current = None
    if current is not None:
        yield current


_ESBUILD = re.compile(r"^\S* ?\[(?P<kind>ERROR|WARNING)\] (?P<message>.*)$")
_ESBUILD_AT = re.compile(r"^\s+(?P<file>[^\s:]+):(?P<line>\d{1,9}):(?P<column>\d{1,9}):$")


def _esbuild(output: str, placement: Placement) -> Iterator[Reported]:
    """``✘ [ERROR] message``, then ``file:line:column:`` (0-based), and its notes' places."""
    current: Reported | None = None
    for line in _lines(output):
        header = _ESBUILD.match(line)
        at = _ESBUILD_AT.match(line)
        if header is not None:
            if current is not None and current.line:
                yield current
            current = Reported("", 0, None, header["message"], _severity(header["kind"]))
        elif at is not None and current is not None:
            place = (at["file"], int(at["line"]), int(at["column"]) + 1)
            if current.line:
                current = replace(current, related=(*current.related, place))
            else:
                current = replace(current, file=place[0], line=place[1], column=place[2])
    if current is not None and current.line:
        yield current


# -- Python --------------------------------------------------------------------------------------

_PYTHON_REPORT = '{"diagnostics":'


def _python(output: str, placement: Placement) -> Iterator[Reported]:
    """The check's report (see languages/python.py): a JSON line on stdout,
    ``{"diagnostics": [{"line", "column", "message", "severity"}]}``, columns in characters."""
    report = _python_report(output)[1]
    for item in _items((_json(report) or {}).get("diagnostics") if report else None):
        line_no, column = item.get("line"), item.get("column")
        if isinstance(line_no, int) and isinstance(column, int | None):
            yield Reported(placement.file, line_no, column, _text(item.get("message")),
                           _severity(_text(item.get("severity"))))  # fmt: skip


def _python_output(output: str, placement: Placement) -> str:
    """The check's messages as Python prints them, without its report."""
    return _python_report(output)[0]


def _python_report(output: str) -> tuple[str, str | None]:
    """The output without the check's report, and the report. The report is the last line
    (stdout comes after stderr, and the check prints nothing else there); an earlier line
    that looks like one is the user's, quoted in a message, and stays text."""
    lines = _lines(output)
    last = len(lines) - 1 if lines[-1] else len(lines) - 2
    if last < 0 or not lines[last].startswith(_PYTHON_REPORT):
        return output, None
    return "\n".join(lines[:last] + lines[last + 1 :]), lines[last]


# -- rustc --error-format=json -------------------------------------------------------------------


def _rustc(output: str, placement: Placement) -> Iterator[Reported]:
    """rustc's diagnostics with a primary span; the other spans, the macro call sites a span
    came from, and the children's spans are its related places, except where a child
    suggests an edit ("consider importing this": line 1 is where, not what is wrong)."""
    for diagnostic in _rustc_diagnostics(output):
        level = diagnostic.get("level")
        spans = _items(diagnostic.get("spans"))
        primary = next((s for s in spans if s.get("is_primary")), None)
        if level not in ("error", "warning") or primary is None:
            continue
        related = [p for s in spans for p in _span_places(s)]
        for child in _items(diagnostic.get("children")):
            for span in _items(child.get("spans")):
                if span.get("suggested_replacement") is None:
                    related += _span_places(span)
        label = _text(primary.get("label"))
        message = _text(diagnostic.get("message"))
        if label:
            message = f"{message}: {label}"
        (first, *places) = _span_places(primary) or [("", 0, None)]
        yield Reported(*first, message, _severity(str(level)),
                       tuple(p for p in (*places, *related) if p != first))  # fmt: skip


def _span_places(span: dict[str, Any]) -> list[Place]:
    """A span's place, then those of the macro calls it was expanded from."""
    places: list[Place] = []
    while span and len(places) < 16:
        file, line, column = span.get("file_name"), span.get("line_start"), span.get("column_start")
        if isinstance(file, str) and isinstance(line, int):
            places.append((file, line, column if isinstance(column, int) else None))
        expansion = span.get("expansion")
        span = _json_object(expansion.get("span")) if isinstance(expansion, dict) else {}
    return places


_RUSTC_JSON = '{"$message_type":'


def _rustc_output(output: str, placement: Placement) -> str:
    """What rustc would have printed: each diagnostic's ``rendered`` text."""
    shown = []
    lines = _lines(output)
    for n, line in enumerate(lines):
        diagnostic = _json(line) if line.startswith("{") else None
        if diagnostic is not None:
            shown.append(_text(diagnostic.get("rendered")))
        elif not line.startswith(_RUSTC_JSON):  # a line of another tool's (one cut short: not)
            shown.append(line if n == len(lines) - 1 else f"{line}\n")
    return "".join(shown)


def _rustc_diagnostics(output: str) -> Iterator[dict[str, Any]]:
    for line in _lines(output):
        if line.startswith("{"):
            diagnostic = _json(line) or {}
            if diagnostic.get("$message_type", "diagnostic") == "diagnostic" and diagnostic:
                yield diagnostic


def _json(text: str) -> dict[str, Any] | None:
    """The JSON object ``text`` holds, or None: not JSON, not an object, or nested too deep
    for the parser (which raises ``RecursionError`` there)."""
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return _json_object(value) or None


def _json_object(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _items(value: object) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


Reader = Callable[[str, Placement], Iterator[Reported]]
Rewriter = Callable[[str, Placement], str]
_FORMATS: dict[DiagnosticFormat, tuple[Unit, Reader, Rewriter]] = {
    DiagnosticFormat.GCC: ("byte", _gcc, _unchanged),
    DiagnosticFormat.JAVAC: ("utf16", _javac, _javac_first_line),
    DiagnosticFormat.PYTHON: ("char", _python, _python_output),
    DiagnosticFormat.NODE: ("utf16", _node, _node_output),
    DiagnosticFormat.TSC: ("utf16", _tsc, _unchanged),
    DiagnosticFormat.ESBUILD: ("byte", _esbuild, _unchanged),
    DiagnosticFormat.GO: ("byte", _go, _go_columns),
    DiagnosticFormat.RUSTC_JSON: ("char", _rustc, _rustc_output),
}

"""Compile diagnostics (``judging/diagnostics.py``): every language's real compiler, given a
broken program, and what it says read into lines and columns of the submitted source (also where
a wrapper put text before the user's code, or a driver after it); the compile output shown with
the user's coordinates; and, as a property over any compiler output, that a diagnostic never
points outside the submitted source."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from codejudge.judging.compile import CompileResult, compile_function, compile_source
from codejudge.judging.diagnostics import read
from codejudge.judging.placement import Placement, Unit, code_point_index, split_lines
from codejudge.languages import LANGUAGES, get_language, typescript
from codejudge.languages.base import DiagnosticFormat
from codejudge.models import CompileDiagnostic, JudgeResult, Param, Signature, Verdict
from codejudge.sandbox import Sandbox, open_sandbox

ADD = Signature("add", (Param("a", "integer"), Param("b", "integer")), "integer")
# TypeScript without the type check (CODEJUDGE_TYPESCRIPT_TYPECHECK=0): esbuild alone.
ESBUILD_ONLY = dataclasses.replace(
    typescript.LANGUAGE,
    compile=("/bin/sh", "-c", typescript._EMIT),
    diagnostics=(DiagnosticFormat.ESBUILD,),
)


@dataclass(frozen=True)
class Expect:
    """A diagnostic at ``line``, its column where ``marker`` starts on that line (None: no
    column), whose message contains ``says``."""

    line: int
    marker: str | None
    says: str
    severity: str = "error"


@dataclass(frozen=True)
class Golden:
    language: str
    kind: str  # "stdio" | "function" (the ``add(a, b)`` signature)
    code: str
    expect: tuple[Expect, ...]  # () : a compile error placed in no line of the user's
    compiles: bool = False

    @property
    def id(self) -> str:
        return f"{self.language}-{self.kind}-{self.expect[0].line if self.expect else 'none'}"


GOLDEN = [
    # Python: the check's own report; columns in characters, also after non-ASCII text.
    Golden("python", "function", "class Solution:\n    def add(self, a: int, b: int) -> int:\n"
           "        return (a b)\n", (Expect(3, "a b", "SyntaxError: invalid syntax"),)),
    Golden("python", "stdio", "s = 'héllo'; print(s +)\n", (Expect(1, ")", "SyntaxError"),)),
    Golden("python", "stdio", "x = 1\n    y = 2\n", (Expect(2, " y", "IndentationError"),)),
    Golden("python", "stdio", "x = 1\nprint(x is 1)\n",
           (Expect(2, None, '"is" with a literal', "warning"),), compiles=True),
    # C (gcc): columns in bytes, read as characters (a tab and an é before the error).
    Golden("c", "stdio", '#include <stdio.h>\nint main(void) {\n\tputs("é"); return undeclared;'
           "\n}\n", (Expect(3, "undeclared;", "undeclared"),)),
    Golden("c", "function", "int add(int a, int b) {\n    return a + b +;\n}\n",
           (Expect(2, ";", "expected expression"),)),
    # The driver calls add(), which the user named otherwise: only the linker says so.
    Golden("c", "function", "int addd(int a, int b) { return a + b; }\n", ()),
    # C++ (clang): the driver's error shown where clang's note puts it in the user's code.
    Golden("cpp", "function", "class Solution {\npublic:\n    int addd(int a, int b) { return a"
           " + b; }\n};\n", (Expect(3, "addd", "did you mean 'addd'"),)),
    Golden("cpp", "stdio", '#include <cstdio>\nint main() {\n\tconst char* s = "é"; return'
           " undeclared;\n}\n", (Expect(3, "undeclared;", "undeclared identifier"),)),
    # Java: the implicit imports share the user's line 1.
    Golden("java", "function", "class Solution { public int add(int a, int b) { return a + b +"
           " missing; } }\n", (Expect(1, "missing", "cannot find symbol\nsymbol:   variable"),)),
    Golden("java", "stdio", 'public class Main {\n\tpublic static void main(String[] a) { String é'
           ' = "x"; int x = é; }\n}\n', (Expect(2, "é; }", "incompatible types"),)),
    Golden("java", "function", "class Solution { public int addd(int a, int b) { return a; } }\n",
           ()),
    # JavaScript: V8's caret (tabs and UTF-16 units).
    Golden("javascript", "function", "var add = function(a, b) {\n\tlet s = 'é';\n\treturn a + + ;"
           "\n};\n", (Expect(3, ";", "SyntaxError: Unexpected token ';'"),)),
    Golden("javascript", "stdio", "const x = 1;\nconst x = 2;\n",
           (Expect(2, "x = 2", "SyntaxError: Identifier 'x' has already been declared"),)),
    # TypeScript: tsc's columns in UTF-16 units (the emoji is two of them).
    Golden("typescript", "function", "function add(a: number, b: number): number {\n    const s ="
           " '😀'; const n: number = s;\n    return a + b;\n}\n",
           (Expect(2, "n: number", "Type 'string' is not assignable to type 'number'"),)),
    Golden("typescript", "stdio", "let x: number = 1\nx = ;\n",
           (Expect(2, ";", "Expression expected"),)),
    # Go: the package clause and implicit imports share the user's line 1; columns in bytes.
    Golden("go", "function", 'var x int = "é"; func add(a int, b int) int {\n\treturn a + b\n}\n',
           (Expect(1, '"é"', "cannot use"),)),
    Golden("go", "function", "var strings = 1\nfunc add(a int, b int) int {\n\treturn a + b\n}\n",
           (Expect(1, "strings", "strings already declared"),)),
    Golden("go", "stdio", 'package main\n\nfunc main() {\n\ts := "é"; x := 1\n\t_ = s\n}\n',
           (Expect(4, "x :=", "declared and not used: x"),)),
    # Rust: rustc's JSON; its columns count characters.
    Golden("rust", "function", 'impl Solution {\n    pub fn add(a: i32, b: i32) -> i32 {\n'
           '        a + b + "é"\n    }\n}\n', (Expect(3, '+ "é"', "cannot add `&str` to `i32`"),)),
    Golden("rust", "stdio", 'fn main() {\n\tlet s = "é"; let x: i32 = s;\n}\n',
           (Expect(2, "s;", "mismatched types: expected `i32`, found `&str`"),)),
    Golden("rust", "function", "impl Solution {\n    pub fn addd(a: i32, b: i32) -> i32 { a }\n}\n",
           ()),
]  # fmt: skip


@pytest.fixture(scope="module")
def sandbox() -> Sandbox:
    box = open_sandbox()
    box.check()
    return box


def _compile(sandbox: Sandbox, case: Golden) -> CompileResult:
    language = get_language(case.language)
    if case.kind == "function":
        return compile_function(language, sandbox, case.code, ADD)
    return compile_source(language, sandbox, case.code)


def _expected(case: Golden, expect: Expect) -> tuple[int, int | None, str]:
    text = split_lines(case.code)[expect.line - 1]
    column = None if expect.marker is None else text.index(expect.marker) + 1
    return expect.line, column, expect.severity


def assert_inside(code: str, diagnostics: tuple[CompileDiagnostic, ...]) -> None:
    """Every diagnostic is at a line of ``code`` and, if it has a column, within that line
    (its end included)."""
    lines = split_lines(code)
    for d in diagnostics:
        assert 1 <= d.line <= len(lines), (d, len(lines))
        assert d.column is None or 1 <= d.column <= len(lines[d.line - 1]) + 1, d
        assert d.severity in ("error", "warning") and d.message.strip() == d.message


@pytest.mark.timeout(120)
@pytest.mark.parametrize("case", GOLDEN, ids=[case.id for case in GOLDEN])
def test_a_broken_program_has_diagnostics_at_the_users_lines(
    sandbox: Sandbox, case: Golden
) -> None:
    """The real compiler's messages, at the line and column of the submitted code that each
    expectation names; where none does, the compile fails with no diagnostic."""
    result = _compile(sandbox, case)
    assert result.ok is case.compiles, result.output
    assert_inside(case.code, result.diagnostics)
    got = [(d.line, d.column, d.severity) for d in result.diagnostics]
    assert got[: len(case.expect)] == [_expected(case, e) for e in case.expect], result
    for d, expect in zip(result.diagnostics, case.expect, strict=False):
        assert expect.says in d.message, (d, result.output)
    if not case.expect:
        assert result.diagnostics == () and result.output.strip(), result


@pytest.mark.timeout(60)
def test_esbuild_alone_is_read_too(sandbox: Sandbox) -> None:
    """TypeScript without the type check: esbuild's 0-based byte columns."""
    code = "let x: number = 1\nlet é = 2; x = é +;\n"
    result = compile_source(ESBUILD_ONLY, sandbox, code)
    assert not result.ok
    assert result.diagnostics == (CompileDiagnostic(2, 19, 'Unexpected ";"', "error"),)


@pytest.mark.timeout(120)
def test_the_output_shows_the_users_file_and_coordinates(sandbox: Sandbox) -> None:
    """Where we wrap, the compile output reads as if we had not: Java's quoted first line
    without the implicit imports (the caret still under the error), Go's first-line columns
    without the package clause, Node without its internal frames and the box's path, Python
    without the check's report, rustc as it prints for people rather than its JSON."""
    java_code = "class Solution { public int add(int a, int b) { return missing; } }\n"
    java = compile_function(get_language("java"), sandbox, java_code, ADD)
    first, quoted, caret = java.output.splitlines()[:3]
    assert first == "Solution.java:1: error: cannot find symbol" and "import " not in java.output
    assert quoted == java_code.strip() and quoted[caret.index("^") :] == "missing; } }"
    go_code = 'var x int = "é"; func add(a int, b int) int { return a + b }\n'
    go = compile_function(get_language("go"), sandbox, go_code, ADD)
    assert './solution.go:1:13: cannot use "é"' in go.output, go.output
    js = compile_source(get_language("javascript"), sandbox, "const x = 1;\nconst x = 2;\n")
    assert js.output.startswith("solution.js:2\n"), js.output
    assert "node:internal" not in js.output and "Node.js v" not in js.output
    python = compile_source(get_language("python"), sandbox, "s = 'héllo'; print(s +)\n")
    assert python.output.splitlines()[1:3] == ["    s = 'héllo'; print(s +)", " " * 26 + "^"]
    assert "diagnostics" not in python.output
    rust_code = 'fn main() {\n    let x: i32 = "é";\n}\n'
    rust = compile_source(get_language("rust"), sandbox, rust_code)
    assert rust.output.startswith("error[E0308]: mismatched types\n --> solution.rs:2:18\n")
    assert "$message_type" not in rust.output and "rustc --explain E0308" in rust.output


@pytest.mark.timeout(60)
def test_a_cached_compile_keeps_its_diagnostics(sandbox: Sandbox) -> None:
    python = get_language("python")
    first = compile_source(python, sandbox, "print(1 +)\n")
    second = compile_source(python, sandbox, "print(1 +)\n")
    assert second.cached and second.diagnostics == first.diagnostics != ()


def test_every_language_declares_how_its_compiler_reports() -> None:
    assert all(language.diagnostics for language in LANGUAGES.values())


def test_a_result_keeps_its_diagnostics_through_json() -> None:
    """``JudgeResult.compile_errors`` survives the store and the worker protocol (JSON); a
    result stored before it existed reads as none."""
    errors = (CompileDiagnostic(3, 7, "expected ';'", "error"),
              CompileDiagnostic(1, None, "SyntaxWarning: x", "warning"))  # fmt: skip
    result = JudgeResult(Verdict.COMPILE_ERROR, compile_output="...", compile_errors=errors)
    assert JudgeResult.from_json(result.to_json()) == result
    assert json.loads(result.to_json())["compile_errors"][0] == {
        "line": 3, "column": 7, "message": "expected ';'", "severity": "error"
    }  # fmt: skip
    old = {k: v for k, v in result.to_dict().items() if k != "compile_errors"}
    assert JudgeResult.from_dict(old).compile_errors == ()


# -- the mapping, without a compiler ---------------------------------------------------------------

# Code as people paste it: any text, with tabs, non-ASCII (also beyond the BMP) and any line ends.
_TEXT = st.text(st.sampled_from("ab é😀\t;{}()\"'"), max_size=12)
_CODE = st.lists(_TEXT, max_size=6).flatmap(
    lambda lines: st.sampled_from(["\n", "\r\n", "\r"]).map(lambda end: end.join(lines))
)
_PREFIX = st.sampled_from(["", "package main; ", "import java.util.*; ", "é😀\t"])
_UNITS: tuple[Unit, ...] = ("byte", "utf16", "char")


def _column_in(text: str, index: int, unit: Unit) -> int:
    """The 1-based column, counted in ``unit``, of code point ``index`` of ``text``."""
    before = text[:index]
    if unit == "char":
        return index + 1
    if unit == "byte":
        return len(before.encode()) + 1
    return len(before.encode("utf-16-le", errors="surrogatepass")) // 2 + 1


@given(_TEXT, st.data())
def test_a_column_in_any_unit_is_a_code_point_index(text: str, data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(text)))
    for unit in _UNITS:
        assert code_point_index(text, _column_in(text, index, unit), unit) == index


@given(_CODE, _PREFIX, st.data())
def test_a_place_in_the_users_code_maps_back_exactly(
    code: str, prefix: str, data: st.DataObject
) -> None:
    """A compiler's place in the wrapped file (a prefix on the user's first line, a driver
    after the code) is the user's line and column, in every unit."""
    text = prefix + code + "\n// the driver\n"
    placement = Placement.of("solution.x", text, code)
    lines = split_lines(code)
    line = data.draw(st.integers(1, len(lines)))
    index = data.draw(st.integers(0, len(lines[line - 1])))
    shown = split_lines(text)[line - 1]
    for unit in _UNITS:
        column = _column_in(shown, index + (len(prefix) if line == 1 else 0), unit)
        assert placement.locate(("./solution.x", line, column), unit) == (line, index + 1)
    assert placement.locate(("solution.x", len(lines) + 1, 1), "char") is None  # the driver
    assert placement.locate(("driver.x", line, 1), "char") is None
    if prefix:
        assert placement.locate(("solution.x", 1, 1), "char") is None  # the wrapper's text


def _reports(
    file: st.SearchStrategy[str], number: st.SearchStrategy[int]
) -> st.SearchStrategy[str]:
    """Lines in each compiler's format, at any places, among junk."""
    place = st.tuples(file, number, number)
    message = st.text(st.sampled_from("ab é:;()[]{}\t^"), max_size=10)
    rust_span = place.map(lambda p: {"file_name": p[0], "line_start": p[1], "column_start": p[2],
                                     "is_primary": True})  # fmt: skip
    forms = [
        st.builds(lambda p, m: f"{p[0]}:{p[1]}:{p[2]}: error: {m}\n{p[0]}:{p[2]}:{p[1]}: note: n",
                  place, message),
        st.builds(lambda p, q, m: f"{p[0]}:{p[1]}:{p[2]}: {m}\n\t{q[0]}:{q[1]}:{q[2]}: other",
                  place, place, message),
        st.builds(lambda p, m: f"{p[0]}:{p[1]}: error: {m}\n{m}\n{' ' * p[2]}^\n  symbol: x",
                  place, message),
        st.builds(lambda p, m: f"{p[0]}:{p[1]}\n{m}\n{' ' * p[2]}^\n\nSyntaxError: {m}",
                  place, message),
        st.builds(lambda p, m: f"{p[0]}({p[1]},{p[2]}): error TS1005: {m}\n  more", place, message),
        st.builds(lambda p, m: f"✘ [ERROR] {m}\n\n    {p[0]}:{p[1]}:{p[2]}:\n", place, message),
        st.builds(lambda p, m: json.dumps({"diagnostics": [
            {"line": p[1], "column": p[2], "message": m, "severity": "error"}]}), place, message),
        st.builds(lambda s, e, m: json.dumps({
            "$message_type": "diagnostic", "level": "error", "message": m, "rendered": m,
            "spans": [{**s, "expansion": {"span": e}}], "children": [{"spans": [e]}]}),
            rust_span, rust_span, message),
        message,
    ]  # fmt: skip
    return st.lists(st.one_of(forms), max_size=8).map("\n".join)


# The user's file as each format's compiler names it.
_USER_FILE = {
    DiagnosticFormat.GCC: "solution.c", DiagnosticFormat.JAVAC: "Solution.java",
    DiagnosticFormat.PYTHON: "solution.py", DiagnosticFormat.NODE: "solution.js",
    DiagnosticFormat.TSC: "solution.ts", DiagnosticFormat.ESBUILD: "solution.ts",
    DiagnosticFormat.GO: "solution.go", DiagnosticFormat.RUSTC_JSON: "solution.rs",
}  # fmt: skip


@pytest.mark.parametrize("fmt", list(DiagnosticFormat))
@given(_CODE, _PREFIX, st.data())
def test_a_diagnostic_never_points_outside_the_users_code(
    fmt: DiagnosticFormat, code: str, prefix: str, data: st.DataObject
) -> None:
    """Whatever a compiler writes (places in the user's code, in the wrapper's prefix, in the
    driver, past any end; junk), no diagnostic is outside the submitted code, and the output
    shown stays text."""
    name = _USER_FILE[fmt]
    files = st.sampled_from([name, f"./{name}", f"/box/{name}", f"driver_{name}"])
    output = data.draw(_reports(files, st.integers(-1, 12)))
    placement = Placement.of(name, prefix + code + "\ndriver\n", code)
    shown, found = read((fmt,), output, placement)
    assert_inside(code, found)
    assert isinstance(shown, str)


def test_numbers_too_long_to_be_a_place_are_not_read() -> None:
    """A compiler quotes the user's lines; one that looks like a message with a number of
    thousands of digits (which ``int()`` refuses) is not read as one."""
    placement = Placement.of("Main.java", "class Main {}\n", "class Main {}\n")
    huge = "9" * 5000
    for fmt in DiagnosticFormat:
        output = f"Main.java:{huge}: error: x\nMain.java:1:{huge}: error: y\nMain.java({huge},1): x"
        assert read((fmt,), output, placement)[1] == ()


# -- what a user's line can hold ------------------------------------------------------------------


@pytest.mark.timeout(120)
def test_a_quoted_line_that_looks_like_the_checks_report_is_text(sandbox: Sandbox) -> None:
    """Python quotes the user's line in its message. Split at its form feed (as
    ``str.splitlines`` would), the rest of the line looked like the check's report: a made-up
    diagnostic, or one nested deep enough to crash the JSON parser (``RecursionError``: an
    internal error, the job dead-lettered). Only the check's last line is its report."""
    python = get_language("python")
    fake = '{"diagnostics": [{"line": 1, "column": 1, "message": "fake", "severity": "error"}]}'
    result = compile_source(python, sandbox, f"x = = 1 #\x0c{fake}\n")
    assert result.diagnostics == (CompileDiagnostic(1, 5, "SyntaxError: invalid syntax", "error"),)
    assert f"x = = 1 #\x0c{fake}\n" in result.output  # quoted as it is
    # As deep as the line can be and still be quoted whole (about 1000 characters).
    deep = '==#\x0c{"diagnostics":' + "[" * 978 + "\n"
    result = compile_source(python, sandbox, deep)
    assert result.diagnostics == (CompileDiagnostic(1, 1, "SyntaxError: invalid syntax", "error"),)
    assert deep.strip() in result.output


@pytest.mark.timeout(180)
@pytest.mark.parametrize("separator", ["\u2028", "\x85"], ids=["U+2028", "U+0085"])
def test_rustc_json_with_a_line_separator_in_the_users_line(
    sandbox: Sandbox, separator: str
) -> None:
    """rustc's JSON quotes the line unescaped: the JSON line must stay one line."""
    code = f'fn main() {{\n    let x: i32 = "a{separator}b";\n}}\n'
    result = compile_source(get_language("rust"), sandbox, code)
    assert not result.ok
    first = result.diagnostics[0]
    assert (first.line, first.column) == (2, code.split("\n")[1].index('"a') + 1), result
    assert "mismatched types" in first.message
    assert result.output.startswith("error[E0308]: mismatched types\n"), result.output
    assert "$message_type" not in result.output and separator in result.output


@pytest.mark.timeout(120)
def test_a_form_feed_in_a_line_javac_quotes_makes_no_message(sandbox: Sandbox) -> None:
    """javac quotes the line, form feed and all: its end is not a message of javac's, and no
    part of the quoted line is taken for more of the message."""
    line = '    public static void main(String[] a) { int x = "s"; } // \x0cMain.java:1: error: x'
    code = f"public class Main {{\n{line}\n}}\n"
    result = compile_source(get_language("java"), sandbox, code)
    assert result.diagnostics == (
        CompileDiagnostic(
            2, line.index('"s"') + 1, "incompatible types: String cannot be converted to int",
            "error",
        ),
    ), result  # fmt: skip


# Line ends other than "\n" (``str.splitlines``'), JSON nested past the parser's recursion limit
# (or closed, and held where a string belongs), any text.
_SEPARATORS = [
    "\n",
    "\r",
    "\r\n",
    "\x0b",
    "\x0c",
    "\x1c",
    "\x1d",
    "\x1e",
    "\x85",
    "\u2028",
    "\u2029",
]
_HOLDERS = [
    '{"diagnostics":%s}',
    '{"diagnostics":[{"line":1,"column":1,"message":%s,"severity":%s}]}',
    '{"$message_type":"diagnostic","level":"error","message":%s,"rendered":%s,"spans":[{"file_'
    'name":"solution.rs","line_start":1,"is_primary":true,"label":%s,"expansion":{"span":%s}}],'
    '"children":[{"spans":%s}]}',
    "%s",
]  # fmt: skip


def _nested(holder: str, opener: str, depth: int, closed: bool) -> str:
    closer = {"[": "]", '{"a":': "}"}[opener]
    value = opener * depth + (f"1{closer * depth}" if closed else "")
    return holder.replace("%s", value)


_NESTED = st.builds(
    _nested,
    st.sampled_from(_HOLDERS),
    st.sampled_from(["[", '{"a":']),
    st.integers(0, 3000),
    st.booleans(),
)
_ANY_OUTPUT = st.lists(
    st.tuples(st.one_of(st.text(), _NESTED), st.sampled_from(_SEPARATORS)), max_size=6
).map(lambda parts: "".join(text + end for text, end in parts))


@pytest.mark.parametrize("fmt", list(DiagnosticFormat))
@given(_ANY_OUTPUT, _CODE)
def test_any_compiler_output_is_read_without_raising(
    fmt: DiagnosticFormat, output: str, code: str
) -> None:
    """A crash in the reader would fail the job as an internal error: whatever a compiler (or
    the user's text it quotes) writes, reading it returns text and places in the code."""
    name = _USER_FILE[fmt]
    shown, found = read((fmt,), output, Placement.of(name, code, code))
    assert isinstance(shown, str)
    assert_inside(code, found)

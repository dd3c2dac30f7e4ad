"""Read a problem package (a folder) into a ``Problem``. The format is docs/problem-format.md.

Loading runs at every server start, so it only reads and parses files; the slower checks (test
values against the signature's types, solutions) live in ``validate.py``. The served problem
set (``problem_set.py``) reads only what the API shows and leaves the hidden tests for later.
"""

from __future__ import annotations

import difflib
import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, NoReturn

from codejudge.checkers import CUSTOM, FUNCTION_CHECKERS, OPTIONS, STDIO_CHECKERS, canonical_json
from codejudge.checkers.normalise import normalise_text
from codejudge.checkers.program import ValidatorProgram
from codejudge.exceptions import ProblemFormatError
from codejudge.models import (
    CheckerSpec,
    InputConstraints,
    Limits,
    Param,
    Problem,
    ProblemKind,
    Signature,
    TestCase,
    Verdict,
)
from codejudge.models.vocabulary import VOID, is_valid_type
from codejudge.problems.constraints import parse_constraints
from codejudge.problems.lazy import LazyTests, TestCache

BUNDLED_DIR = Path(__file__).resolve().parent / "bundled"
PROBLEM_TOML = "problem.toml"
STATEMENT = "statement.md"
TESTS = "tests"
SOLUTIONS = "solutions"

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A slug is a folder name and a column of the store (128 characters): LeetCode's longest are
# about 80, Kattis short names far shorter.
MAX_SLUG_CHARS = 100
IDENTIFIER_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
DIFFICULTIES = ("easy", "medium", "hard")
SAMPLE_PREFIX = "sample"
STDIO_ANSWER_SUFFIXES = (".ans", ".out")

_TOP_KEYS = (
    "slug",
    "title",
    "kind",
    "difficulty",
    "tags",
    "run_all_tests",
    "limits",
    "signature",
    "checker",
    "constraints",
)
_LIMIT_KEYS = ("time_ms", "memory_mb", "output_kb")
_SIGNATURE_KEYS = ("function", "returns", "params", "inplace", "class_name")
_FUNCTION_TEST_KEYS = ("args", "expected")


def load_problem(path: Path, *, cache: TestCache | None = None) -> Problem:
    """Load the problem package in folder ``path``.

    Raises ``ProblemFormatError`` naming the file and field at fault and how to fix it. With
    ``cache``, only the sample tests are read now and the others on first use (``LazyTests``,
    kept in ``cache``): every check but a hidden test's contents runs at once.
    """
    path = Path(path)
    if not path.is_dir():
        _fail(path, "is not a folder; a problem package is a folder holding problem.toml")
    meta = _read_toml(path / PROBLEM_TOML)
    where = path / PROBLEM_TOML
    _reject_unknown(where, "", meta, _TOP_KEYS)

    slug = _string(where, meta, "slug")
    why = slug_problem(slug)
    if why is not None:
        _fail(where, f"slug {slug[: MAX_SLUG_CHARS + 1]!r} {why}")
    if slug != path.name:
        _fail(where, f"slug {slug!r} must equal the folder name {path.name!r}")
    kind = _kind(where, meta)
    signature = _signature(where, meta.get("signature"), kind)
    difficulty = _string(where, meta, "difficulty", default="easy")
    if difficulty not in DIFFICULTIES:
        _fail(where, f"difficulty {difficulty!r} must be one of {', '.join(DIFFICULTIES)}")
    title = _string(where, meta, "title")
    statement = _statement(path / STATEMENT)
    limits = _limits(where, meta.get("limits", {}))
    files = _test_files(path / TESTS, kind)
    read = partial(_read_tests, files, signature)
    if cache is None:
        tests: tuple[TestCase, ...] | LazyTests = read()
    else:
        samples = _read_tests([f for f in files if f.sample], signature)  # they come first
        tests = LazyTests(len(files), samples, read, cache)
    return Problem(
        slug=slug,
        title=title,
        kind=kind,
        statement=statement,
        limits=limits,
        tests=tests,
        checker=_checker(path, meta.get("checker", {}), kind),
        signature=signature,
        difficulty=difficulty,
        tags=_tags(where, meta.get("tags", [])),
        run_all_tests=_bool(where, meta, "run_all_tests", default=False),
        constraints=_constraints(where, meta.get("constraints"), kind, signature),
    )


def problem_dirs(folder: Path) -> list[Path]:
    """The problem folders inside ``folder`` (none if it does not exist), sorted by name."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def solutions(path: Path) -> list[tuple[Verdict, Path]]:
    """The reference solutions ``solutions/<expected verdict>/<file>`` of the package at
    ``path``, sorted by verdict folder then file name. Raises ``ProblemFormatError`` for a
    folder that is not a verdict."""
    root = Path(path) / SOLUTIONS
    if not root.is_dir():
        return []
    found: list[tuple[Verdict, Path]] = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        if folder.name.startswith((".", "_")):
            continue
        try:
            verdict = Verdict(folder.name)
        except ValueError:
            known = ", ".join(v.value for v in Verdict if v is not Verdict.SKIPPED)
            _fail(folder, f"is not a verdict; name solution folders after one of: {known}")
        if verdict is Verdict.SKIPPED:
            _fail(folder, "'skipped' is not a verdict a solution can expect")
        files = sorted(f for f in folder.iterdir() if f.is_file() and not f.name.startswith("."))
        found.extend((verdict, f) for f in files)
    return found


def natural_key(name: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that orders 'test2' before 'test10'."""
    parts = re.split(r"(\d+)", name)
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts if p)


# --- problem.toml ---------------------------------------------------------------------------


def _read_toml(file: Path) -> dict[str, Any]:
    try:
        with file.open("rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        _fail(file, "is missing; every problem folder needs one (see docs/problem-format.md)")
    except tomllib.TOMLDecodeError as e:
        _fail(file, f"is not valid TOML: {e}")


def slug_problem(slug: str) -> str | None:
    """Why ``slug`` is not a problem's slug (lowercase words joined by '-', at most
    ``MAX_SLUG_CHARS``), or None."""
    if len(slug) > MAX_SLUG_CHARS:
        return f"must be at most {MAX_SLUG_CHARS} characters, not {len(slug)}"
    if not SLUG_RE.fullmatch(slug):
        return "must be lowercase words joined by '-', e.g. slug = 'two-sum'"
    return None


def _kind(where: Path, meta: dict[str, Any]) -> ProblemKind:
    kind = _string(where, meta, "kind")
    try:
        return ProblemKind(kind)
    except ValueError:
        _fail(where, f"kind {kind!r} must be 'function' (LeetCode style) or 'stdio'")


def _limits(where: Path, table: object) -> Limits:
    table = _table(where, "limits", table)
    _reject_unknown(where, "[limits] ", table, _LIMIT_KEYS)
    defaults = Limits()
    values = {}
    for key in _LIMIT_KEYS:
        value = table.get(key, getattr(defaults, key))
        if type(value) is not int or value <= 0:
            _fail(where, f"[limits] {key} must be a positive integer, got {value!r}")
        values[key] = value
    return Limits(**values)


def _signature(where: Path, table: object, kind: ProblemKind) -> Signature | None:
    if kind is ProblemKind.STDIO:
        if table is not None:
            _fail(where, "a stdio problem has no [signature]; remove it or set kind = 'function'")
        return None
    if table is None:
        _fail(where, "a function problem needs a [signature] table (function, returns, params)")
    table = _table(where, "signature", table)
    _reject_unknown(where, "[signature] ", table, _SIGNATURE_KEYS)
    function = _identifier(where, table, "function", "[signature] function")
    class_name = _identifier(where, table, "class_name", "[signature] class_name", "Solution")
    returns = _string(where, table, "returns", label="[signature] returns")
    if returns != VOID and not is_valid_type(returns):
        _fail(where, f"[signature] returns: {_type_hint(returns)}, or 'void'")
    params = _params(where, table.get("params"))
    names = [p.name for p in params]
    inplace = table.get("inplace")
    if returns == VOID:
        if inplace not in names:
            _fail(
                where,
                "[signature] returns = 'void' needs inplace = the parameter whose final value "
                f"is judged, one of {names}; got {inplace!r}",
            )
    elif inplace is not None:
        _fail(where, "[signature] inplace is only for returns = 'void'; remove it")
    return Signature(
        function=function,
        params=params,
        returns=returns,
        inplace=inplace,
        class_name=class_name,
    )


def _params(where: Path, value: object) -> tuple[Param, ...]:
    example = "params = [{ name = 'nums', type = 'integer[]' }]"
    if not isinstance(value, list):
        _fail(where, f"[signature] params must be an array of tables, e.g. {example}")
    params: list[Param] = []
    for i, item in enumerate(value):
        label = f"[signature] params[{i}]"
        if not isinstance(item, dict) or set(item) != {"name", "type"}:
            _fail(where, f"{label} must have exactly a name and a type, e.g. {example}")
        name = _identifier(where, item, "name", f"{label} name")
        type_name = _string(where, item, "type", label=f"{label} type")
        if not is_valid_type(type_name):
            _fail(where, f"{label} ({name}): {_type_hint(type_name)}")
        if any(p.name == name for p in params):
            _fail(where, f"{label}: parameter name {name!r} is used twice")
        params.append(Param(name=name, type=type_name))
    return tuple(params)


def _checker(path: Path, table: object, kind: ProblemKind) -> CheckerSpec:
    where = path / PROBLEM_TOML
    table = _table(where, "checker", table)
    allowed = FUNCTION_CHECKERS if kind is ProblemKind.FUNCTION else STDIO_CHECKERS
    default = "value" if kind is ProblemKind.FUNCTION else "tokens"
    name = _string(where, table, "name", default=default, label="[checker] name")
    if name not in allowed:
        _fail(where, f"[checker] name {name!r}: a {kind} problem uses one of {sorted(allowed)}")
    options = {k: v for k, v in table.items() if k != "name"}
    known = OPTIONS[kind][name]
    _reject_unknown(where, f"[checker] ({name}) ", options, tuple(known))
    for key, value in options.items():
        if type(value) not in known[key]:
            _fail(where, f"[checker] {key} must be {known[key][0].__name__}, got {value!r}")
    if name == "unordered" and options.get("depth", 1) < 1:
        _fail(where, "[checker] depth must be at least 1 (1 = only the top-level list)")
    if any(options.get(k, 0) < 0 for k in ("absolute", "relative")):
        _fail(where, "[checker] absolute and relative tolerances must not be negative")
    if name == CUSTOM:
        options["validator"] = _validator(path, options)
    return CheckerSpec(name=name, options=options)


def _validator(path: Path, options: dict[str, Any]) -> ValidatorProgram:
    """The custom checker's program: ``program`` (default ``checker``), a file or a folder of
    files in the package, with ``flags`` as its extra arguments."""
    where = path / PROBLEM_TOML
    flags = options.get("flags", [])
    if not all(isinstance(f, str) for f in flags):
        _fail(where, f"[checker] flags must be an array of strings, got {flags!r}")
    relative = Path(options.get("program", "checker"))
    source = path / relative
    if relative.is_absolute() or ".." in relative.parts or not source.exists():
        _fail(where, f"[checker] program {str(relative)!r} must be a file or folder in the package")
    if source.is_symlink():
        _fail(source, "is a symlink; a package's checker must be regular files")
    files = [source] if source.is_file() else sorted(source.iterdir())
    contents = {
        f.name: f.read_bytes()
        for f in files
        if f.is_file() and not f.is_symlink() and not f.name.startswith(".")
    }
    try:
        return ValidatorProgram.of(contents, tuple(flags))
    except ValueError as e:
        _fail(source, str(e))


def _constraints(
    where: Path, table: object, kind: ProblemKind, signature: Signature | None
) -> InputConstraints | None:
    if table is None:
        return None
    try:
        return parse_constraints(_table(where, "constraints", table), kind, signature)
    except ValueError as e:
        _fail(where, str(e))


def _tags(where: Path, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(t, str) and t for t in value):
        _fail(where, f"tags must be an array of strings, e.g. tags = ['array'], got {value!r}")
    return tuple(value)


# --- statement and tests --------------------------------------------------------------------


def _statement(file: Path) -> str:
    text = _read_text(file, "is missing; write the problem statement there in Markdown")
    if not text.strip():
        _fail(file, "is empty; write the problem statement there in Markdown")
    return text


@dataclass(frozen=True, slots=True)
class _TestFiles:
    """Where one test is: a function test's NAME.json, or a stdio test's NAME.in + answer."""

    name: str
    input: Path
    answer: Path | None = None  # stdio only: NAME.ans or NAME.out

    @property
    def sample(self) -> bool:
        return self.name.startswith(SAMPLE_PREFIX)


def _test_files(folder: Path, kind: ProblemKind) -> list[_TestFiles]:
    """The tests in ``folder`` in judging order (samples first), from its listing alone: every
    layout error is found here without reading a test."""
    if not folder.is_dir():
        _fail(folder, "is missing; put the test files there (see docs/problem-format.md)")
    files = {p.name: p for p in folder.iterdir() if p.is_file()}
    function = kind is ProblemKind.FUNCTION
    found = _function_files(files) if function else _stdio_files(files)
    if not found:
        layout = "NAME.json" if function else "NAME.in + NAME.ans"
        _fail(folder, f"holds no tests; add at least one {layout}")
    return sorted(found, key=lambda t: (not t.sample, natural_key(t.name)))


def _stdio_files(files: dict[str, Path]) -> list[_TestFiles]:
    found = []
    for file in files.values():
        stem, suffix = file.stem, file.suffix
        if suffix == ".json":
            _fail(file, "is a function-problem test; a stdio test is NAME.in + NAME.ans")
        if suffix in STDIO_ANSWER_SUFFIXES and f"{stem}.in" not in files:
            _fail(file, f"has no input; add {stem}.in beside it")
        if suffix != ".in":
            continue
        answers = [f"{stem}{s}" for s in STDIO_ANSWER_SUFFIXES if f"{stem}{s}" in files]
        if len(answers) != 1:
            problem = "has no expected output" if not answers else "has both .ans and .out"
            _fail(file, f"{problem}; give it exactly one {stem}.ans")
        found.append(_TestFiles(stem, file, files[answers[0]]))
    return found


def _function_files(files: dict[str, Path]) -> list[_TestFiles]:
    found = []
    for file in files.values():
        if file.suffix in (".in", *STDIO_ANSWER_SUFFIXES):
            _fail(file, "is a stdio test; a function-problem test is NAME.json")
        if file.suffix == ".json":
            found.append(_TestFiles(file.stem, file))
    return found


def _read_tests(files: list[_TestFiles], signature: Signature | None) -> tuple[TestCase, ...]:
    """Read ``files`` (in judging order) into tests numbered from 1, under the line-ending
    rule (``normalise_text``: no BOM, LF), whatever is on disk."""
    tests = []
    for index, test in enumerate(files, start=1):
        if test.answer is not None:
            test_input = normalise_text(_read_text(test.input, "vanished while loading"))
            expected = normalise_text(_read_text(test.answer, "vanished while loading"))
        else:
            assert signature is not None, "a function problem has a signature"
            test_input, expected = _function_test(test.input, signature)
        tests.append(TestCase(index, test_input, expected, sample=test.sample, name=test.name))
    return tuple(tests)


def _function_test(file: Path, signature: Signature) -> tuple[str, str]:
    example = '{"args": [[2, 7, 11, 15], 9], "expected": [0, 1]}'
    try:
        data = json.loads(normalise_text(_read_text(file, "vanished while loading")))
    except ValueError as e:
        _fail(file, f"is not valid JSON ({e}); write e.g. {example}")
    if not isinstance(data, dict) or set(data) != set(_FUNCTION_TEST_KEYS):
        _fail(file, f"must be an object with exactly 'args' and 'expected', e.g. {example}")
    args = data["args"]
    arity = len(signature.params)
    if not isinstance(args, list) or len(args) != arity:
        names = [p.name for p in signature.params]
        _fail(file, f"'args' must be an array of {arity} values, one per parameter {names}")
    return canonical_json(args), canonical_json(data["expected"])


# --- small helpers --------------------------------------------------------------------------


def _read_text(file: Path, missing: str) -> str:
    try:
        # Bytes, then decode: read_text would translate newlines; the callers apply the one
        # line-ending rule (checkers.normalise) where it applies.
        return file.read_bytes().decode("utf-8")
    except FileNotFoundError:
        _fail(file, missing)
    except UnicodeDecodeError as e:
        _fail(file, f"is not UTF-8 text ({e})")


def _table(where: Path, key: str, value: object) -> dict[str, Any]:
    if not isinstance(value, dict):
        _fail(where, f"{key} must be a table, e.g. [{key}]")
    return value


def _string(
    where: Path,
    table: Mapping[str, Any],
    key: str,
    default: str | None = None,
    label: str | None = None,
) -> str:
    value = table.get(key, default)
    if value is None:
        _fail(where, f"{label or key} is missing; add {key} = '...'")
    if not isinstance(value, str) or not value.strip():
        _fail(where, f"{label or key} must be a non-empty string, got {value!r}")
    return value


def _identifier(
    where: Path, table: Mapping[str, Any], key: str, label: str, default: str | None = None
) -> str:
    value = _string(where, table, key, default=default, label=label)
    if not IDENTIFIER_RE.fullmatch(value):
        _fail(where, f"{label} {value!r} must be an identifier (letters, digits, _)")
    return value


def _bool(where: Path, table: Mapping[str, Any], key: str, default: bool) -> bool:
    value = table.get(key, default)
    if not isinstance(value, bool):
        _fail(where, f"{key} must be true or false, got {value!r}")
    return value


def _reject_unknown(
    where: Path, label: str, table: Mapping[str, Any], known: tuple[str, ...]
) -> None:
    for key in table:
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f"; known: {', '.join(known)}"
            if not known:
                hint = "; this checker takes no options"
            _fail(where, f"{label}unknown key {key!r}{hint}")


def _type_hint(type_name: str) -> str:
    return (
        f"unknown type {type_name!r}; use integer, long, double, boolean, string, character, "
        "ListNode or TreeNode, built on with T[] and list<T> (e.g. integer[], list<list<integer>>)"
    )


def _fail(where: Path, message: str) -> NoReturn:
    raise ProblemFormatError(f"{where}: {message}")

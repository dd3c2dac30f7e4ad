"""The package's shape, enforced: small modules, short functions, tests beside what they test.

Every source file under ``src/codejudge`` (Python, the drivers in every language, the Lua
scripts; not the bundled problems, which are data) has at most ``MAX_LINES`` lines, and every
Python function at most ``MAX_FUNCTION_LINES`` (a def's whole span, its nested defs included).
A folder of tests is named after the package it tests, unless it holds programs or data.
The import rules are ``lint-imports``' job (``[tool.importlinter]`` in pyproject.toml).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "codejudge"
TESTS = ROOT / "tests"

MAX_LINES = 500
MAX_FUNCTION_LINES = 60
SOURCE_SUFFIXES = {".py", ".c", ".h", ".cpp", ".hpp", ".go", ".java", ".js", ".ts", ".rs", ".lua"}
DATA = [PACKAGE / "problems" / "bundled"]  # problems: statements, tests, solutions
# Test folders that are not a package's tests: programs the judge runs, and whole-system tests.
# schedules: scheduling.py, store/schedules.py, worker/schedule_job.py and their API and CLI,
# tested together across real processes; deploy: the files under deploy/ against a live server;
# metrics: metrics.py, api/metrics.py and the store's throughput across processes (issue 14).
TEST_FOLDERS_NOT_PACKAGES = {
    "golden",
    "hostile",
    "kattis",
    "faults",
    "schedules",
    "deploy",
    "metrics",
}


def sources() -> list[Path]:
    return sorted(
        path
        for path in PACKAGE.rglob("*")
        if path.suffix in SOURCE_SUFFIXES
        and path.is_file()
        and not any(path.is_relative_to(data) for data in DATA)
    )


def name(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_sources_are_found() -> None:
    found = {path.relative_to(PACKAGE).as_posix() for path in sources()}
    assert {"queue/sqlite.py", "languages/drivers/python_driver.py", "queue/lua/claim.lua"} <= found
    assert not any(path.startswith("problems/bundled/") for path in found)


def test_no_module_is_over_max_lines() -> None:
    long = {name(path): n for path in sources() if (n := _lines(path)) > MAX_LINES}
    assert long == {}, f"modules over {MAX_LINES} lines: split them"


def test_no_function_is_over_max_lines() -> None:
    long = {
        f"{name(path)}:{node.lineno} {node.name}": span
        for path in sources()
        if path.suffix == ".py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path)))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and (span := _span(node)) > MAX_FUNCTION_LINES
    }
    assert long == {}, f"functions over {MAX_FUNCTION_LINES} lines: split them"


@pytest.mark.parametrize(
    "folder",
    sorted(p.name for p in TESTS.iterdir() if p.is_dir() and (p / "__init__.py").is_file()),
)
def test_a_test_folder_mirrors_a_package(folder: str) -> None:
    """``tests/queue/`` tests ``codejudge/queue/``; a folder of programs or data says so above."""
    assert folder in TEST_FOLDERS_NOT_PACKAGES or (PACKAGE / folder).is_dir()


# Top-level test modules: those of a top-level module (tests/test_verdict.py tests verdict.py)
# and the ones about the whole tree.
CROSS_CUTTING_TESTS = {"test_layout.py"}


@pytest.mark.parametrize("module", sorted(p.name for p in TESTS.glob("test_*.py")))
def test_a_top_level_test_module_mirrors_a_top_level_module(module: str) -> None:
    """Tests of a package live in its folder (``tests/sandbox/``), not at the top."""
    mirrored = PACKAGE / (module.removeprefix("test_"))
    assert module in CROSS_CUTTING_TESTS or mirrored.is_file(), (
        f"tests/{module} tests no top-level module: move it into the folder of its package"
    )


def test_the_package_is_typed() -> None:
    assert (PACKAGE / "py.typed").is_file()  # PEP 561: users' type checkers read our hints


def _lines(path: Path) -> int:
    return len(path.read_bytes().splitlines())


def _span(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    assert node.end_lineno is not None
    return node.end_lineno - node.lineno + 1

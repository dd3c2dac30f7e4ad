"""The served problem set: hidden tests read on first use and only a few problems' worth kept,
reloads that re-read only changed packages, and the same problems as ``load_problem``."""

from __future__ import annotations

import dataclasses
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from codejudge.api import errors
from codejudge.api.problem_routes import router
from codejudge.exceptions import ProblemFormatError
from codejudge.models import Problem
from codejudge.problems import BUNDLED_DIR, load_problem, load_problem_set, loader, problem_set
from codejudge.problems.lazy import LazyTests
from codejudge.store import Store
from tests.problems.test_problems import BROKEN, TOML, write

BASE = {
    "problem.toml": TOML,
    "statement.md": "# Add\n\nReturn a + b.\n",
    "tests/sample-1.json": '{"args": [1, 2], "expected": 3}',
    "tests/big.json": '{"args": [2000000000, -1], "expected": 1999999999}',
    "solutions/accepted/add.py": "class Solution:\n    def add(self, a, b): return a + b\n",
}


def package(root: Path, slug: str = "add", files: dict[str, str | None] | None = None) -> Path:
    """A valid function package ``slug`` in ``root``, then ``files`` over it."""
    toml = TOML.replace('slug = "add"', f'slug = "{slug}"')
    return write(write(root / slug, BASE | {"problem.toml": toml}), files or {})


def lazy(problem: Problem) -> LazyTests:
    assert isinstance(problem.tests, LazyTests)
    return problem.tests


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Path]]:
    """Every text file the loader reads (statements, tests), in order."""
    seen: list[Path] = []
    read_text = loader._read_text

    def spy(file: Path, missing: str) -> str:
        seen.append(file)
        return read_text(file, missing)

    monkeypatch.setattr(loader, "_read_text", spy)
    yield seen


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The folder names the problem set (re)loads, in order."""
    seen: list[str] = []

    def spy(folder: Path, **kwargs: object) -> Problem:
        seen.append(folder.name)
        return load_problem(folder, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(problem_set, "load_problem", spy)
    yield seen


def hidden_tests(files: list[Path]) -> list[str]:
    return [f.name for f in files if f.parent.name == "tests" and not f.name.startswith("sample")]


# --- hidden tests are read on first use ----------------------------------------------------


def test_hidden_tests_are_read_only_when_used(tmp_path: Path, reads: list[Path]) -> None:
    path = package(tmp_path)
    problem = load_problem_set(tmp_path).get("add")
    assert hidden_tests(reads) == [] and [f.name for f in reads][-1] == "sample-1.json"
    assert len(problem.tests) == 2 and problem.tests  # known from the listing
    assert [t.name for t in problem.samples] == ["sample-1"]
    assert not lazy(problem).loaded and hidden_tests(reads) == []

    assert tuple(problem.tests) == load_problem(path).tests  # iterating reads them
    assert problem.tests[1].expected == "1999999999" and lazy(problem).loaded
    assert hidden_tests(reads) == ["big.json", "big.json"], "read once here, once by load_problem"


def test_the_bundled_set_serves_the_same_problems_as_load_problem(reads: list[Path]) -> None:
    problems = load_problem_set()
    assert hidden_tests(reads) == []
    for problem in problems.list():
        eager = load_problem(BUNDLED_DIR / problem.slug)
        assert problem.samples == eager.samples and len(problem.tests) == len(eager.tests)
        assert dataclasses.replace(problem, tests=tuple(problem.tests)) == eager


def test_only_a_few_problems_tests_stay_in_memory(tmp_path: Path, reads: list[Path]) -> None:
    slugs = [f"p{i}" for i in range(problem_set.KEEP_TESTS + 2)]
    for slug in slugs:
        package(tmp_path, slug)
    problems = load_problem_set(tmp_path)
    for slug in slugs:
        assert len(list(problems.get(slug).tests)) == 2
    loaded = [slug for slug in slugs if lazy(problems.get(slug)).loaded]
    assert loaded == slugs[-problem_set.KEEP_TESTS :], "the least recently used went first"

    reads.clear()
    assert problems.get(slugs[-1]).tests[1].name == "big" and reads == []  # still held
    assert problems.get(slugs[0]).tests[1].name == "big"  # read again
    assert hidden_tests(reads) == ["big.json"]


def test_a_problem_page_reads_no_hidden_test(tmp_path: Path, reads: list[Path]) -> None:
    """What the API shows (list, detail with samples, test count, starter code) comes from
    the metadata and the samples alone."""
    dirs = [BUNDLED_DIR, tmp_path]
    problems = load_problem_set(*dirs)
    app = FastAPI()
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")  # asked what workers published
    store.migrate()
    app.state.services = SimpleNamespace(problems=problems, problem_dirs=dirs, store=store)
    errors.install(app)
    app.include_router(router)
    client = TestClient(app)

    assert len(client.get("/api/v1/problems").json()) == len(problems)
    details = {p.slug: client.get(f"/api/v1/problems/{p.slug}").json() for p in problems.list()}
    assert hidden_tests(reads) == []
    assert not any(lazy(p).loaded for p in problems.list())
    for slug in ("two-sum", "a-plus-b"):
        eager = load_problem(BUNDLED_DIR / slug)
        assert details[slug]["test_count"] == len(eager.tests)
        samples = [{"input": t.input, "expected": t.expected} for t in eager.samples]
        assert details[slug]["samples"] == samples and details[slug]["starter_code"]


# --- broken packages -----------------------------------------------------------------------

# Only a hidden test's contents are checked when the tests are first used; everything else
# (problem.toml, the statement, the tests' layout, the samples) when the set is loaded.
# Packages installed through the admin API or `problems import` are fully loaded first.
READ_LATER = {"wrong arity", "bad test json", "test without expected"}


@pytest.mark.parametrize("case", BROKEN)
def test_a_broken_package_is_reported_as_load_problem_reports_it(tmp_path: Path, case: str) -> None:
    files, message = BROKEN[case]
    path = package(tmp_path, files=files)
    if case not in READ_LATER:
        with pytest.raises(ProblemFormatError, match=message) as raised:
            load_problem_set(tmp_path)
        assert str(path) in str(raised.value)
        return
    problem = load_problem_set(tmp_path).get("add")
    assert len(problem.samples) == 1 and len(problem.tests) == 2
    with pytest.raises(ProblemFormatError, match=message) as raised:
        list(problem.tests)
    assert str(path / "tests" / "big.json") in str(raised.value)


def test_a_broken_sample_fails_the_load(tmp_path: Path) -> None:
    package(tmp_path, files={"tests/sample-1.json": "{args: [1, 2]}"})
    with pytest.raises(ProblemFormatError, match=r"sample-1\.json: is not valid JSON"):
        load_problem_set(tmp_path)


# --- reload --------------------------------------------------------------------------------


def test_reload_reads_only_the_packages_that_changed(tmp_path: Path, loads: list[str]) -> None:
    for slug in ("a", "b", "c"):
        package(tmp_path, slug)
    problems = load_problem_set(tmp_path)
    assert loads == ["a", "b", "c"]
    before = {p.slug: p for p in problems.list()}

    def reload() -> list[str]:
        loads.clear()
        problems.reload(tmp_path)
        return loads

    assert reload() == []
    assert all(problems.get(slug) is before[slug] for slug in before), "kept as they were"
    write(tmp_path / "b", {"statement.md": "# B, reworded\n"})
    assert reload() == ["b"] and problems.get("b").statement == "# B, reworded\n"
    write(tmp_path / "c", {"tests/more.json": '{"args": [2, 2], "expected": 4}'})
    assert reload() == ["c"] and len(problems.get("c").tests) == 3
    package(tmp_path, "d")
    shutil.rmtree(tmp_path / "a")
    assert reload() == ["d"] and [p.slug for p in problems.list()] == ["b", "c", "d"]
    assert problems.get("c") is not before["c"] and problems.get("d").tests


def test_reload_sees_a_package_replaced_by_a_new_folder(tmp_path: Path, loads: list[str]) -> None:
    """What an admin update does: a new folder renamed over the old one (same mtimes are
    possible within a clock tick; the inode differs)."""
    package(tmp_path / "live", "add")
    problems = load_problem_set(tmp_path / "live")
    package(tmp_path / "stage", "add", {"problem.toml": TOML.replace('"Add"', '"Sum"')})
    shutil.rmtree(tmp_path / "live" / "add")
    (tmp_path / "stage" / "add").rename(tmp_path / "live" / "add")
    loads.clear()
    problems.reload(tmp_path / "live")
    assert loads == ["add"] and problems.get("add").title == "Sum"


def test_a_broken_change_raises_and_keeps_the_served_set(tmp_path: Path) -> None:
    package(tmp_path, "a")
    problems = load_problem_set(tmp_path)
    served = problems.get("a")
    write(tmp_path / "a", {"problem.toml": "slug = "})
    with pytest.raises(ProblemFormatError, match=re.escape("problem.toml: is not valid TOML")):
        problems.reload(tmp_path)
    assert problems.get("a") is served
    write(tmp_path / "a", {"problem.toml": TOML.replace('slug = "add"', 'slug = "a"')})
    problems.reload(tmp_path)
    assert problems.get("a") is not served and problems.get("a").title == "Add"


def test_the_later_folder_still_wins(tmp_path: Path) -> None:
    package(tmp_path / "first", "add")
    package(tmp_path / "second", "add", {"statement.md": "# Second\n"})
    problems = load_problem_set(tmp_path / "first", tmp_path / "second")
    assert problems.get("add").statement == "# Second\n"
    shutil.rmtree(tmp_path / "second" / "add")
    problems.reload(tmp_path / "first", tmp_path / "second")
    assert problems.get("add").statement == BASE["statement.md"]


def test_reload_is_cheap_for_the_bundled_set(loads: list[str]) -> None:
    problems = load_problem_set()
    loads.clear()
    problems.reload()
    assert loads == [] and len(problems) == len(load_problem_set())

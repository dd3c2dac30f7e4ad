"""The problems an API process serves: every package's metadata, statement and samples, read
at start; hidden tests read on first use and only a few problems' worth kept (``lazy.py``).
A reload re-reads only the packages whose files changed."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Mapping
from pathlib import Path

from codejudge.exceptions import NotFound
from codejudge.models import Problem
from codejudge.problems.lazy import TestCache
from codejudge.problems.loader import BUNDLED_DIR, load_problem, problem_dirs

KEEP_TESTS = 4  # problems whose full tests stay in memory (the bundled ones: ≤ 3 MB each)

# A package's state on disk: per file and folder, its path, inode, size and change times.
Stamp = tuple[tuple[str, int, int, int, int], ...]


class ProblemSet:
    """The problems served, by slug (built by ``load_problem_set``)."""

    def __init__(self, problems: Mapping[str, Problem], keep_tests: int = KEEP_TESTS) -> None:
        self._problems = dict(sorted(problems.items()))
        self._tests = TestCache(keep_tests)
        self._read: dict[Path, tuple[Stamp, Problem]] = {}  # what reload may reuse
        self._reloading = threading.Lock()

    def get(self, slug: str) -> Problem:
        """The problem ``slug``; raises ``NotFound`` if there is none."""
        try:
            return self._problems[slug]
        except KeyError:
            raise NotFound(f"problem {slug!r} not found") from None

    def list(self) -> list[Problem]:
        """Every problem, sorted by slug."""
        return list(self._problems.values())

    def __contains__(self, slug: object) -> bool:
        return slug in self._problems

    def reload(self, *dirs: Path) -> None:
        """Load ``dirs`` again (as ``load_problem_set``) and swap the result in, in place: a
        server serves an import at once. Only packages whose files changed since they were
        read (inode, size or times of any file) are read again. Swapping one reference is
        atomic, so a reader sees the old set or the new one; a broken package raises and
        leaves the old set in place."""
        with self._reloading:
            problems: dict[str, Problem] = {}
            read: dict[Path, tuple[Stamp, Problem]] = {}
            for folder in (f for d in dirs or (BUNDLED_DIR,) for f in problem_dirs(d)):
                # Stamped before reading: a change while reading shows at the next reload.
                stamp = package_stamp(folder)
                known = self._read.get(folder)
                if known is not None and known[0] == stamp:
                    problem = known[1]
                else:
                    problem = load_problem(folder, cache=self._tests)
                read[folder] = (stamp, problem)
                problems[problem.slug] = problem  # a later folder's problem wins
            self._problems = dict(sorted(problems.items()))
            self._read = read

    def fresh(self, slug: str, *dirs: Path) -> Problem:
        """The problem ``slug`` as it is on disk now, from the last of ``dirs`` holding it: read
        again only if any of its files changed since this set read it (one stat per file).
        For a process that must see an admin update at once without restating every package
        (the judging child, which starts empty and reads only what it judges)."""
        folder = _folder_of(slug, dirs)
        stamp = package_stamp(folder)  # before reading, as in ``reload``
        known = self._read.get(folder)
        if known is not None and known[0] == stamp:
            return known[1]
        problem = load_problem(folder, cache=self._tests)
        with self._reloading:
            self._read = {**self._read, folder: (stamp, problem)}
            self._problems = dict(sorted({**self._problems, problem.slug: problem}.items()))
        return problem

    def folder(self, slug: str) -> Path:
        """The package folder the problem ``slug`` was read from (the last of the dirs holding
        it, as the problem served); ``NotFound`` for a problem not read from a folder."""
        found = [folder for folder, (_, problem) in self._read.items() if problem.slug == slug]
        if not found or slug not in self._problems:
            raise NotFound(f"problem {slug!r} has no package folder")
        return found[-1]

    def __len__(self) -> int:
        return len(self._problems)


def load_problem_set(*dirs: Path) -> ProblemSet:
    """Load every problem folder inside each of ``dirs`` (default: ``BUNDLED_DIR``).

    Pass the bundled folder first and the data dir's ``problems/`` after it: a later folder's
    problem replaces an earlier one with the same slug. Folders that do not exist are skipped;
    sub-folders whose names start with '.' or '_' are ignored. A broken package raises
    ``ProblemFormatError``: serving a half-loaded problem set would hide it. Hidden tests are
    read when first used (see ``load_problem``'s ``cache``), so a hidden test's broken
    contents raise then.
    """
    problems = ProblemSet({})
    problems.reload(*dirs)
    return problems


def _folder_of(slug: str, dirs: tuple[Path, ...]) -> Path:
    for base in reversed(dirs):
        folder = base / slug
        if "/" not in slug and not slug.startswith(".") and (folder / "problem.toml").is_file():
            return folder
    raise NotFound(f"problem {slug!r} not found")


def package_stamp(folder: Path) -> Stamp:
    """Every file and folder under ``folder`` with what changes when it is written, replaced
    (a new inode: an admin update renames a new folder in) or touched: one stat per file,
    milliseconds for the bundled set. What vanishes meanwhile is left out (loading says)."""
    entries = []
    pending = [os.fspath(folder)]
    with contextlib.suppress(FileNotFoundError):
        entries.append(_facts(pending[0], os.stat(folder)))
    while pending:
        with contextlib.suppress(FileNotFoundError), os.scandir(pending.pop()) as listing:
            for entry in listing:
                try:
                    entries.append(_facts(entry.path, entry.stat(follow_symlinks=False)))
                except FileNotFoundError:
                    continue
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
    return tuple(sorted(entries))


def _facts(path: str, info: os.stat_result) -> tuple[str, int, int, int, int]:
    return (path, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)

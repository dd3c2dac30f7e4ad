"""Where ``try-published.py``'s solutions come from: git mirrors of doocs/leetcode (function
problems we bundle) and of Kattis problemtools' and DOMjudge's example problems (imported with
the Kattis importer), each solution an ``Item`` with the verdicts its authors expect.

A module of its own so the script stays small; ``try-published.py`` imports it from its folder.
"""

from __future__ import annotations

import importlib
import re
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from codejudge.judging import grading
from codejudge.languages import EXTENSIONS
from codejudge.models import Problem, ProblemKind
from codejudge.problems import kattis
from codejudge.problems.loader import load_problem, problem_dirs, solutions


def _optional(module: str, name: str) -> Any:
    """``module.name`` if this checkout of the project has it, else None (the script runs on
    main and on branches whose importer API moved on)."""
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


# The measurement as `codejudge problems import` runs it: the measurement-job API, else main
# 0fc1402's, where one failing accepted submission aborts the import (then retried, tolerant).
MEASURE = _optional("codejudge.judging.problems_check", "measure_here")
TOLERANT = MEASURE is None
MEASURE = MEASURE or _optional("codejudge.judging.problems_check", "slowest_accepted_ms")
# The importer's own extension rules (.c++, .C) where it has them.
project_language = _optional("codejudge.judging.measurement", "language_of")

DOOCS_FILE = re.compile(r"^Solution\d*\.(py|c|cpp|java|js|ts|go|rs)$")
# Verdict words of problemtools' folders and DOMjudge's @EXPECTED_RESULTS@ -> ours.
EXPECT_WORDS = {
    "accepted": "accepted", "correct": "accepted",
    "wrong_answer": "wrong_answer", "wrong-answer": "wrong_answer",
    "no-output": "wrong_answer", "no_output": "wrong_answer",
    "time_limit_exceeded": "time_limit_exceeded", "timelimit": "time_limit_exceeded",
    "run_time_error": "runtime_error", "run-error": "runtime_error",
    "runtime_error": "runtime_error",
    "memory_limit_exceeded": "memory_limit_exceeded",
    "compiler_error": "compile_error", "compiler-error": "compile_error",
    "output_limit": "output_limit_exceeded", "output-limit": "output_limit_exceeded",
}  # fmt: skip
# Folder -> also acceptable: problemtools' slow_accepted may hit the limit.
FOLDER_EXTRA = {"slow_accepted": ("accepted", "time_limit_exceeded")}
# Our verdict where theirs differs on purpose (documented): MLE is its own verdict here.
POLICY = {"runtime_error": ("memory_limit_exceeded",)}
SKIP_FOLDERS = {"check_manually", "partially_accepted"}


@dataclass
class Item:
    """One solution to judge: where it came from and what its authors expect of it."""

    source: str  # doocs | kattis | domjudge
    problem: str  # our slug
    language: str | None
    file: str  # path in the upstream repo
    local: Path
    expected: tuple[str, ...] = ("accepted",)
    skip: str = ""  # why it is not judged


SLOTS = threading.Semaphore(2)  # judges at a time, imports' time measuring included (--jobs)


# --- git export -------------------------------------------------------------------------------


def git_files(gitdir: Path, prefix: str) -> list[tuple[str, str]]:
    """(sha, path) of every blob under ``prefix`` at HEAD."""
    return [(sha, path) for _, sha, path in _tree(gitdir, prefix)]


def _tree(gitdir: Path, prefix: str) -> list[tuple[str, str, str]]:
    """(mode, sha, path) of every blob under ``prefix`` at HEAD (mode 120000: a symlink)."""
    out = subprocess.run(["git", "--git-dir", str(gitdir), "ls-tree", "-r", "-z", "HEAD", prefix],
                         check=True, capture_output=True).stdout  # fmt: skip
    rows = []
    for entry in out.decode().split("\0"):
        if entry:
            meta, path = entry.split("\t", 1)
            mode, kind, sha = meta.split()
            if kind == "blob":
                rows.append((mode, sha, path))
    return rows


def export(gitdir: Path, prefix: str, dest: Path) -> list[str]:
    """Write every file under ``prefix`` into ``dest`` (prefix stripped), symlinks as symlinks
    (as ``git archive`` would); return the paths whose blobs the mirror lacks."""
    missing = []
    for mode, sha, path in _tree(gitdir, prefix):
        got = subprocess.run(["git", "--git-dir", str(gitdir), "cat-file", "blob", sha],
                             capture_output=True)  # fmt: skip
        if got.returncode != 0:
            missing.append(path)
            continue
        target = dest / path[len(prefix) :].lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        if mode == "120000":
            target.symlink_to(got.stdout.decode())
        else:
            target.write_bytes(got.stdout)
    return missing


# --- doocs/leetcode ---------------------------------------------------------------------------


def slugify(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def doocs_items(gitdir: Path, bundled: Path, work: Path) -> Iterator[tuple[Item, Problem]]:
    folders: dict[str, str] = {}
    for _, path in git_files(gitdir, "solution/"):
        parts = path.split("/")
        number, _, title = parts[2].partition(".") if len(parts) == 4 else ("", "", "")
        if number.isdigit():
            folders.setdefault(slugify(title), parts[2])
            if DOOCS_FILE.match(parts[3]):
                folders.setdefault(f"{slugify(title)}/{parts[3]}", path)
    for folder in problem_dirs(bundled):
        problem = load_problem(folder)
        if problem.kind is not ProblemKind.FUNCTION or problem.slug not in folders:
            continue  # not a LeetCode problem (a-plus-b, knapsack, ...)
        files = sorted(v for k, v in folders.items() if k.startswith(f"{problem.slug}/"))
        exported = work / "doocs" / problem.slug
        for path in files:
            name = path.rsplit("/", 1)[1]
            local = exported / name
            local.parent.mkdir(parents=True, exist_ok=True)
            local.write_bytes(show(gitdir, path))
            yield Item("doocs", problem.slug, EXTENSIONS.get(local.suffix), path, local), problem


def show(gitdir: Path, path: str) -> bytes:
    return subprocess.run(["git", "--git-dir", str(gitdir), "show", f"HEAD:{path}"],
                          check=True, capture_output=True).stdout  # fmt: skip


# --- Kattis / DOMjudge example problems -------------------------------------------------------


def package_items(
    source: str,
    gitdir: Path,
    prefix: str,
    work: Path,
    imports: dict[str, dict[str, Any]],
    only: list[str],
) -> Iterator[tuple[Item, Problem | None]]:
    """The problems under ``prefix``, each imported (``imports[source/name]`` says how it
    went), and their submissions."""
    names = sorted({p[len(prefix) :].split("/")[0] for _, p in git_files(gitdir, prefix)})
    for name in names:
        if only and kattis.slug_of(name) not in only:
            continue
        root = work / source / "src" / name
        missing = export(gitdir, f"{prefix}{name}", root)
        if not (root / "problem.yaml").is_file():
            continue
        info: dict[str, Any] = {"missing_blobs": missing}
        imports[f"{source}/{name}"] = info
        problem = _import(root, work / source / "imported", info)
        for item in _submissions(source, name, root, prefix):
            if problem is None and not item.skip:
                item.skip = f"problem not imported: {info['error'][:120]}"
            yield item, problem


def _import(root: Path, dest: Path, info: dict[str, Any]) -> Problem | None:
    """Import as ``codejudge problems import`` does. If that fails for any reason but an
    unsupported package type, import again timing only the accepted submissions that pass, so
    the other submissions still get judged (``info['fallback']`` says so)."""
    started = time.monotonic()
    try:
        with SLOTS:  # measuring the time limit judges the accepted submissions
            imported = kattis.import_kattis(root, dest, measure=MEASURE, replace=True)
    except Exception as e:  # any refusal or crash is a finding, not the end of the run
        info.update(ok=False, error=f"{type(e).__name__}: {e}", seconds=time.monotonic() - started)
        if isinstance(e, kattis.UnsupportedPackage) or not TOLERANT:
            return None
        try:
            with SLOTS:  # the importer of 0fc1402: its ``measure`` returned the slowest ms
                old_importer: Any = kattis.import_kattis
                imported = old_importer(root, dest, measure=_tolerant, replace=True)
        except Exception as again:
            info["fallback"] = f"failed too: {type(again).__name__}: {again}"
            return None
        info["fallback"] = (
            f"judged with the limit of the accepted ones that pass: {imported.time_ms} ms"
        )
        return load_problem(imported.folder)
    info.update(ok=True, slug=imported.slug, time_ms=getattr(imported, "time_ms", None),
                time_limit_from=getattr(imported, "time_limit_from", None),
                warnings=[str(w) for w in getattr(imported, "warnings", [])],
                seconds=round(time.monotonic() - started, 1))  # fmt: skip
    return load_problem(imported.folder)


def _tolerant(folder: Path) -> int:
    """The slowest accepted submission's time, ignoring those that do not run here."""
    problem, times = load_problem(folder), [0]
    for verdict, file in solutions(folder):
        language = EXTENSIONS.get(file.suffix.lower())
        if verdict.value == "accepted" and language and _language(file) == language:
            result = grading.judge(problem, language, file.read_text(errors="replace"))
            if result.verdict.value == "accepted":
                times.append(result.time_ms)
    return max(times)


def _submissions(source: str, name: str, root: Path, prefix: str) -> Iterator[Item]:
    base = root / "submissions"
    for folder in sorted(p for p in base.iterdir() if p.is_dir()) if base.is_dir() else []:
        for entry in sorted(folder.iterdir()):
            if not entry.exists():
                continue  # a symlink to a file the mirror lacks
            upstream = f"{prefix}{name}/submissions/{folder.name}/{entry.name}"
            item = Item(source, kattis.slug_of(name), _language(entry), upstream, entry)
            item.expected, item.skip = _expected(folder.name, entry)
            if entry.is_dir():
                item.skip = "multi-file submission (judged single-file only)"
            elif item.language is None:
                item.skip = item.skip or f"not one of our languages ({entry.suffix or 'no ext'})"
            yield item


def _language(entry: Path) -> str | None:
    if entry.is_dir():
        return None
    language: str | None = project_language(entry) if project_language else None
    language = language or EXTENSIONS.get(entry.suffix) or EXTENSIONS.get(entry.suffix.lower())
    head = entry.read_bytes()[:200]
    if language == "python" and re.match(rb"#!.*python2", head):
        return None  # Python 2 by its shebang: not a language we have
    return language


def _expected(folder: str, entry: Path) -> tuple[tuple[str, ...], str]:
    if folder in SKIP_FOLDERS:
        return (), f"folder {folder} has no single verdict"
    text = "" if entry.is_dir() else entry.read_bytes().decode(errors="replace")
    tags = re.findall(r"@EXPECTED_RESULTS@:\s*([A-Za-z_, -]+)", text)
    if tags:
        words = [w.strip().lower() for w in tags[0].split(",") if w.strip()]
        if any(w.startswith(("check", "none")) for w in words):
            return (), f"expects {tags[0].strip()}"
        mapped = tuple(dict.fromkeys(EXPECT_WORDS.get(w, w) for w in words))
        return mapped, ""
    if folder in FOLDER_EXTRA:
        return FOLDER_EXTRA[folder], ""
    word = EXPECT_WORDS.get(folder)
    return ((word,), "") if word else ((), f"folder {folder} is not a verdict")

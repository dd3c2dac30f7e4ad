#!/usr/bin/env python3
"""Judge real published solutions with codejudge's own judging code (no HTTP, real sandbox).

Three sources, each read at run time from a bare git directory given on the command line (never
copied into this repository):

* ``--doocs GITDIR``: doocs/leetcode. For every bundled function problem whose title is a
  LeetCode problem, every ``Solution*.{py,c,cpp,java,js,ts,go,rs}`` of its folder is judged
  against the bundled tests; each is expected to be accepted (issue 10: >= 99 %).
* ``--kattis GITDIR``: Kattis problemtools' ``examples/``; ``--domjudge GITDIR``: DOMjudge's
  ``example_problems/``. Each problem is exported to a temp dir, imported with the Kattis
  importer (the time limit measured as ``codejudge problems import`` does), and every
  single-file submission in one of our languages is judged and compared with the verdict its
  folder (or DOMjudge's ``@EXPECTED_RESULTS@:`` comment) expects (issue 10: >= 95 %).

``--mirrors DIR`` is shorthand for the three at ``DIR/<owner>+<name>/repo``. Judging runs
``--jobs`` at a time (default 2: the machine is shared). Every test is shown in the failing
test's details (a diagnostic copy of the problem marks them all as samples; verdicts do not
depend on it). Failures get a guessed cause (``CAUSES``), ``ours`` False when the solution is
not meant for this problem's signature or environment.

    .venv/bin/python scripts/try-published.py --mirrors /work/.mirror --json out.json
    .venv/bin/python scripts/try-published.py --doocs DIR --only two-sum --lang rust
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

import published_sources as upstream
from codejudge.judging import grading
from codejudge.languages import LANGUAGES
from codejudge.models import JudgeResult, Problem
from codejudge.problems.loader import BUNDLED_DIR
from published_sources import POLICY, SKIP_FOLDERS, Item, doocs_items, package_items

STACK = r"RecursionError|maximum recursion|stack overflow|StackOverflowError|signal 11|SIGSEGV"
# (regex on "verdict language message", regex on the source or "", area, cause). First match
# wins; areas are FINDINGS.md's.
CAUSES: list[tuple[str, str, str, str]] = [
    (r"garbage on the result channel|has no attribute 'buffer'", "", "drivers",
     "solution's own output breaks the result channel"),
    (r"list has a cycle|cannot serialise|object at 0x", "", "drivers", "value encoding"),
    (r"^compile_error rust .*(not found in `Solution`|no function or associated item)", "",
     "drivers", "Rust name mapping"),
    (r"^compile_error c .*uthash", "", "toolchains", "C uthash.h"),
    (r"^compile_error cpp ", r"this auto", "toolchains", "C++23 (deducing this)"),
    (r"^compile_error cpp .*(C\+\+23|c\+\+2[3b]|std::print|ranges::)", "", "toolchains",
     "C++23 library/feature"),
    (r"^compile_error typescript", "", "toolchains", "TypeScript check/libraries"),
    (r"^compile_error java .*cannot find symbol", "", "toolchains", "Java implicit imports"),
    (r"^compile_error go .*(gods|cannot find package|not in std|no required module)", "",
     "toolchains", "Go libraries (gods)"),
    (r"^compile_error rust .*(unresolved import|can't find crate|undeclared crate)", "",
     "toolchains", "Rust crates"),
    (r"No space left on device|File size limit exceeded", "", "limits", "compile limits"),
    (r"Could not find or load main class|no main method|main method not found", "", "limits",
     "Java entry point"),
    (r"^\w+ (javascript|typescript) .*(PriorityQueue|Deque|Queue|_ is not defined|lodash)", "",
     "toolchains", "JS/TS LeetCode globals"),
    (r"NameError: name '\w+' is not defined", "", "drivers", "Python pre-imports"),
    (r"ModuleNotFoundError|ImportError|Cannot find module", "", "toolchains",
     "library missing in the box"),
    (STACK, "", "limits", "stack depth"),
    (r"^memory_limit_exceeded", "", "limits", "memory verdict"),
    (r"^time_limit_exceeded", "", "limits", "too slow (start-up, wall clock?)"),
    (r"^internal_error", "", "drivers", "internal error"),
    (r"\r|\ufeff", "", "text", "CRLF/BOM"),
]  # fmt: skip
LARGE_INPUT = 100_000  # chars: a failing test this big is suspect for LeetCode-sized solutions


# Upstream files whose expectation holds only in their authors' environment: (file name suffix,
# status, area, reason). "policy" counts as a match: docs/security.md, "Where verdicts differ
# from DOMjudge's example tests on purpose", says why (keep the two lists in step).
_DOC = "docs/security.md, DOMjudge differences"
KNOWN: list[tuple[str, str, str, str]] = [
    ("hello/submissions/time_limit_exceeded/test-fill-stdout.cc", "policy", "limits",
     f"a flood is output_limit_exceeded ({_DOC})"),
    ("hello/submissions/time_limit_exceeded/test-fill-stderr.cpp", "policy", "limits",
     f"a flood is output_limit_exceeded ({_DOC})"),
    ("hello/submissions/wrong_answer/test-write-file.c", "policy", "limits",
     f"the box work dir is a writable tmpfs; the program exits 1 if so ({_DOC})"),
    ("hello/submissions/run_time_error/test-chroot.py", "policy", "n/a",
     f"detects a chroot via /proc/1/root; pid 1 is inside our box ({_DOC})"),
    ("hello/submissions/run_time_error/test-chroot-escape.py", "policy", "n/a",
     f"detects a chroot via /proc/1/root; pid 1 is inside our box ({_DOC})"),
    ("hello/submissions/wrong_answer/test-permissions.c", "policy", "n/a",
     f"needs /etc/root-permission-test.txt, a file DOMjudge's install creates ({_DOC})"),
    ("hello/submissions/multiple/test-multithread.c", "policy", "n/a",
     f"aborts unless the default thread stack is 2 MiB; it follows RLIMIT_STACK ({_DOC})"),
]  # fmt: skip


@dataclass
class Record:
    source: str
    problem: str
    language: str | None
    file: str
    expected: list[str]
    actual: str | None = None
    status: str = "skipped"  # ok | policy | FAIL | skipped
    passed: int = 0
    total: int = 0
    time_ms: int = 0
    memory_kb: int = 0
    wall_s: float = 0.0
    test: str = ""  # the first failing test's name
    input_chars: int = 0
    limit_ms: int = 0  # the problem's time limit (per test, CPU)
    limit_mb: int = 0  # and memory limit
    message: str = ""
    area: str = ""
    cause: str = ""
    ours: bool = True
    note: str = ""


@dataclass
class Run:
    records: list[Record] = field(default_factory=list)
    imports: dict[str, dict[str, Any]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


# --- judging ----------------------------------------------------------------------------------


def judge(item: Item, problem: Problem | None) -> Record:
    rec = Record(item.source, item.problem, item.language, item.file, list(item.expected))
    if item.skip or problem is None or item.language not in LANGUAGES:
        rec.note = item.skip or "language not registered"
        return rec
    code = item.local.read_bytes().decode("utf-8", errors="replace")
    with upstream.SLOTS:
        started = time.monotonic()
        result = grading.judge(_all_shown(problem), item.language, code)
    rec.wall_s = round(time.monotonic() - started, 1)
    rec.actual = result.verdict.value
    rec.passed, rec.total = result.passed, result.total
    rec.time_ms, rec.memory_kb = result.time_ms, result.memory_kb
    rec.message = _message(result)
    if result.failing_test is not None:
        test = problem.tests[result.failing_test.index - 1]
        rec.test, rec.input_chars = test.name, len(test.input)
    rec.limit_ms, rec.limit_mb = problem.limits.time_ms, problem.limits.memory_mb
    settle(rec, code)
    return rec


def settle(rec: Record, code: str) -> None:
    """Status, and for a failure its guessed cause (``classify``, then ``KNOWN``)."""
    policy = {p for e in rec.expected for p in POLICY.get(e, ())}
    rec.status, rec.area, rec.cause, rec.ours = "ok", "", "", True
    if rec.actual in policy:
        rec.status = "policy"
    if rec.actual in rec.expected or rec.actual in policy:
        return
    rec.status = "FAIL"
    rec.area, rec.cause, rec.ours = classify(rec, code)
    for suffix, status, area, reason in KNOWN:
        if rec.file.endswith(suffix):
            rec.status = "policy" if status == "policy" else "FAIL"
            rec.area, rec.cause, rec.ours = area, reason, False


def reclassify(file: Path, gitdirs: dict[str, Path | None], run: Run) -> None:
    """Load a saved run and settle its records again with today's CAUSES and KNOWN."""
    data = json.loads(file.read_text())
    run.imports.update(data.get("imports", {}))
    for raw in data["records"]:
        rec = Record(**raw)
        gitdir = gitdirs.get(rec.source)
        if rec.file.split("/")[-2] in SKIP_FOLDERS:
            rec.status, rec.note = "skipped", "folder has no single verdict"
        elif rec.actual is not None:
            code = upstream.show(gitdir, rec.file).decode(errors="replace") if gitdir else ""
            settle(rec, code)
        run.records.append(rec)


def _all_shown(problem: Problem) -> Problem:
    tests = tuple(dataclasses.replace(t, sample=True) for t in problem.tests)
    return dataclasses.replace(problem, tests=tests)


def _message(result: JudgeResult) -> str:
    if result.error:
        return str(result.error)
    if result.verdict.value == "compile_error":
        return str(result.compile_output).strip()[-600:]
    failing = result.failing_test
    if failing is None:
        return ""
    parts = [failing.message or ""]
    if result.verdict.value == "wrong_answer":
        parts.append(f"expected {_clip(failing.expected)} got {_clip(failing.actual)}")
    if failing.stdout:
        parts.append(f"stdout {_clip(failing.stdout)}")
    return " | ".join(p for p in parts if p)[:600]


def _clip(text: str | None, size: int = 80) -> str:
    text = repr(text) if text is not None else "None"
    return text if len(text) <= size else text[:size] + "…"


def classify(rec: Record, code: str) -> tuple[str, str, bool]:
    """(area, cause, ours): a first guess, refined by hand in FINDINGS.md."""
    if rec.source == "doocs" and not _defines_entry(rec, code):
        return "n/a", "solution is for another signature/variant", False
    haystack = f"{rec.actual} {rec.language} {rec.message}"
    if rec.actual == "accepted" and rec.limit_mb and rec.memory_kb > rec.limit_mb * 1024:
        return "limits", f"accepted above the memory limit ({rec.memory_kb} KB)", True
    over = rec.limit_ms and rec.wall_s * 1000 > 2 * rec.limit_ms
    if "time_limit_exceeded" in rec.expected and over and rec.actual != "time_limit_exceeded":
        return "limits", f"wall-clock overrun ({rec.wall_s} s) is not TLE", True
    slow = rec.actual in ("time_limit_exceeded", "memory_limit_exceeded") or re.search(
        STACK, haystack
    )
    for pattern, source, area, cause in CAUSES:
        if re.search(pattern, haystack, re.S) and (not source or re.search(source, code)):
            if slow and rec.source == "doocs" and rec.input_chars > LARGE_INPUT:
                return "constraints", f"{cause} on a {rec.input_chars}-char test", True
            return area, cause, True
    if rec.actual == "wrong_answer" and rec.source == "doocs":
        return "?", "wrong answer (data or checker?)", True
    return "?", f"{rec.actual}: unclassified", True


def _defines_entry(rec: Record, code: str) -> bool:
    """False when the solution lacks the function the problem calls (another variant)."""
    name = FUNCTIONS.get(rec.problem)
    return name is None or name.lower() in code.replace("_", "").lower()


FUNCTIONS: dict[str, str] = {}  # slug -> signature function, filled by main()


def run_all(items: Iterable[tuple[Item, Problem | None]], jobs: int, run: Run, json_out: Path | None
            ) -> None:  # fmt: skip
    def one(pair: tuple[Item, Problem | None]) -> None:
        rec = judge(*pair)
        with run.lock:
            run.records.append(rec)
            shown = rec.status if rec.status != "FAIL" else f"FAIL {rec.actual} [{rec.area}]"
            print(f"{len(run.records):4} {rec.wall_s:6.1f}s {shown:40} {rec.source}/{rec.problem}"
                  f" {rec.file.rsplit('/', 1)[-1]}", file=sys.stderr, flush=True)  # fmt: skip
            if json_out is not None:
                save(run, json_out)

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for future in [pool.submit(one, pair) for pair in items]:
            future.result()


def save(run: Run, file: Path) -> None:
    data = {"records": [dataclasses.asdict(r) for r in run.records], "imports": run.imports,
            "summary": summary(run)}  # fmt: skip
    file.write_text(json.dumps(data, indent=1, default=str))


def summary(run: Run) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for part, sources in (("a_leetcode", {"doocs"}), ("b_examples", {"kattis", "domjudge"})):
        judged = [r for r in run.records if r.source in sources and r.status != "skipped"]
        good = [r for r in judged if r.status in ("ok", "policy")]
        theirs = [r for r in judged if r.status == "FAIL" and not r.ours]
        out[part] = {
            "judged": len(judged), "matched": len(good),
            "percent": round(100 * len(good) / len(judged), 2) if judged else None,
            "failures_not_ours": len(theirs),
            "skipped": sum(r.source in sources and r.status == "skipped" for r in run.records),
        }  # fmt: skip
    out["imported"] = f"{sum(bool(v.get('ok')) for v in run.imports.values())}/{len(run.imports)}"
    out["imports_failed"] = sorted(k for k, v in run.imports.items() if not v.get("ok"))
    return out


# --- the table --------------------------------------------------------------------------------


def print_table(run: Run, console: Console) -> None:
    table = Table(title="Published solutions judged by codejudge", show_lines=True)
    for column in ("source/problem", "lang", "ok", "fail", "skip", "failing files"):
        table.add_column(column, overflow="fold")
    groups: dict[tuple[str, str, str], list[Record]] = {}
    for rec in sorted(run.records, key=lambda r: (r.source, r.problem, r.language or "", r.file)):
        groups.setdefault((rec.source, rec.problem, rec.language or "-"), []).append(rec)
    for (source, problem, language), recs in groups.items():
        fails = [r for r in recs if r.status == "FAIL"]
        lines = [f"{r.file.rsplit('/', 1)[-1]}: {r.actual} (want {'/'.join(r.expected)}) "
                 f"[{r.area}: {r.cause}] {r.test} {r.message[:160]!r}" for r in fails]  # fmt: skip
        lines += [f"(near the limit) {r.file.rsplit('/', 1)[-1]}: {r.time_ms}/{r.limit_ms} ms"
                  for r in recs if r.status == "ok" and r.limit_ms and r.time_ms > r.limit_ms / 2
                  and r.actual == "accepted"]  # fmt: skip
        ok = sum(r.status in ("ok", "policy") for r in recs)
        skipped = sum(r.status == "skipped" for r in recs)
        table.add_row(f"{source}/{problem}", language, str(ok), str(len(fails)), str(skipped),
                      escape("\n".join(lines)), style="red" if fails else None)  # fmt: skip
    console.print(table)
    for key, info in sorted(run.imports.items()):
        state = "imported" if info.get("ok") else "NOT IMPORTED"
        detail = (
            info.get("error") or f"time {info.get('time_ms')} ms ({info.get('time_limit_from')})"
        )
        missing = f"; missing blobs {info['missing_blobs']}" if info["missing_blobs"] else ""
        warnings = info.get("warnings", [])
        console.print(f"{key}: {state}: {detail}; warnings {warnings}{missing}", markup=False)
    for part, figures in summary(run).items():
        console.print(f"{part}: {figures}", markup=False)
    causes: dict[tuple[str, str, bool], list[Record]] = {}
    for rec in run.records:
        if rec.status == "FAIL":
            causes.setdefault((rec.area, rec.cause, rec.ours), []).append(rec)
    for (area, cause, ours), recs in sorted(causes.items(), key=lambda kv: -len(kv[1])):
        examples = ", ".join(f"{r.problem}/{r.file.rsplit('/', 1)[-1]}" for r in recs[:3])
        mine = "" if ours else " (not ours)"
        console.print(f"  {len(recs):3} [{area}] {cause}{mine}: {examples}", markup=False)


# --- main -------------------------------------------------------------------------------------


def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--mirrors", type=Path, help="DIR holding <owner>+<name>/repo git dirs")
    p.add_argument("--doocs", type=Path, help="doocs/leetcode git dir")
    p.add_argument("--kattis", type=Path, help="Kattis/problemtools git dir")
    p.add_argument("--domjudge", type=Path, help="DOMjudge/domjudge git dir")
    p.add_argument("--bundled", type=Path, default=BUNDLED_DIR, help="bundled problems folder")
    p.add_argument("--only", action="append", default=[], help="problem slug (repeatable)")
    p.add_argument("--lang", action="append", default=[], help="language id (repeatable)")
    p.add_argument("--jobs", type=int, default=2, help="judges at a time (default 2)")
    p.add_argument("--json", type=Path, help="save the raw results here (kept up to date)")
    p.add_argument("--keep", type=Path, help="export into this folder and keep it")
    p.add_argument("--reclassify", type=Path, help="no judging: settle a saved --json run again")
    args = p.parse_args(argv)
    if args.mirrors:
        for attr, name in (("doocs", "doocs+leetcode"), ("kattis", "Kattis+problemtools"),
                           ("domjudge", "DOMjudge+domjudge")):  # fmt: skip
            if getattr(args, attr) is None:
                setattr(args, attr, args.mirrors / name / "repo")
    if not (args.doocs or args.kattis or args.domjudge):
        p.error("give --mirrors or at least one of --doocs, --kattis, --domjudge")
    return args


def wanted(args: argparse.Namespace, item: Item) -> bool:
    return (not args.only or item.problem in args.only) and (
        not args.lang or item.language in args.lang
    )


def items(args: argparse.Namespace, work: Path, run: Run) -> Iterator[tuple[Item, Problem | None]]:
    """The example packages first (fewer, and their imports are findings of their own)."""
    for source, gitdir, prefix in (("kattis", args.kattis, "examples/"),
                                   ("domjudge", args.domjudge, "example_problems/")):  # fmt: skip
        if gitdir:
            yield from (
                pair for pair in package_items(source, gitdir, prefix, work, run.imports, args.only)
                if wanted(args, pair[0])
            )  # fmt: skip
    if args.doocs:
        for item, problem in doocs_items(args.doocs, args.bundled, work):
            FUNCTIONS[problem.slug] = problem.signature.function if problem.signature else ""
            if wanted(args, item):
                yield item, problem


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    upstream.SLOTS = threading.Semaphore(max(1, args.jobs))
    run = Run()
    started = time.monotonic()
    if args.reclassify:
        sources = {"doocs": args.doocs, "kattis": args.kattis, "domjudge": args.domjudge}
        reclassify(args.reclassify, sources, run)
    else:
        with tempfile.TemporaryDirectory(prefix="try-published-") as tmp:
            work = args.keep or Path(tmp)
            run_all(items(args, work, run), max(1, args.jobs), run, args.json)
    console = Console(width=200)
    print_table(run, console)
    console.print(f"wall time {time.monotonic() - started:.0f} s, {len(run.records)} solutions")
    if args.json:
        save(run, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())

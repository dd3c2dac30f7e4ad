"""Measuring an imported Kattis package: judge its submissions, derive its time limit.

problemtools' rule (``verifyproblem``): the time limit is the slowest *accepted* submission's
time times ``time_multiplier`` (see ``kattis.derived_time_ms``). So the accepted submissions are
judged first under a generous provisional limit; the limit is derived from those that ran and
were accepted, written into ``problem.toml``, and then every other submission is judged under
it, so the report shows each one's verdict against the limit the problem will really have.

Submissions in a language codejudge does not have (Scala, Haskell, C#, Python 2, ...) are
skipped and listed with the reason; an accepted submission that is not accepted is a warning,
not a failed import. Only when no accepted submission ran and was accepted is there no limit
to set (``MeasurementFailed``).

This module does not judge: the caller passes ``judge`` (``grading.judge`` on the operator's
machine, a worker's sandboxed child in a queued "problem measurement" job).
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path

import yaml

from codejudge.exceptions import ProblemFormatError
from codejudge.languages import LANGUAGES, language_of_file
from codejudge.models import JudgeResult, Verdict
from codejudge.problems import kattis
from codejudge.problems.loader import solutions

# Re-exported: the measurement's data types live with the importer that records them.
from codejudge.problems.measured import Measurement as Measurement
from codejudge.problems.measured import Run as Run

# (package folder, language id, source) -> result. Raising aborts the whole measurement.
Judge = Callable[[Path, str, str], JudgeResult]
# language id -> why it cannot be judged here (a worker whose self-test failed), else None
Unavailable = Callable[[str], str | None]

# Languages Kattis accepts that codejudge does not run, by extension: named in the skip reason.
FOREIGN = {
    ".scala": "Scala", ".hs": "Haskell", ".cs": "C#", ".lisp": "Common Lisp", ".lsp": "Lisp",
    ".cl": "Common Lisp", ".ml": "OCaml", ".php": "PHP", ".rb": "Ruby", ".pl": "Prolog",
    ".kt": "Kotlin", ".swift": "Swift", ".m": "Objective-C", ".pas": "Pascal", ".f90": "Fortran",
    ".f": "Fortran", ".fs": "F#", ".vb": "Visual Basic", ".cob": "COBOL", ".d": "D",
    ".lua": "Lua", ".jl": "Julia", ".dart": "Dart", ".ada": "Ada", ".adb": "Ada",
    ".bas": "BASIC", ".ex": "Elixir", ".erl": "Erlang", ".clj": "Clojure", ".sh": "Bash",
    ".bash": "Bash", ".awk": "AWK", ".r": "R", ".f95": "Fortran", ".plg": "Prolog",
}  # fmt: skip


class MeasurementFailed(ProblemFormatError):
    """No time limit can be set: no accepted submission ran and was accepted. ``runs`` says
    what each submission got."""

    def __init__(self, message: str, runs: list[Run]) -> None:
        super().__init__(message)
        self.runs = runs


def language_of(file: Path) -> str | None:
    """The language id for a submission file from its extension (None if unknown): the
    registry's, Kattis's and DOMjudge's spellings included (``.C``, ``.c++``, ``.py3``)."""
    return language_of_file(file.name)


def skip_reason(file: Path, language: str | None) -> str | None:
    """Why ``file`` cannot be judged here (None: it can): a language codejudge does not have,
    or one its language refuses (``Language.refusal``: Python 2, as codejudge runs Python 3)."""
    if language is None:
        name = FOREIGN.get(file.suffix.lower())
        what = name or f"unknown extension {file.suffix or '(none)'!r}"
        return f"language not supported: {what}"
    if language not in LANGUAGES:
        return f"language not registered: {language}"
    refusal = LANGUAGES[language].refusal
    if refusal is None:
        return None
    try:
        source = file.read_text(errors="replace")
    except OSError:
        return None
    return refusal(file.name, source)


def measure(
    folder: Path,
    judge: Judge,
    *,
    unavailable: Unavailable = lambda _: None,
    on_run: Callable[[Run], None] = lambda run: None,
    on_total: Callable[[int], None] = lambda n: None,
) -> Measurement:
    """Judge every submission of the imported package at ``folder`` (accepted ones first),
    derive the time limit from the accepted ones and write it into ``problem.toml``.

    Raises ``MeasurementFailed`` when no accepted submission was accepted (the runs attached);
    whatever ``judge`` raises propagates (an internal failure: the caller retries)."""
    # A retried measurement starts again from the provisional limit, not the one an earlier
    # attempt wrote: the accepted ones are timed, not judged against a guess.
    set_time_limit(folder, kattis.PROVISIONAL_TIME_MS)
    plan = _plan(folder, unavailable)
    on_total(sum(1 for run, _ in plan if run.actual is None and not run.note))
    accepted = [(r, f) for r, f in plan if r.expected is Verdict.ACCEPTED]
    others = [(r, f) for r, f in plan if r.expected is not Verdict.ACCEPTED]
    runs = [_judged(folder, judge, run, file, on_run) for run, file in accepted]
    times = [r.time_ms for r in runs if r.actual is Verdict.ACCEPTED]
    if not times:
        raise MeasurementFailed(_no_limit_message(folder, runs), runs)
    time_ms, source = derived_limit(folder, max(times))
    set_time_limit(folder, time_ms)
    runs += [_judged(folder, judge, run, file, on_run) for run, file in others]
    return Measurement(time_ms, source, runs, warnings(runs))


def _plan(folder: Path, unavailable: Unavailable) -> list[tuple[Run, Path]]:
    plan = []
    for verdict, file in solutions(folder):
        language = language_of(file)
        why = skip_reason(file, language)
        if why is None and language is not None:
            why = unavailable(language)
            why = f"{language} is unavailable here: {why}" if why else None
        name = f"{file.parent.name}/{file.name}"
        plan.append((Run(name, language, verdict, note=why or ""), file))
    return plan


def _judged(folder: Path, judge: Judge, run: Run, file: Path, on_run: Callable[[Run], None]) -> Run:
    if run.note:  # skipped: the note says why
        on_run(run)
        return run
    assert run.language is not None
    result = judge(folder, run.language, file.read_text(errors="replace"))
    note = result.error or ""
    if result.verdict is Verdict.COMPILE_ERROR:
        note = result.compile_output.strip()[-300:]
    elif result.failing_test is not None and result.verdict is not run.expected:
        note = f"test {result.failing_test.index}: {result.verdict}"
    done = Run(run.file, run.language, run.expected, result.verdict, result.time_ms, note)
    on_run(done)
    return done


def warnings(runs: list[Run]) -> list[str]:
    """One line per skipped submission and per submission that got another verdict than its
    folder names (an accepted one that was not accepted is not used for the limit)."""
    lines = []
    for run in runs:
        if run.status == "skipped":
            lines.append(f"submissions/{run.file}: skipped ({run.note})")
        elif run.status == "MISMATCH":
            lines.append(
                f"submissions/{run.file}: expected {run.expected}, got {run.actual} "
                f"in {run.time_ms} ms" + (f" ({run.note[:200]})" if run.note else "")
            )
    return lines


def _no_limit_message(folder: Path, runs: list[Run]) -> str:
    tried = "; ".join(f"{r.file}: {r.actual or 'skipped'} {r.note[:120]}".strip() for r in runs)
    known = ", ".join(sorted(LANGUAGES))
    return (
        f"{folder.name}: no time limit given and no accepted submission in a supported language "
        f"({known}) was accepted, so none can be derived; add a .timelimit file. "
        f"Accepted submissions: {tried or 'none'}"
    )


def derived_limit(folder: Path, slowest_ms: int) -> tuple[int, str]:
    """The limit for the imported package at ``folder`` from its slowest accepted time, by the
    rule of its original ``problem.yaml`` (kept in ``kattis/``)."""
    original = folder / "kattis" / "problem.yaml"
    config = yaml.safe_load(original.read_text(encoding="utf-8")) if original.is_file() else {}
    config = config if isinstance(config, dict) else {}
    limits = config.get("limits") or {}
    legacy = str(config.get("problem_format_version", "legacy")) == "legacy"
    return kattis.derived_time_ms(slowest_ms, limits if isinstance(limits, dict) else {}, legacy)


def set_time_limit(folder: Path, time_ms: int) -> None:
    """Write ``limits.time_ms`` into the package's ``problem.toml`` (the rest kept as is)."""
    meta = tomllib.loads((folder / "problem.toml").read_text(encoding="utf-8"))
    meta.setdefault("limits", {})["time_ms"] = time_ms
    kattis.write_toml(folder / "problem.toml", meta)

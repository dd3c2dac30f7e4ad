"""Import Kattis / ICPC problem packages (problemtools' format) as native stdio problems.

Reads ``problem.yaml`` (legacy and 2023-07), ``data/sample`` and ``data/secret`` (``.in`` /
``.ans``, groups flattened), ``output_validators/`` (kept as the package's ``checker/`` and run
in the sandbox by the ``custom`` checker), ``submissions/<verdict>/`` (→ ``solutions/``) and the
time limit. What it cannot judge faithfully (interactive, scoring, multi-pass, submit-answer,
per-group validator flags) it refuses with ``UnsupportedPackage``: never imported wrong.
See docs/problem-format.md, "Kattis packages".
"""

from __future__ import annotations

import json
import math
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from codejudge.exceptions import ProblemFormatError
from codejudge.problems import install, text
from codejudge.problems.loader import slug_problem
from codejudge.problems.measured import Measurement, Run
from codejudge.problems.statement import tex_to_markdown

PROVISIONAL_TIME_MS = 10_000  # while measuring the accepted submissions
PENDING = "pending measurement"  # ``Imported.time_limit_from`` of a deferred import
VERDICTS = {
    "accepted": "accepted",
    "wrong_answer": "wrong_answer",
    "time_limit_exceeded": "time_limit_exceeded",
    "run_time_error": "runtime_error",
    "runtime_error": "runtime_error",
    "memory_limit_exceeded": "memory_limit_exceeded",
}
_FLAG_WORDS = ("case_sensitive", "space_change_sensitive")
_FLAG_FLOATS = {
    "float_tolerance": ("absolute", "relative"),
    "float_absolute_tolerance": ("absolute",),
    "float_relative_tolerance": ("relative",),
}
_TESTDATA_KEYS = {"output_validator_flags", "output_validator_args", "input_validator_flags",
                  "input_validator_args", "on_reject"}  # fmt: skip

# Judges the submissions of the imported folder and writes the derived limit
# (``measurement.measure`` with a judge bound to it).
Measure = Callable[[Path], Measurement]


class UnsupportedPackage(ProblemFormatError):
    """A valid Kattis package of a kind codejudge does not judge (yet)."""


@dataclass
class Imported:
    """Where the problem went, its time limit and where that came from, what was skipped, and
    each submission's verdict when the limit was measured. ``time_limit_from == PENDING``: the
    limit is still to be measured (``convert(..., defer=True)``)."""

    folder: Path
    slug: str
    time_ms: int
    time_limit_from: str
    warnings: list[str] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)

    @property
    def pending(self) -> bool:
        return self.time_limit_from == PENDING


def is_kattis_package(path: Path) -> bool:
    return (path / "problem.yaml").is_file() and not (path / "problem.toml").exists()


def import_kattis(
    path: Path,
    dest_dir: Path,
    slug: str | None = None,
    *,
    measure: Measure | None = None,
    replace: bool = False,
) -> Imported:
    """Convert the Kattis package at ``path`` (a folder or a .zip) into ``dest_dir/<slug>``.

    ``slug`` defaults to the package folder's name. Without an explicit time limit
    (``.timelimit``, 2023-07 ``limits.time_limit``), ``measure`` (``check.slowest_accepted_ms``)
    times the accepted submissions and the limit is derived as the format says.
    """
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="kattis-") as tmp:
        root = path
        if path.is_file():
            unzipped = Path(tmp) / "unzipped"
            unzipped.mkdir()
            install.extract_zip(path, unzipped)
            root = install.package_root(unzipped, "problem.yaml")
            if root == unzipped:  # the files at the top: the package is named after the zip
                root = root.rename(Path(tmp) / path.stem)
        elif not (path / "problem.yaml").is_file():
            raise ProblemFormatError(f"{path}: no problem.yaml; not a Kattis problem package")
        slug = slug or slug_of(root.name)
        install.check_slug(slug)
        with install.staging(dest_dir) as stage:
            result = convert(root, stage / slug, slug, measure)
            result.folder = install.install(stage / slug, dest_dir, slug, replace=replace)
            return result


def convert(
    root: Path, out: Path, slug: str, measure: Measure | None = None, *, defer: bool = False
) -> Imported:
    """Write the native package for the Kattis package ``root`` into the new folder ``out``.

    Without an explicit time limit: ``measure`` derives one; or, with ``defer``, the package
    is written with ``PROVISIONAL_TIME_MS`` and returned ``pending`` (an API upload, measured
    later by a worker's queued job); with neither, ``ProblemFormatError``."""
    config = _read_yaml(root / "problem.yaml")
    legacy = str(config.get("problem_format_version", "legacy")) == "legacy"
    warnings = _refuse_unsupported(root, config, legacy)
    out.mkdir(parents=True)
    checker = _checker(root, config, out)
    warnings += _copy_tests(root, out / "tests")
    warnings += _copy_submissions(root, out / "solutions")
    _write_statement(root, out, config, slug)
    _keep_originals(root, out)
    limits = config.get("limits") or {}
    _expect(isinstance(limits, dict), root, "limits must be a mapping")
    meta = _meta(slug, config, root, limits, checker)
    time_ms, source = _explicit_time_ms(root, limits, legacy)
    meta["limits"]["time_ms"] = time_ms or PROVISIONAL_TIME_MS
    write_toml(out / "problem.toml", meta)
    if time_ms is not None:
        return Imported(out, slug, time_ms, source, warnings)
    if measure is not None:
        measured = measure(out)  # writes the derived limit into problem.toml
        warnings += measured.warnings
        return Imported(out, slug, measured.time_ms, measured.source, warnings, measured.runs)
    if defer:
        return Imported(out, slug, PROVISIONAL_TIME_MS, PENDING, warnings)
    raise ProblemFormatError(
        f"{root}: no time limit (.timelimit or limits.time_limit) to import; "
        "import with `codejudge problems import`, which derives it from the accepted "
        "submissions, or add a .timelimit file"
    )


# --- problem.yaml ---------------------------------------------------------------------------


def _read_yaml(file: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        raise ProblemFormatError(f"{file}: cannot read it as YAML ({e})") from e
    _expect(isinstance(data, dict), file, "must be a YAML mapping (name: ..., limits: ...)")
    return dict(data)


# Problem types that import: interactive and multi-pass run under the validator
# (``judging.interactive``); scoring imports as pass-fail (every test must pass), with a warning.
_TYPES = {"pass-fail", "interactive", "multi-pass", "scoring"}
_VALIDATION_WORDS = {"interactive", "multi-pass", "score"}


def _problem_types(config: dict[str, Any]) -> set[str]:
    """The 2023-07 ``type`` words, with the legacy ``validation: custom interactive
    multi-pass score`` words folded in (as problemtools' metadata reader does)."""
    types = config.get("type", "pass-fail")
    found = set(types.split() if isinstance(types, str) else list(types or []))
    words = str(config.get("validation", "default")).split()
    found |= {"scoring" if w == "score" else w for w in words[1:]}
    return found


def _refuse_unsupported(root: Path, config: dict[str, Any], legacy: bool) -> list[str]:
    """Raise ``UnsupportedPackage`` for what cannot be judged faithfully; the warnings of what
    imports with a difference (scoring as pass-fail)."""
    types = _problem_types(config)
    other = sorted(types - _TYPES)
    if other:
        raise UnsupportedPackage(
            f"{root}: problem type {' '.join(other)} is not supported (pass-fail, interactive, "
            "multi-pass and scoring (as pass-fail) import; submit-answer does not)"
        )
    words = str(config.get("validation", "default")).split()
    if words[:1] not in (["default"], ["custom"]) or set(words[1:]) - _VALIDATION_WORDS:
        raise UnsupportedPackage(
            f"{root}: validation {' '.join(words)!r} is not supported (default, or custom with "
            "interactive / multi-pass / score)"
        )
    if {"interactive", "multi-pass"} & types and _validator_folder(root) is None:
        raise ProblemFormatError(f"{root}: an interactive or multi-pass problem needs its "
                                 "output validator (output_validators/)")  # fmt: skip
    scoring = "scoring" in types
    if not {"interactive", "multi-pass"} & types:
        for folder in (root / "data").rglob("*"):
            if folder.suffix == ".interaction":
                raise UnsupportedPackage(f"{folder}: interaction samples need type interactive")
    for testdata in (root / "data").rglob("testdata.yaml"):
        settings = _read_yaml(testdata)
        unknown = sorted(set(settings) - _TESTDATA_KEYS)
        if not scoring and (unknown or settings.get("on_reject", "break") != "break"):
            raise UnsupportedPackage(f"{testdata}: {unknown or 'on_reject'} (scoring) unsupported")
        if testdata.parent != root / "data" and _validator_flags(settings):
            raise UnsupportedPackage(f"{testdata}: per-group validator flags are not supported")
    if scoring:
        return [
            "type scoring imports as pass-fail: a submission must pass every test, scores and "
            "test groups' grading are not computed (partially_accepted submissions are skipped)"
        ]
    return []


def _meta(
    slug: str, config: dict[str, Any], root: Path, limits: dict[str, Any], checker: dict[str, Any]
) -> dict[str, Any]:
    keywords = config.get("keywords", [])
    tags = keywords.split() if isinstance(keywords, str) else [str(k) for k in keywords or []]
    memory_mb = limits.get("memory", 2048 if "problem_format_version" in config else 1024)
    output_mb = limits.get("output", 8)
    for name, value in (("memory", memory_mb), ("output", output_mb)):
        _expect(type(value) is int and value > 0, root, f"limits.{name} must be MiB, > 0")
    return {
        "slug": slug,
        "title": _title(config, root, slug),
        "kind": "stdio",
        "difficulty": "medium",
        "tags": [t for t in tags if t],
        "limits": {"memory_mb": memory_mb, "output_kb": output_mb * 1024},
        "checker": checker,
    }


def _title(config: dict[str, Any], root: Path, slug: str) -> str:
    name = config.get("name")
    if isinstance(name, dict):
        name = name.get("en") or next(iter(name.values()), None)
    if not name:
        for tex in sorted((root / "problem_statement").glob("problem*.tex")):
            found = re.search(r"\\problemname\{([^}]*)\}", tex.read_text(errors="replace"))
            if found:
                return found.group(1).strip()
    return str(name).strip() if name else slug


def _explicit_time_ms(root: Path, limits: dict[str, Any], legacy: bool) -> tuple[int | None, str]:
    timelimit = root / ".timelimit"
    if timelimit.is_file():
        return _seconds_to_ms(timelimit.read_text().split()[0], timelimit), ".timelimit"
    if not legacy and "time_limit" in limits:
        return _seconds_to_ms(limits["time_limit"], root / "problem.yaml"), "limits.time_limit"
    return None, ""


def derived_time_ms(slowest_ms: int, limits: dict[str, Any], legacy: bool) -> tuple[int, str]:
    """Kattis: the slowest accepted submission's time times a multiplier, rounded *up* to a
    multiple of ``time_resolution`` (default 1 s), at least one resolution step: problemtools'
    ``verifyproblem`` (``Submissions._compute_time_limit``), which reads the legacy format's
    ``time_multiplier`` (default 5) as 2023-07's ``time_multipliers.ac_to_time_limit``
    (default 2). (Older problemtools rounded the legacy limit to the nearest second.)"""
    if legacy:
        multiplier = float(limits.get("time_multiplier", 5))
        source = f"slowest accepted {slowest_ms} ms x time_multiplier {multiplier:g}"
    else:
        multiplier = float((limits.get("time_multipliers") or {}).get("ac_to_time_limit", 2.0))
        source = f"slowest accepted {slowest_ms} ms x {multiplier:g}"
    resolution = float(limits.get("time_resolution", 1.0))
    steps = max(1, math.ceil(slowest_ms / 1000 * multiplier / resolution))
    return round(steps * resolution * 1000), source


def _seconds_to_ms(value: object, where: Path) -> int:
    try:
        seconds = float(str(value))
    except ValueError:
        raise ProblemFormatError(f"{where}: time limit {value!r} is not seconds") from None
    _expect(0 < seconds <= 3600, where, f"time limit {seconds} s is out of range")
    return math.ceil(seconds * 1000)


# --- checker --------------------------------------------------------------------------------


def _checker(root: Path, config: dict[str, Any], out: Path) -> dict[str, Any]:
    flags = _validator_flags(config)
    testdata = root / "data" / "testdata.yaml"
    if testdata.is_file():
        flags = _validator_flags(_read_yaml(testdata)) or flags
    validators = _validator_folder(root)
    custom = str(config.get("validation", "default")).startswith("custom") or validators
    if custom:
        if validators is None:
            raise ProblemFormatError(
                f"{root}: validation is custom but output_validators/ is empty"
            )
        shutil.copytree(validators, out / "checker", symlinks=True)
        checker: dict[str, Any] = {"name": "custom", "program": "checker", "flags": flags}
        types = _problem_types(config)
        if "interactive" in types:
            checker["interactive"] = True
        if "multi-pass" in types:
            # The format's default is 2 passes (limits.validation_passes).
            passes = (config.get("limits") or {}).get("validation_passes", 2)
            _expect(type(passes) is int and passes >= 2, root, "validation_passes must be >= 2")
            checker["passes"] = passes
        return checker
    return _default_checker(root, flags)


def _validator_folder(root: Path) -> Path | None:
    for name in ("output_validators", "output_validator"):
        folder = root / name
        if not folder.is_dir():
            continue
        subs = [p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")]
        if len(subs) > 1:
            raise UnsupportedPackage(f"{folder}: several output validators are not supported")
        return subs[0] if subs else folder
    return None


def _validator_flags(settings: dict[str, Any]) -> list[str]:
    raw = settings.get("validator_flags") or settings.get("output_validator_flags") or \
        settings.get("output_validator_args") or []  # fmt: skip
    return str(raw).split() if isinstance(raw, str) else [str(f) for f in raw]


def _default_checker(root: Path, flags: list[str]) -> dict[str, Any]:
    """Kattis' default validator as a built-in checker: tokens, case-insensitive unless
    ``case_sensitive``, whitespace-insensitive unless ``space_change_sensitive``, numbers
    within a tolerance with the float flags."""
    options: dict[str, Any] = {"case_sensitive": False, "space_change_sensitive": False}
    tolerance: dict[str, float] = {}
    words = iter(flags)
    for flag in words:
        if flag in _FLAG_WORDS:
            options[flag] = True
        elif flag in _FLAG_FLOATS:
            value = next(words, None)
            try:
                epsilon = float(value or "")
            except ValueError:
                raise ProblemFormatError(f"{root}: {flag} needs a number, got {value!r}") from None
            _expect(epsilon >= 0 and math.isfinite(epsilon), root, f"{flag} must be >= 0")
            tolerance |= dict.fromkeys(_FLAG_FLOATS[flag], epsilon)
        else:
            raise UnsupportedPackage(f"{root}: default validator flag {flag!r} is not supported")
    if tolerance:
        return {"name": "float", **options, **tolerance}
    return {"name": "tokens", **options}


# --- files ----------------------------------------------------------------------------------


def _copy_tests(root: Path, tests: Path) -> list[str]:
    """Copy data/sample and data/secret into ``tests``, normalised (``problems.text``); one
    warning per file that was."""
    tests.mkdir()
    count, warnings = 0, []
    for group in ("sample", "secret"):
        folder = root / "data" / group
        for source in sorted(folder.rglob("*.in")) if folder.is_dir() else []:
            answer = source.with_suffix(".ans")
            _expect(answer.is_file(), source, "has no .ans beside it")
            name = _test_name(group, source.relative_to(folder).with_suffix(""))
            _expect(not (tests / f"{name}.in").exists(), source, f"two tests named {name}")
            for original, copy in ((source, tests / f"{name}.in"), (answer, tests / f"{name}.ans")):
                _copy_file(original, copy, within=root)
                if (what := text.normalise_file(copy)) is not None:
                    warnings.append(text.normalised(original.relative_to(root), what))
            count += 1
    _expect(count > 0, root / "data", "holds no tests (data/sample, data/secret: .in + .ans)")
    return warnings


def _test_name(group: str, relative: Path) -> str:
    name = "-".join(relative.parts)
    if group == "sample":
        return f"sample-{name}"
    return f"secret-{name}" if name.startswith("sample") else name


def _copy_submissions(root: Path, solutions: Path) -> list[str]:
    warnings = []
    folder = root / "submissions"
    for verdict_dir in sorted(folder.iterdir()) if folder.is_dir() else []:
        verdict = VERDICTS.get(verdict_dir.name)
        if not verdict_dir.is_dir() or verdict is None:
            warnings.append(f"submissions/{verdict_dir.name}: not a verdict codejudge checks")
            continue
        for source in sorted(verdict_dir.iterdir()):
            if source.is_file() and not source.is_symlink():
                _copy_file(source, solutions / verdict / source.name)
            else:
                warnings.append(f"{source.relative_to(root)}: multi-file submissions are skipped")
    return warnings


def _write_statement(root: Path, out: Path, config: dict[str, Any], slug: str) -> None:
    for folder in (root / "statement", root / "problem_statement"):
        for pattern in ("problem.en.md", "problem.md"):
            if (folder / pattern).is_file():
                shutil.copyfile(folder / pattern, out / "statement.md")
                return
        for pattern in ("problem.en.tex", "problem.tex"):
            if (folder / pattern).is_file():
                text = tex_to_markdown((folder / pattern).read_text(errors="replace"))
                (out / "statement.md").write_text(text)
                return
    (out / "statement.md").write_text(f"# {_title(config, root, slug)}\n\n(No statement.)\n")


def _keep_originals(root: Path, out: Path) -> None:
    """problem.yaml and the statement sources stay with the problem, under ``kattis/``."""
    keep = out / "kattis"
    keep.mkdir()
    for name in ("problem.yaml", ".timelimit"):
        if (root / name).is_file():
            _copy_file(root / name, keep / name)
    for name in ("problem_statement", "statement"):
        if (root / name).is_dir():
            shutil.copytree(root / name, keep / name, symlinks=True)


def _copy_file(source: Path, target: Path, within: Path | None = None) -> None:
    """Copy a package file. A symlink is refused, except test data linking to another regular
    file of the same package (``within``), as Kattis packages share tests between groups
    (problemtools' oddecho): its target's contents are copied."""
    if source.is_symlink():
        resolved = source.resolve()
        inside = within is not None and resolved.is_relative_to(within.resolve())
        _expect(inside and resolved.is_file(), source,
                "is a symlink outside the package or to no regular file; packages must hold "
                "regular files (test data may link to other test data of the package)")  # fmt: skip
        source = resolved
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def write_toml(file: Path, meta: dict[str, Any]) -> None:
    """problem.toml from plain data (strings, numbers, booleans, lists, one level of tables)."""
    head = [f"{k} = {_toml_value(v)}" for k, v in meta.items() if not isinstance(v, dict)]
    tables = [
        f"\n[{k}]\n" + "".join(f"{key} = {_toml_value(x)}\n" for key, x in v.items())
        for k, v in meta.items()
        if isinstance(v, dict)
    ]
    file.write_text("\n".join(head) + "\n" + "".join(tables))


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(map(_toml_value, value)) + "]"
    return json.dumps(str(value))  # a JSON string is a valid TOML basic string


def slug_of(name: str) -> str:
    """A slug made of a package's folder (or zip) name; ``ProblemFormatError`` if there is
    none (no letter or digit, over ``loader.MAX_SLUG_CHARS``)."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    why = slug_problem(slug)
    if why is not None:
        raise ProblemFormatError(f"cannot make a slug of {install.shown(name)} ({why}); pass one")
    return slug


def _expect(condition: bool, where: Path, message: str) -> None:
    if not condition:
        raise ProblemFormatError(f"{where}: {message}")

"""Kattis/ICPC import, ``problems check``, the custom (output-validator) checker and the
problem API router, against the example packages in tests/kattis/ (problemtools' shape)."""

from __future__ import annotations

import io
import shutil
import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from rich.console import Console
from typer.testing import CliRunner

from codejudge.api import errors
from codejudge.api.problem_routes import admin, router
from codejudge.checkers import CUSTOM
from codejudge.checkers.program import ValidatorProgram
from codejudge.cli import problems as problems_cli
from codejudge.cli.problems import app as problems_app
from codejudge.exceptions import ProblemFormatError
from codejudge.judging import custom_checker
from codejudge.judging.custom_checker import CheckerError, check_custom
from codejudge.judging.measurement import (
    Measurement,
    MeasurementFailed,
    language_of,
    measure,
)
from codejudge.judging.problems_check import check_packages, measure_here
from codejudge.models import (
    CheckerSpec,
    JudgeResult,
    Limits,
    Problem,
    ProblemKind,
    TestCase,
    Verdict,
)
from codejudge.problems import BUNDLED_DIR, load_problem, load_problem_set
from codejudge.problems.install import Caps, extract_zip
from codejudge.problems.kattis import PROVISIONAL_TIME_MS, UnsupportedPackage, import_kattis
from codejudge.problems.statement import tex_to_markdown
from codejudge.sandbox import RunLimits, Sandbox, open_sandbox
from codejudge.store import Store

KATTIS = Path(__file__).parents[1] / "kattis"
PROBLEMTOOLS = KATTIS / "problemtools"  # problemtools' own examples, unmodified (MIT)
# Every example package: ours at the top, problemtools' in problemtools/.
PACKAGES = sorted(p.parent.relative_to(KATTIS) for p in KATTIS.rglob("problem.yaml"))


def assert_all_as_expected(folder: Path) -> None:
    [report] = check_packages([folder], jobs=2)
    assert report.issues == []
    judged = [o for o in report.outcomes if o.status != "skipped"]
    assert judged, "nothing was judged"
    assert all(o.status == "ok" for o in judged), [(o.file.name, o.actual) for o in judged]


# --- import --------------------------------------------------------------------------------


@pytest.mark.timeout(120)
@pytest.mark.parametrize("name", ["hello", "different", "circle-area", "proper-divisor"])
def test_every_submission_of_an_imported_package_gets_its_verdict(
    name: str, tmp_path: Path
) -> None:
    """Done-when of issue 6: import, then every submission in a supported language gets the
    verdict of its submissions/ folder."""
    result = import_kattis(KATTIS / name, tmp_path, measure=measure_here)
    assert result.folder == tmp_path / name and result.slug == name
    assert_all_as_expected(result.folder)


@pytest.mark.timeout(900)
@pytest.mark.parametrize("package", PACKAGES, ids=str)
def test_every_example_package_imports(package: Path, tmp_path: Path) -> None:
    """Issue 10 class 12: every example package in tests/kattis (problemtools' own included)
    imports; where the limit is measured, every submission that ran is reported with a verdict
    and the limit is the slowest accepted one's times the multiplier."""
    result = import_kattis(KATTIS / package, tmp_path, measure=measure_here)
    problem = load_problem(result.folder)
    assert problem.limits.time_ms == result.time_ms > 0
    if result.runs:  # measured: the limit comes from the accepted runs
        accepted = [r.time_ms for r in result.runs if r.actual is r.expected is Verdict.ACCEPTED]
        assert accepted and result.time_limit_from.startswith(f"slowest accepted {max(accepted)}")


@pytest.mark.timeout(900)
def test_problemtools_different_imports_and_lists_what_it_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 10 class 12: problemtools' ``different`` used to fail to import because its Python 2
    submission does not run. Now each submission's verdict is shown, the Python 2 one and the
    languages codejudge lacks are skipped with the reason, and the problem imports."""
    # The module's console is made once per process (COLUMNS is read then): a wide one, so
    # that no file name in the table is cut, whatever ran before in this worker.
    monkeypatch.setattr(problems_cli, "console", Console(width=250))
    env = {"CODEJUDGE_DATA_DIR": str(tmp_path), "COLUMNS": "250"}
    result = CliRunner().invoke(problems_app, ["import", str(PROBLEMTOOLS / "different")], env=env)
    assert result.exit_code == 0, result.output
    assert "imported different" in result.output
    rows = {line.split("│")[1].strip(): line for line in result.output.splitlines()
            if line.count("│") > 5}  # fmt: skip
    assert (
        "Python 2" in rows["accepted/different_py2.py"]
        and "skipped" in rows["accepted/different_py2.py"]
    )
    for name, language in [("Different.scala", "Scala"), ("different.hs", "Haskell"),
                           ("different.cs", "C#"), ("different.rb", "Ruby"),
                           ("different.php", "PHP"), ("different.ml", "OCaml")]:  # fmt: skip
        assert f"language not supported: {language}" in rows[f"accepted/{name}"], name
    for name in ["different.c", "different.cc", "different_py3.py", "different.rs",
                 "different.go", "different.js"]:  # fmt: skip
        assert (
            "│ accepted " in rows[f"accepted/{name}"].replace("  ", " ")
            and " ok" in rows[f"accepted/{name}"]
        ), rows[f"accepted/{name}"]
    assert "wrong_answer" in rows["wrong_answer/different_int.cc"].split("│")[4]
    assert "time_limit_exceeded" in rows["time_limit_exceeded/different_linear_search.cc"]
    assert load_problem(tmp_path / "problems" / "different").limits.time_ms >= 1000


def fake_measurement(folder: Path, times: dict[str, tuple[Verdict, int]]) -> Measurement:
    """``measure`` with a judge that answers from ``times`` (file name -> verdict, ms)."""

    by_code = {f.read_text(): f.name for f in (folder / "solutions").rglob("*") if f.is_file()}

    def judge(package: Path, language: str, code: str) -> JudgeResult:
        verdict, ms = times[by_code[code]]
        return JudgeResult(verdict=verdict, time_ms=ms)

    return measure(folder, judge)


def test_an_accepted_submission_that_fails_is_a_warning_not_a_failed_import(
    tmp_path: Path,
) -> None:
    package = kattis_package(
        tmp_path / "pkg", "name: X\n",
        **{"submissions/accepted/good.py": "print(1)\n", "submissions/accepted/bad.py": "x\n",
           "submissions/accepted/old.py": "#!/usr/bin/env python2\nprint 1\n",
           "submissions/accepted/a.scala": "object A\n"},
    )  # fmt: skip
    (package / ".timelimit").unlink()
    times = {"good.py": (Verdict.ACCEPTED, 220), "bad.py": (Verdict.RUNTIME_ERROR, 5)}
    result = import_kattis(package, tmp_path / "out",
                           measure=lambda f: fake_measurement(f, times))  # fmt: skip
    assert result.time_ms == 2000  # 0.22 s x 5 = 1.1 s, rounded up as problemtools does
    assert "slowest accepted 220 ms" in result.time_limit_from
    statuses = {r.file: (r.status, r.note) for r in result.runs}
    assert statuses["accepted/bad.py"][0] == "MISMATCH"
    assert statuses["accepted/old.py"] == (
        "skipped",
        "language not supported: Python 2 (codejudge runs Python 3)",
    )
    assert statuses["accepted/a.scala"] == ("skipped", "language not supported: Scala")
    assert any("accepted/bad.py: expected accepted, got runtime_error" in w
               for w in result.warnings)  # fmt: skip
    assert load_problem(result.folder).limits.time_ms == 2000


def test_a_retried_measurement_times_the_accepted_ones_under_the_provisional_limit(
    tmp_path: Path,
) -> None:
    """A worker that dies after writing the limit retries the job: the accepted submissions
    are timed again under the provisional 10 s, not judged against the first attempt's limit;
    the others are judged under the derived limit."""
    package = kattis_package(
        tmp_path / "pkg", "name: X\n",
        **{"submissions/accepted/a.py": "print(1)\n", "submissions/wrong_answer/w.py": "x\n"},
    )  # fmt: skip
    (package / ".timelimit").unlink()
    result = import_kattis(package, tmp_path / "out", measure=lambda f: fake_measurement(
        f, {"a.py": (Verdict.ACCEPTED, 100), "w.py": (Verdict.WRONG_ANSWER, 5)}))  # fmt: skip
    seen: dict[str, int] = {}

    def judge(folder: Path, language: str, code: str) -> JudgeResult:
        seen[code] = load_problem(folder).limits.time_ms
        return JudgeResult(verdict=Verdict.ACCEPTED if "1" in code else Verdict.WRONG_ANSWER)

    assert load_problem(result.folder).limits.time_ms == 1000  # as the first attempt left it
    measure(result.folder, judge)
    assert seen == {"print(1)\n": PROVISIONAL_TIME_MS, "x\n": 1000}


@pytest.mark.parametrize(
    ("name", "language"),
    [("a.C", "cpp"), ("a.c++", "cpp"), ("a.c", "c"), ("a.cc", "cpp"), ("A.java", "java"),
     ("a.py", "python"), ("a.scala", None), ("a.R", None)],
)  # fmt: skip
def test_submission_languages_as_kattis_and_domjudge_name_them(
    name: str, language: str | None
) -> None:
    """problemtools takes ``.C`` for C++ (not C) and DOMjudge ``.c++``."""
    assert language_of(Path(name)) == language


def test_no_accepted_submission_that_runs_is_a_clear_refusal(tmp_path: Path) -> None:
    package = kattis_package(
        tmp_path / "pkg", "name: X\n",
        **{"submissions/accepted/old.py": "#!/usr/bin/python2\nprint 1\n",
           "submissions/accepted/bad.py": "x\n"},
    )  # fmt: skip
    (package / ".timelimit").unlink()
    times = {"bad.py": (Verdict.WRONG_ANSWER, 5)}
    with pytest.raises(MeasurementFailed, match="no accepted submission") as caught:
        import_kattis(package, tmp_path / "out", measure=lambda f: fake_measurement(f, times))
    assert [r.status for r in caught.value.runs] == ["MISMATCH", "skipped"]
    assert not (tmp_path / "out" / "pkg").exists()


def test_import_reads_limits_checker_statement_and_submissions(tmp_path: Path) -> None:
    hello = load_problem(import_kattis(KATTIS / "hello", tmp_path).folder)
    assert hello.title == "Hello World!" and hello.kind is ProblemKind.STDIO
    assert hello.limits == Limits(time_ms=1500, memory_mb=1024, output_kb=8192)
    assert hello.checker == CheckerSpec(
        "tokens", {"case_sensitive": False, "space_change_sensitive": False}
    )
    assert [t.name for t in hello.tests] == ["sample-hello", "again"]
    assert "# Hello World!" in hello.statement and "## Input" in hello.statement
    solutions = sorted(
        p.relative_to(tmp_path / "hello") for p in (tmp_path / "hello").rglob("*.py")
    )
    assert Path("solutions/runtime_error/exit3.py") in solutions  # run_time_error renamed
    assert (tmp_path / "hello" / "kattis" / "problem.yaml").is_file()  # the original kept

    circle = load_problem(import_kattis(KATTIS / "circle-area", tmp_path).folder)
    assert circle.title == "Circle Area" and circle.limits.time_ms == 1000
    assert circle.limits.memory_mb == 512
    assert circle.checker.name == "float" and circle.checker.options["relative"] == 1e-6
    assert "absolute" not in circle.checker.options


@pytest.mark.timeout(60)
def test_time_limit_is_derived_from_the_slowest_accepted_submission(tmp_path: Path) -> None:
    measured: list[Measurement] = []

    def measure(folder: Path) -> Measurement:
        measured.append(measure_here(folder))
        # as if the slowest took 0.15 s: 0.75 s rounds to 1 s
        times = {
            "different.py": (Verdict.ACCEPTED, 150),
            "different.cpp": (Verdict.ACCEPTED, 20),
            "count_up.py": (Verdict.TIME_LIMIT_EXCEEDED, 1000),
            "no_abs.py": (Verdict.WRONG_ANSWER, 10),
            "int32.cpp": (Verdict.WRONG_ANSWER, 10),
            "fixed_buffer.py": (Verdict.RUNTIME_ERROR, 10),
        }
        return fake_measurement(folder, times)

    result = import_kattis(KATTIS / "different", tmp_path, measure=measure)
    assert measured and result.time_ms == 1000
    assert result.time_limit_from.startswith("slowest accepted 150 ms x time_multiplier 5")
    assert load_problem(result.folder).limits.time_ms == 1000
    assert load_problem(result.folder).tags == ("arithmetic", "big-numbers")


def test_without_a_time_limit_or_a_way_to_measure_import_refuses(tmp_path: Path) -> None:
    with pytest.raises(ProblemFormatError, match="no time limit"):
        import_kattis(KATTIS / "different", tmp_path)
    assert list(tmp_path.iterdir()) == [] or all(p.name.startswith(".") for p in tmp_path.iterdir())


def test_the_slug_defaults_to_the_folder_and_can_be_given(tmp_path: Path) -> None:
    assert import_kattis(KATTIS / "hello", tmp_path, "greeting").folder == tmp_path / "greeting"
    with pytest.raises(ProblemFormatError, match="already exists"):
        import_kattis(KATTIS / "hello", tmp_path, "greeting")
    import_kattis(KATTIS / "hello", tmp_path, "greeting", replace=True)
    assert "greeting" in load_problem_set(tmp_path)


def test_a_custom_validator_is_kept_as_the_checker_program(tmp_path: Path) -> None:
    problem = load_problem(import_kattis(KATTIS / "proper-divisor", tmp_path).folder)
    assert problem.checker.name == CUSTOM
    program = problem.checker.options["validator"]
    assert program.language == "cpp" and program.sources == ["validate.cpp"]
    assert (tmp_path / "proper-divisor" / "checker" / "validate.cpp").is_file()


def kattis_package(root: Path, yaml_text: str, **files: str) -> Path:
    root.mkdir(parents=True)
    (root / "problem.yaml").write_text(yaml_text)
    for name, text in {"data/sample/1.in": "1\n", "data/sample/1.ans": "1\n", **files}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    (root / ".timelimit").write_text("1\n")
    return root


@pytest.mark.parametrize(
    ("yaml_text", "files", "message"),
    [
        ("name: X\nvalidation: custom interactive\n", {}, "needs its output validator"),
        ("name: X\nvalidation: custom magic\n", {}, "type magic is not supported"),
        ("problem_format_version: 2023-07\ntype: submit-answer\n", {}, "type submit-answer"),
        ("problem_format_version: 2023-07\ntype: multi-pass\n", {}, "needs its output validator"),
        ("name: X\n", {"data/sample/2.interaction": "<1\n"}, "need type interactive"),
        ("name: X\n", {"data/secret/g1/testdata.yaml": "grading: sum\n"}, "scoring"),
        (
            "name: X\n",
            {"data/secret/g/testdata.yaml": "output_validator_flags: case_sensitive\n"},
            "per-group validator flags",
        ),
        ("name: X\nvalidator_flags: float_tolerance\n", {}, "float_tolerance needs a number"),
        ("name: X\nvalidator_flags: strict_mode\n", {}, "flag 'strict_mode' is not supported"),
    ],
)
def test_unsupported_packages_are_refused_with_a_reason(
    tmp_path: Path, yaml_text: str, files: dict[str, str], message: str
) -> None:
    package = kattis_package(tmp_path / "pkg", yaml_text, **files)
    with pytest.raises(ProblemFormatError, match=message):
        import_kattis(package, tmp_path / "out")
    assert not (tmp_path / "out" / "pkg").exists()


def test_unsupported_types_are_their_own_error(tmp_path: Path) -> None:
    package = kattis_package(
        tmp_path / "pkg", "problem_format_version: 2023-07\ntype: submit-answer\n"
    )
    with pytest.raises(UnsupportedPackage):
        import_kattis(package, tmp_path / "out")


def test_an_input_without_answer_is_refused(tmp_path: Path) -> None:
    package = kattis_package(tmp_path / "pkg", "name: X\n", **{"data/secret/2.in": "2\n"})
    with pytest.raises(ProblemFormatError, match=r"2\.in: has no \.ans"):
        import_kattis(package, tmp_path / "out")


# --- zip -----------------------------------------------------------------------------------


def zip_of(folder: Path, target: Path, prefix: str = "") -> Path:
    with zipfile.ZipFile(target, "w") as zf:
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                zf.write(file, prefix + str(file.relative_to(folder)))
    return target


def test_a_zip_imports_like_its_folder(tmp_path: Path) -> None:
    archive = zip_of(KATTIS / "hello", tmp_path / "hello.zip", prefix="hello/")
    result = import_kattis(archive, tmp_path / "problems")
    assert load_problem(result.folder).title == "Hello World!"
    flat = zip_of(KATTIS / "hello", tmp_path / "flat-hello.zip")  # no top folder: the zip's name
    assert import_kattis(flat, tmp_path / "problems").slug == "flat-hello"


@pytest.mark.parametrize(
    ("entry", "message"),
    [("../evil.txt", "outside the package"), ("/etc/evil", "outside the package"),
     ("hello/../../evil", "outside the package"), ("hello/link", "symlink")],
)  # fmt: skip
def test_zip_slip_and_symlinks_are_refused(tmp_path: Path, entry: str, message: str) -> None:
    archive = zip_of(KATTIS / "hello", tmp_path / "evil.zip", prefix="hello/")
    with zipfile.ZipFile(archive, "a") as zf:
        info = zipfile.ZipInfo(entry)
        if entry.endswith("link"):
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, "/etc/passwd")
        else:
            zf.writestr(info, "gotcha")
    with pytest.raises(ProblemFormatError, match=message):
        import_kattis(archive, tmp_path / "problems")
    assert not (tmp_path / "evil.txt").exists() and not (tmp_path / "problems" / "hello").exists()


def test_a_zip_bomb_is_cut_off(tmp_path: Path) -> None:
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("big.in", b"0" * (4 * 1024 * 1024))
    (tmp_path / "out").mkdir()
    with pytest.raises(ProblemFormatError, match="too large"):
        extract_zip(archive, tmp_path / "out", Caps(total_bytes=1024 * 1024))


# --- problems check (CLI) ------------------------------------------------------------------


@pytest.mark.timeout(60)
def test_problems_check_exits_non_zero_on_a_misfiled_solution(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(problems_cli, "console", Console(width=200))
    package = shutil.copytree(KATTIS / "hello", tmp_path / "hello")
    shutil.move(package / "submissions/wrong_answer/comma.py", package / "submissions/accepted")
    result = CliRunner().invoke(problems_app, ["check", str(package)], env={"COLUMNS": "200"})
    assert result.exit_code == 1, result.output
    assert "MISMATCH" in result.output and "comma.py" in result.output
    assert "1 mismatched" in result.output


@pytest.mark.timeout(60)
def test_problems_check_passes_a_good_package_and_reports_skipped_languages(
    tmp_path: Path,
) -> None:
    result = CliRunner().invoke(
        problems_app, ["check", str(KATTIS / "hello")], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    assert "0 mismatched" in result.output


def test_problems_check_reports_an_invalid_package(tmp_path: Path) -> None:
    (tmp_path / "broken").mkdir()
    broken = tmp_path / "broken"
    result = CliRunner().invoke(problems_app, ["check", str(broken)])
    assert result.exit_code == 1
    # The message is not broken across lines, however long its (temporary) path.
    assert f"{broken / 'problem.toml'}: is missing" in result.output


@pytest.mark.timeout(60)
def test_problems_import_and_list(tmp_path: Path) -> None:
    env = {"CODEJUDGE_DATA_DIR": str(tmp_path), "COLUMNS": "200"}
    runner = CliRunner()
    result = runner.invoke(problems_app, ["import", str(KATTIS / "circle-area")], env=env)
    assert result.exit_code == 0, result.output
    assert "imported circle-area" in result.output
    listed = runner.invoke(problems_app, ["list", "--difficulty", "medium"], env=env)
    assert "circle-area" in listed.output and "two-sum" not in listed.output
    refused = runner.invoke(problems_app, ["import", str(KATTIS / "circle-area")], env=env)
    assert refused.exit_code == 2 and "already exists" in refused.output


# --- the custom checker in the sandbox -----------------------------------------------------

PY_VALIDATOR = """\
import sys
n = int(open(sys.argv[1]).read())
team = sys.stdin.read().split()
ok = len(team) == 1 and team[0].lstrip("-").isdigit() and int(team[0]) % n == 0
with open(sys.argv[3] + "judgemessage.txt", "w") as f:
    f.write("a multiple" if ok else f"{team} is not a multiple of {n}")
sys.exit(42 if ok else 43)
"""


def custom_problem(program: ValidatorProgram) -> Problem:
    return Problem(
        slug="multiple", title="Multiple", kind=ProblemKind.STDIO, statement="x", limits=Limits(),
        tests=(TestCase(1, "7\n", "7\n"),),
        checker=CheckerSpec(CUSTOM, {"validator": program}),
    )  # fmt: skip


@pytest.fixture(scope="module")
def sandbox() -> Sandbox:
    box = open_sandbox()
    box.check()  # fails, saying what to install, rather than skipping
    return box


def test_a_python_validator_decides_and_explains(sandbox: Sandbox) -> None:
    problem = custom_problem(ValidatorProgram.of({"check.py": PY_VALIDATOR.encode()}))
    test = problem.tests[0]
    assert check_custom(problem, test, "21\n", sandbox).ok
    wrong = check_custom(problem, test, "20\n", sandbox)
    assert not wrong.ok and wrong.message == "['20'] is not a multiple of 7"


def test_a_c_validator_is_compiled_in_the_box_and_gets_its_flags(sandbox: Sandbox) -> None:
    source = b"""#include <stdio.h>
#include <string.h>
int main(int argc, char **argv) { return argc == 5 && strcmp(argv[4], "strict") == 0 ? 42 : 43; }
"""
    with_flag = ValidatorProgram.of({"v.c": source}, ("strict",))
    test = custom_problem(with_flag).tests[0]
    assert check_custom(custom_problem(with_flag), test, "x", sandbox).ok
    without = ValidatorProgram.of({"v.c": source})
    assert not check_custom(custom_problem(without), test, "x", sandbox).ok


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"v.py": b"import sys; sys.exit(1)"}, "exited with 1"),
        ({"v.py": b"while True: pass"}, "took too long"),
        ({"v.c": b"int main( {"}, "does not compile"),
    ],
)
def test_a_broken_validator_is_a_judge_error(
    sandbox: Sandbox, files: dict[str, bytes], message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(custom_checker, "RUN_LIMITS", RunLimits(cpu_ms=300, wall_ms=1000))
    problem = custom_problem(ValidatorProgram.of(files))
    with pytest.raises(CheckerError, match=message):
        check_custom(problem, problem.tests[0], "1", sandbox)


def test_the_validator_sees_no_host_path(sandbox: Sandbox) -> None:
    """Its arguments are paths inside the box, whose files came from memory."""
    spy = (
        b"import sys\n"
        b"print(sys.argv[1:], file=open(sys.argv[3] + 'judgemessage.txt', 'w'))\n"
        b"sys.exit(42)\n"
    )
    problem = custom_problem(ValidatorProgram.of({"spy.py": spy}))
    message = check_custom(problem, problem.tests[0], "", sandbox).message
    assert message == "['/box/data/input', '/box/data/answer', '/tmp/feedback/']"


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({}, "no source files"),
        ({"a.py": b"", "b.py": b""}, "several .py files"),
        ({"a.py": b"", "b.c": b""}, "one language"),
        ({"README": b""}, "one language"),
    ],
)
def test_validator_programs_must_be_one_program(files: dict[str, bytes], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ValidatorProgram.of(files)


# --- statements ----------------------------------------------------------------------------


def test_tex_statements_become_markdown() -> None:
    md = tex_to_markdown(
        "\\problemname{Sum}\n% a comment\nAdd \\emph{two} numbers.\n\\begin{Input}\n"
        "Two integers $a$ and $b$.\n\\end{Input}\n\\begin{itemize}\n\\item one\n\\end{itemize}\n"
    )
    assert md.startswith("# Sum\n") and "*two*" in md and "## Input" in md
    assert "$a$" in md and "- one" in md and "comment" not in md and "\\end" not in md


# --- the problem API router ----------------------------------------------------------------


@pytest.fixture
def api(tmp_path: Path) -> Iterator[TestClient]:
    dirs = [BUNDLED_DIR, tmp_path / "problems"]
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    store.migrate()  # the routes ask it what workers published
    services = SimpleNamespace(
        problems=load_problem_set(*dirs),
        problem_dirs=dirs,
        store=store,
        settings=SimpleNamespace(
            problems_dir=tmp_path / "problems", admin_token="s3cret", auth="open"
        ),
    )
    app = FastAPI()
    app.state.services = services
    errors.install(app)
    app.include_router(router)
    app.include_router(admin)
    yield TestClient(app, headers={"Authorization": "Bearer s3cret"})
    store.close()


NATIVE = {
    "problem.toml": 'slug = "echo"\ntitle = "Echo"\nkind = "stdio"\ndifficulty = "hard"\n'
    'tags = ["io"]\n',
    "statement.md": "# Echo\n",
    "tests/sample-1.in": "hi\n",
    "tests/sample-1.ans": "hi\n",
}


def test_list_filters_and_detail(api: TestClient) -> None:
    easy = api.get("/api/v1/problems", params={"difficulty": "easy"}).json()
    assert easy and all(p["difficulty"] == "easy" for p in easy)
    tagged = api.get("/api/v1/problems", params={"tag": "array"}).json()
    assert tagged and all("array" in p["tags"] for p in tagged)
    detail = api.get("/api/v1/problems/two-sum").json()
    assert detail["statement"] and detail["samples"] and detail["limits"]["time_ms"] > 0
    assert isinstance(detail["starter_code"], dict)
    assert api.get("/api/v1/problems/nope").status_code == 404


def test_admin_create_update_delete(api: TestClient) -> None:
    created = api.post("/api/v1/admin/problems", json={"files": NATIVE})
    assert created.status_code == 201, created.text
    assert "solutions/accepted" in " ".join(created.json()["warnings"])
    assert api.get("/api/v1/problems/echo").json()["title"] == "Echo"  # served at once
    assert api.post("/api/v1/admin/problems", json={"files": NATIVE}).status_code == 409
    renamed = NATIVE | {"problem.toml": NATIVE["problem.toml"].replace('"Echo"', '"Echo 2"')}
    assert api.put("/api/v1/admin/problems/echo", json={"files": renamed}).status_code == 200
    assert api.get("/api/v1/problems/echo").json()["title"] == "Echo 2"
    assert api.delete("/api/v1/admin/problems/echo").status_code == 204
    assert api.get("/api/v1/problems/echo").status_code == 404
    assert api.delete("/api/v1/admin/problems/two-sum").status_code == 409  # bundled


@pytest.mark.parametrize(
    ("files", "status"),
    [
        (NATIVE | {"../escape.txt": "x"}, 422),
        (NATIVE | {"statement.md": ""}, 422),
        ({"problem.toml": "slug = ["}, 422),
        ({"statement.md": "x"}, 422),
    ],
)
def test_admin_rejects_bad_packages(api: TestClient, files: dict[str, str], status: int) -> None:
    response = api.post("/api/v1/admin/problems", json={"files": files})
    assert response.status_code == status, response.text
    assert response.json()["detail"]


def test_admin_upload_of_a_kattis_zip(api: TestClient, tmp_path: Path) -> None:
    archive = zip_of(KATTIS / "hello", tmp_path / "hello.zip", prefix="hello/")
    with archive.open("rb") as f:
        response = api.post(
            "/api/v1/admin/problems/upload",
            files={"file": ("hello.zip", f, "application/zip")},
            data={"slug": "hello-world"},
        )
    assert response.status_code == 201, response.text
    assert api.get("/api/v1/problems/hello-world").json()["title"] == "Hello World!"
    bad = api.post(
        "/api/v1/admin/problems/upload", files={"file": ("x.zip", io.BytesIO(b"nope"), "a/b")}
    )
    assert bad.status_code == 422 and "zip" in bad.json()["detail"]


def test_admin_needs_the_token(api: TestClient) -> None:
    anonymous = api.delete("/api/v1/admin/problems/echo", headers={"Authorization": ""})
    assert anonymous.status_code == 401
    api.app.state.services.settings.admin_token = None  # type: ignore[attr-defined]
    # No credential (a credential that is neither a key nor the token is a 401, issue 13).
    disabled = api.delete("/api/v1/admin/problems/echo", headers={"Authorization": ""})
    assert disabled.status_code == 403 and "CODEJUDGE_ADMIN_TOKEN" in disabled.json()["detail"]

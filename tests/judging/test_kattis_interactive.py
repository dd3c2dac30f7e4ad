"""Kattis packages of type interactive, multi-pass and scoring import and judge (our own small
packages, written for these tests, in the shapes of problemtools' ``guess`` and DOMjudge's
``hangman``/``jumble``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from codejudge.exceptions import ProblemFormatError
from codejudge.problems import load_problem
from codejudge.problems.kattis import import_kattis
from tests.judging.test_interactive import (
    ALWAYS_ONE,
    BINARY_SEARCH,
    GUESS_VALIDATOR,
    MULTI_PASS_VALIDATOR,
    NO_FLUSH,
)
from tests.problems.test_kattis import assert_all_as_expected


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


GUESS_FILES = {
    ".timelimit": "1\n",
    "output_validators/guess/validate.py": GUESS_VALIDATOR,
    "data/sample/1.in": "37\n",
    "data/sample/1.ans": "",
    "data/sample/1.interaction": ">50\n<lower\n",  # shown to people; not judged
    "data/secret/1.in": "1\n",
    "data/secret/1.ans": "",
    "data/secret/2.in": "100\n",
    "data/secret/2.ans": "",
    "submissions/accepted/binary_search.py": BINARY_SEARCH,
    "submissions/wrong_answer/always_one.py": ALWAYS_ONE,
    "submissions/time_limit_exceeded/no_flush.py": NO_FLUSH,
    "submissions/run_time_error/crash_after.py": BINARY_SEARCH + "raise SystemExit(3)\n",
}


@pytest.mark.timeout(180)
@pytest.mark.parametrize(
    "yaml_text",
    [
        "name: Guess\nvalidation: custom interactive\n",  # legacy
        "problem_format_version: 2023-07-draft\ntype: interactive\nname: Guess\n",
    ],
)
def test_an_interactive_package_imports_and_every_submission_gets_its_verdict(
    tmp_path: Path, yaml_text: str
) -> None:
    files = dict(GUESS_FILES, **{"problem.yaml": yaml_text})
    if "2023-07" in yaml_text:  # the 2023-07 layout's folder name
        files["output_validator/validate.py"] = files.pop("output_validators/guess/validate.py")
    package = write(tmp_path / "guess", files)
    imported = import_kattis(package, tmp_path / "problems")
    problem = load_problem(imported.folder)
    assert problem.checker.name == "custom" and problem.checker.options["interactive"] is True
    assert_all_as_expected(imported.folder)


MULTI_PASS_FILES = {
    "problem.yaml": "name: Times\nvalidation: custom multi-pass\nlimits:\n  validation_passes: 3\n",
    ".timelimit": "1\n",
    "output_validators/times/validate.py": MULTI_PASS_VALIDATOR,
    "data/sample/1.in": "5\n",
    "data/sample/1.ans": "",
    "data/secret/1.in": "7\n",
    "data/secret/1.ans": "",
    "submissions/accepted/double_then_triple.py": (
        "n = int(input())\nprint(n * 2 if n < 10 else n * 3)\n"
    ),
    "submissions/wrong_answer/always_double.py": "print(int(input()) * 2)\n",
}


@pytest.mark.timeout(180)
def test_a_multi_pass_package_imports_with_its_passes(tmp_path: Path) -> None:
    package = write(tmp_path / "times", MULTI_PASS_FILES)
    imported = import_kattis(package, tmp_path / "problems")
    assert load_problem(imported.folder).checker.options["passes"] == 3
    assert_all_as_expected(imported.folder)


def test_a_scoring_package_imports_as_pass_fail_with_a_warning(tmp_path: Path) -> None:
    package = write(
        tmp_path / "echo",
        {
            "problem.yaml": "problem_format_version: 2023-07-draft\ntype: scoring\nname: Echo\n",
            ".timelimit": "1\n",
            "data/testdata.yaml": "on_reject: continue\ngrading: sum\n",
            "data/sample/1.in": "a\n",
            "data/sample/1.ans": "a\n",
            "submissions/accepted/echo.py": "print(input())\n",
            "submissions/partially_accepted/half.py": "print(input())\n",
        },
    )
    imported = import_kattis(package, tmp_path / "problems")
    assert any("scoring imports as pass-fail" in w for w in imported.warnings)
    assert any("partially_accepted" in w for w in imported.warnings)
    assert load_problem(imported.folder).checker.name == "tokens"


def test_test_data_may_link_to_other_test_data_of_the_package(tmp_path: Path) -> None:
    """Kattis packages share tests between groups with symlinks (problemtools' oddecho)."""
    package = write(
        tmp_path / "echo",
        {
            "problem.yaml": "name: Echo\n",
            ".timelimit": "1\n",
            "data/sample/1.in": "a\n",
            "data/sample/1.ans": "a\n",
            "data/secret/g1/1.in": "b\n",
            "data/secret/g1/1.ans": "b\n",
        },
    )
    (package / "data/secret/g2").mkdir()
    for suffix in ("in", "ans"):
        (package / f"data/secret/g2/1.{suffix}").symlink_to(f"../g1/1.{suffix}")
    imported = import_kattis(package, tmp_path / "problems")
    linked = imported.folder / "tests" / "g2-1.in"
    assert linked.read_text() == "b\n" and not linked.is_symlink()


def test_a_symlink_out_of_the_package_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "host-secret.txt"
    secret.write_text("not for the problem\n")
    package = write(
        tmp_path / "echo",
        {"problem.yaml": "name: Echo\n", ".timelimit": "1\n", "data/sample/1.ans": "a\n"},
    )
    (package / "data/sample/1.in").symlink_to(secret)
    with pytest.raises(ProblemFormatError, match="symlink outside the package"):
        import_kattis(package, tmp_path / "problems")

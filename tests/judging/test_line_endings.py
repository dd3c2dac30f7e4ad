"""Issue 10, class 1: line endings and byte-order marks in test data.

One rule (``checkers.normalise``): a leading UTF-8 BOM is dropped and CRLF / lone CR become
LF, in inputs and answers, whichever way a package arrives (Kattis import, admin API, zip
upload, a folder copied by hand), with a warning naming each file; the checkers apply it to
both sides. ``tests/kattis/greet-crlf`` is a Kattis package written with CRLF and BOMs whose
accepted submissions, one per language, read a line the way that language's programmers do.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from codejudge.api import errors
from codejudge.api.problem_routes import admin, router
from codejudge.checkers import CHECKERS, check, normalise_text
from codejudge.judging import grading
from codejudge.judging.measurement import Measurement
from codejudge.judging.problems_check import check_packages
from codejudge.languages import LANGUAGES
from codejudge.models import CheckerSpec, Verdict
from codejudge.problems import BUNDLED_DIR, load_problem, load_problem_set
from codejudge.problems.kattis import import_kattis
from tests.problems.test_kattis import zip_of

KATTIS = Path(__file__).parents[1] / "kattis"
GREET = KATTIS / "greet-crlf"
BOM = "\ufeff"
GREET_PY = 'print(f"Hello, {input()}!")\n'
# The files of greet-crlf that are not plain LF text.
NORMALISED = {
    "data/sample/1.in",
    "data/sample/1.ans",
    "data/secret/bom-answer.in",
    "data/secret/bom-answer.ans",
    "data/secret/cr.in",
    "data/secret/cr.ans",
    "data/secret/plain.in",
    "data/secret/plain.ans",
}


def named_files(warnings: list[str]) -> set[str]:
    return {w.split(":")[0] for w in warnings if "normalised" in w}


def test_the_package_really_is_written_with_crlf_and_boms() -> None:
    """Guard against a checkout (or an editor) converting the data: the test would pass
    vacuously."""
    data = (GREET / "data/sample/1.in").read_bytes()
    assert data.startswith(BOM.encode()) and data.endswith(b"\r\n")
    assert (GREET / "data/secret/cr.in").read_bytes() == b"Edsger\r"


# --- Kattis import, judged in every language -------------------------------------------------


@pytest.mark.timeout(600)
def test_a_crlf_bom_kattis_package_is_accepted_in_every_language(tmp_path: Path) -> None:
    """The issue's example: before the rule, python, c, cpp, javascript and rust were
    wrong_answer (they keep the \\r a line ends with), and no language matched the BOM
    answer."""
    result = import_kattis(GREET, tmp_path)
    assert named_files(result.warnings) == NORMALISED
    assert any("a UTF-8 BOM and CRLF line endings" in w for w in result.warnings)
    for file in (result.folder / "tests").iterdir():
        data = file.read_bytes()
        assert b"\r" not in data and not data.startswith(BOM.encode()), file.name
    [report] = check_packages([result.folder], jobs=2)
    assert report.issues == []
    verdicts = {o.language: o.actual for o in report.outcomes if o.expected is Verdict.ACCEPTED}
    assert set(verdicts) == set(LANGUAGES), "one accepted submission per language"
    assert verdicts == dict.fromkeys(LANGUAGES, Verdict.ACCEPTED)
    [wrong] = [o for o in report.outcomes if o.expected is Verdict.WRONG_ANSWER]
    assert wrong.actual is Verdict.WRONG_ANSWER  # the rule does not accept everything


@pytest.mark.timeout(120)
def test_problems_check_warns_about_the_files_it_normalises(tmp_path: Path) -> None:
    kattis = check_packages([GREET], jobs=2)
    assert named_files(kattis[0].warnings) == NORMALISED
    native = copied_by_hand(tmp_path)
    [report] = check_packages([native], jobs=2)
    assert named_files(report.warnings) == {"tests/sample-1.in", "tests/sample-1.ans"}
    assert report.issues == [] and report.ok


# --- a native package copied by hand, the admin API and a zip upload -------------------------

NATIVE = {
    "problem.toml": 'slug = "greet"\ntitle = "Greet"\nkind = "stdio"\n',
    "statement.md": "# Greet\n",
    "tests/sample-1.in": f"{BOM}Ada Lovelace\r\n",
    "tests/sample-1.ans": f"{BOM}Hello, Ada Lovelace!\r\n",
    "solutions/accepted/greet.py": GREET_PY,
}


def copied_by_hand(tmp_path: Path) -> Path:
    folder = tmp_path / "greet"
    for name, content in NATIVE.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content.encode())
    return folder


def test_a_package_copied_by_hand_is_normalised_when_loaded(tmp_path: Path) -> None:
    folder = copied_by_hand(tmp_path)
    [test] = load_problem(folder).tests
    assert (test.input, test.expected) == ("Ada Lovelace\n", "Hello, Ada Lovelace!\n")
    assert (folder / "tests/sample-1.in").read_bytes().startswith(BOM.encode())  # untouched


@pytest.mark.timeout(120)
@pytest.mark.parametrize("language", ["python", "c"])
def test_a_package_copied_by_hand_judges_as_if_it_were_lf(tmp_path: Path, language: str) -> None:
    source = {"python": GREET_PY, "c": (GREET / "submissions/accepted/greet.c").read_text()}
    result = grading.judge(load_problem(copied_by_hand(tmp_path)), language, source[language])
    assert result.verdict is Verdict.ACCEPTED, result


@pytest.fixture
def api(tmp_path: Path) -> TestClient:
    dirs = [BUNDLED_DIR, tmp_path / "problems"]
    services = SimpleNamespace(
        problems=load_problem_set(*dirs),
        problem_dirs=dirs,
        settings=SimpleNamespace(problems_dir=tmp_path / "problems", admin_token="s3cret"),
    )
    app = FastAPI()
    app.state.services = services
    errors.install(app)
    app.include_router(router)
    app.include_router(admin)
    return TestClient(app, headers={"Authorization": "Bearer s3cret"})


def served_tests(api: TestClient, slug: str) -> list[tuple[str, str]]:
    problem = api.app.state.services.problems.get(slug)  # type: ignore[attr-defined]
    return [(t.input, t.expected) for t in problem.tests]


@pytest.mark.parametrize("method", ["post", "put"])
def test_the_admin_api_normalises_test_files_and_says_so(api: TestClient, method: str) -> None:
    if method == "post":
        response = api.post("/api/v1/admin/problems", json={"files": NATIVE})
    else:
        response = api.put("/api/v1/admin/problems/greet", json={"files": NATIVE})
    assert response.status_code in (200, 201), response.text
    assert named_files(response.json()["warnings"]) == {"tests/sample-1.in", "tests/sample-1.ans"}
    assert served_tests(api, "greet") == [("Ada Lovelace\n", "Hello, Ada Lovelace!\n")]
    stored = api.app.state.services.settings.problems_dir / "greet/tests/sample-1.in"  # type: ignore[attr-defined]
    assert stored.read_bytes() == b"Ada Lovelace\n"


@pytest.mark.parametrize("kind", ["kattis", "native"])
def test_a_zip_upload_normalises_test_files_and_says_so(
    api: TestClient, tmp_path: Path, kind: str
) -> None:
    if kind == "kattis":
        archive = zip_of(GREET, tmp_path / "greet-crlf.zip", prefix="greet-crlf/")
        expected, slug = NORMALISED, "greet-crlf"
    else:
        archive = zip_of(copied_by_hand(tmp_path), tmp_path / "greet.zip", prefix="greet/")
        expected, slug = {"tests/sample-1.in", "tests/sample-1.ans"}, "greet"
    with archive.open("rb") as f:
        response = api.post(
            "/api/v1/admin/problems/upload", files={"file": (archive.name, f, "application/zip")}
        )
    assert response.status_code == 201, response.text
    assert named_files(response.json()["warnings"]) == expected
    for test_input, answer in served_tests(api, slug):
        assert "\r" not in test_input + answer and BOM not in test_input + answer
    result = grading.judge(api.app.state.services.problems.get(slug), "python", GREET_PY)  # type: ignore[attr-defined]
    assert result.verdict is Verdict.ACCEPTED, result


def test_a_package_without_crlf_or_bom_imports_without_a_warning(tmp_path: Path) -> None:
    result = import_kattis(
        KATTIS / "different", tmp_path, measure=lambda folder: Measurement(100, "measured")
    )
    assert named_files(result.warnings) == set()


# --- the checkers: both sides ----------------------------------------------------------------

SPECS = [
    CheckerSpec("exact"),
    CheckerSpec("tokens"),
    CheckerSpec("tokens", {"space_change_sensitive": True}),
    CheckerSpec("tokens", {"case_sensitive": False}),
    CheckerSpec("float"),
    CheckerSpec("float", {"space_change_sensitive": True, "absolute": 0.5}),
    CheckerSpec("unordered"),
    CheckerSpec("unordered", {"depth": 2}),
    CheckerSpec("lines"),
    CheckerSpec("any"),
]


def windows(text: str) -> str:
    """``text`` as a Windows tool writes it: a BOM and CRLF."""
    return BOM + text.replace("\n", "\r\n")


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: f"{s.name}{s.options or ''}")
@pytest.mark.parametrize(
    ("expected", "actual"),
    [
        (windows("Hello, Ada!\n"), "Hello, Ada!\n"),  # an answer file with a BOM is matched
        ("Hello, Ada!\n", windows("Hello, Ada!\n")),  # a program's own \r\n is accepted
        ("1 2\n3\n", "1 2\r\n3\r\n"),
        ("1 2\n3\n", "1 2\r3\r"),  # lone CRs
        (windows("1.5\n2.5\n"), windows("1.5\n2.5\n")),
    ],
)
def test_every_checker_takes_crlf_and_a_bom_on_either_side(
    spec: CheckerSpec, expected: str, actual: str
) -> None:
    assert check(spec, expected, actual)


@pytest.mark.parametrize(
    "spec",
    [s for s in SPECS if s.name != "any"],  # "any" compares nothing: there is none to hide
    ids=lambda s: f"{s.name}{s.options or ''}",
)
def test_the_rule_does_not_hide_real_differences(spec: CheckerSpec) -> None:
    assert not check(spec, windows("Hello, Ada!\n"), "Hello, Bob!\n")
    assert not check(spec, "x\n", f"x{BOM}\n")  # only at the start is it a mark


def test_exact_still_sees_blank_lines_a_crlf_would_not_explain() -> None:
    assert not check(CheckerSpec("exact"), "a\nb\n", "a\r\n\r\nb\r\n")


TEXTS = st.lists(
    st.text(st.sampled_from("ab1.5 -\t\n\r"), max_size=12).map(lambda s: s.replace("\r", "")),
    max_size=4,
).map("\n".join)


@given(TEXTS, st.sampled_from(SPECS))
def test_crlf_and_bom_never_change_a_verdict(text: str, spec: CheckerSpec) -> None:
    """Property: for any LF text, the Windows spelling of it on either side (or both) gets
    the verdict the LF text gets against itself (accepted)."""
    assert check(spec, text, text)
    assert check(spec, windows(text), text) and check(spec, text, windows(text))
    assert check(spec, windows(text), windows(text))


@given(st.text(st.sampled_from(f"a \n\r{BOM}"), max_size=20))
def test_normalise_text_is_idempotent_and_leaves_no_cr(text: str) -> None:
    once = normalise_text(text)
    assert normalise_text(once) == once and "\r" not in once and not once.startswith(BOM)
    assert once.count("\n") == text.replace("\r\n", "\n").count("\n") + text.replace(
        "\r\n", ""
    ).count("\r")


def test_every_text_checker_is_covered() -> None:
    assert {s.name for s in SPECS} == set(CHECKERS)


def test_greet_package_is_not_modified_by_importing(tmp_path: Path) -> None:
    copy = tmp_path / "greet-crlf"
    shutil.copytree(GREET, copy)
    import_kattis(copy, tmp_path / "out")
    assert (copy / "data/sample/1.in").read_bytes() == (GREET / "data/sample/1.in").read_bytes()

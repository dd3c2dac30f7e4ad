"""What the registry's languages declare beyond compiling and running: other judges' spellings
of their files, the files they refuse, how a validator in them runs, and the tables elsewhere
that must stay the registry's (the benchmark's programs)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from codejudge.checkers.program import ValidatorProgram
from codejudge.judging import custom_checker
from codejudge.judging.harness import spec_json, wire_type
from codejudge.judging.measurement import language_of, skip_reason
from codejudge.languages import (
    EXTENSIONS,
    FOREIGN_EXTENSIONS,
    LANGUAGES,
    get_language,
    language_of_file,
)
from codejudge.models import Param, ProblemKind, Signature
from codejudge.sandbox import Sandbox, open_sandbox

ROOT = Path(__file__).resolve().parents[2]
PYTHON_2 = "language not supported: Python 2 (codejudge runs Python 3)"


def test_other_judges_spellings_are_declared_by_the_languages() -> None:
    """``.C`` (Kattis) and ``.c++`` (DOMjudge) are C++'s declaration, not a table elsewhere;
    a language's own extension comes first, and ``.C`` is not lower-cased into C."""
    declared = {e: x.id for x in LANGUAGES.values() for e in x.foreign_extensions}
    assert declared == FOREIGN_EXTENSIONS
    assert sum(len(x.foreign_extensions) for x in LANGUAGES.values()) == len(FOREIGN_EXTENSIONS)
    for extension, language in FOREIGN_EXTENSIONS.items():
        assert language_of_file(f"a{extension}") == EXTENSIONS.get(extension, language)
    assert {".C", ".c++"} <= set(get_language("cpp").foreign_extensions)
    assert language_of(Path("x/a.C")) == "cpp" and language_of(Path("a.CPP")) == "cpp"
    assert language_of(Path("a.c")) == "c" and language_of(Path("a.cob")) is None


@pytest.mark.parametrize(
    ("name", "source", "refused"),
    [
        ("old.py", "#!/usr/bin/python2\nprint 1\n", True),
        ("old.py", "#!/usr/bin/env python2.7\nprint 1\n", True),
        ("sol_py2.py", "print 1\n", True),
        ("sol-python2.py", "print 1\n", True),
        ("sol_py2.py", "#!/usr/bin/env python3\nprint(1)\n", False),
        ("sol_py3.py", "print(1)\n", False),
        ("sol.py", "print(1)\n", False),
    ],
)
def test_python_refuses_python_2(name: str, source: str, refused: bool) -> None:
    """The Python 2 check is Python's own declaration (``Language.refusal``)."""
    refusal = get_language("python").refusal
    assert refusal is not None
    why = refusal(name, source)
    assert (why == PYTHON_2) is refused


def test_a_refusal_is_the_measurements_skip_reason(tmp_path: Path) -> None:
    old = tmp_path / "old.py"
    old.write_text("#!/usr/bin/python2\nprint 1\n")
    assert skip_reason(old, "python") == PYTHON_2
    (tmp_path / "a.c").write_text("#!/usr/bin/python2\n")
    assert skip_reason(tmp_path / "a.c", "c") is None  # only Python declares the check
    assert skip_reason(tmp_path / "gone.py", "python") is None  # unreadable: judged (and fails)


def test_a_python_validator_runs_under_pythons_declared_interpreter() -> None:
    sandbox: Sandbox = open_sandbox()  # not started: a script needs no build
    program = ValidatorProgram.of({"validate.py": b"raise SystemExit(42)\n"})
    command, files = custom_checker.validator_command(program, sandbox)
    interpreter = get_language("python").interpreter
    assert interpreter and interpreter[0] == "/usr/bin/python3"
    assert command == [*interpreter, f"{custom_checker.CHECKER_DIR}/validate.py"]
    assert [f.path for f in files] == [f"{custom_checker.CHECKER_DIR}/validate.py"]


def test_the_drivers_get_each_type_parsed() -> None:
    """The spec gives the Python and JavaScript drivers each type as the vocabulary parsed it:
    they never parse ``T[]`` or ``list<T>`` themselves."""
    assert wire_type("integer") == {"leaf": "integer", "depth": 0}
    assert wire_type("list<integer[]>") == {"leaf": "integer", "depth": 2}
    assert wire_type("ListNode[]") == {"leaf": "ListNode", "depth": 1}
    with pytest.raises(ValueError, match="unknown type"):
        wire_type("set<integer>")
    signature = Signature("f", (Param("grid", "character[][]"), Param("k", "long")), "void", "grid")
    spec = spec_json(signature, 100).decode()
    assert '"params": [{"leaf": "character", "depth": 2}, {"leaf": "long", "depth": 0}]' in spec
    assert '"returns": null' in spec and '"inplace": 0' in spec


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_languages", ROOT / "bench/languages.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_benchmarks_programs_are_for_registry_languages() -> None:
    """bench/languages.py benches every function language of the registry; one it has no
    program for gets a row saying so, so its table may lag but never names a stranger."""
    function = {x.id for x in LANGUAGES.values() if ProblemKind.FUNCTION in x.kinds}
    assert set(_bench().SOLUTIONS) <= function

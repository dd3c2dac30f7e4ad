"""A problem's output validator as data (checkers/program.py)."""

from __future__ import annotations

from codejudge.checkers.program import SOURCE_LANGUAGES, ValidatorProgram
from codejudge.languages import EXTENSIONS, get_language


def test_validator_languages_are_the_registrys() -> None:
    """checkers/ is pure and may not import the registry, so it keeps its own table of the
    validator languages' extensions: it must be the registry's, restricted to them, and each
    must be a language the registry can build (``compiler``) or run (``interpreter``)."""
    languages = set(SOURCE_LANGUAGES.values())
    assert {e: x for e, x in EXTENSIONS.items() if x in languages} == SOURCE_LANGUAGES
    for language_id in languages:
        language = get_language(language_id)
        assert language.compiler or language.interpreter, language_id


def test_the_sources_are_the_files_in_its_language() -> None:
    files = {"b.cc": b"", "a.cpp": b"", "x.hpp": b"", "notes.txt": b"", "c.cxx": b""}
    assert ValidatorProgram.of(files).sources == ["a.cpp", "b.cc", "c.cxx"]
    assert ValidatorProgram.of({"v.c": b"", "v.h": b""}).sources == ["v.c"]

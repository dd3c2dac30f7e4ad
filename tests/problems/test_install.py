"""problems.install: names checked before the disk is touched, and what the disk refuses as
domain errors (the API's 422, 413 and 503), never an OSError."""

from __future__ import annotations

import errno
import zipfile
from pathlib import Path, PurePosixPath

import pytest

from codejudge.exceptions import ProblemFormatError, TooLarge, Unavailable
from codejudge.problems import load_problem
from codejudge.problems.install import (
    check_slug,
    disk_errors,
    extract_zip,
    safe_relative,
    shown,
    write_error,
    write_files,
)
from codejudge.problems.kattis import slug_of
from codejudge.problems.loader import MAX_SLUG_CHARS


@pytest.mark.parametrize(
    "name",
    ["problem.toml", "tests/sample-1.in", "a/b/c.txt", "./x", "x" * 255, "é" * 127, "w\\x.in"],
)
def test_names_a_file_system_holds_are_kept(name: str) -> None:
    assert safe_relative(name) == PurePosixPath(name.replace("\\", "/"))


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("", "names no file"),
        (".", "names no file"),
        ("/etc/passwd", "outside the package"),
        ("a/../../b", "outside the package"),
        ("c:/x", "outside the package"),
        ("a\x00b", "control characters"),
        ("a\tb", "control characters"),
        ("a\x7fb", "control characters"),
        ("\ud800.in", "not valid Unicode"),
        ("x" * 256, "over 255 bytes"),
        ("é" * 128, "over 255 bytes"),  # 256 bytes of UTF-8
        ("/".join(["d" * 250] * 5), "over 1024 bytes"),
    ],
)
def test_names_a_file_system_refuses_are_refused_naming_the_field(name: str, why: str) -> None:
    with pytest.raises(ProblemFormatError, match=why) as refused:
        safe_relative(name, "zip member")
    assert str(refused.value).startswith("zip member ")
    assert len(str(refused.value)) < 200  # a long name is not echoed whole


def test_slugs_are_at_most_100_characters() -> None:
    check_slug("a" * MAX_SLUG_CHARS)
    for bad, why in (("a" * 101, "at most 100 characters, not 101"), ("A-b", "lowercase")):
        with pytest.raises(ProblemFormatError, match=why):
            check_slug(bad)
    with pytest.raises(ProblemFormatError, match="at most 100"):
        slug_of("Z" * 101)
    assert shown("x" * 300).endswith("… (300 chars)")


def test_the_loader_refuses_a_long_slug(tmp_path: Path) -> None:
    slug = "a" * 101
    folder = tmp_path / slug
    write_files(
        {
            "problem.toml": f'slug = "{slug}"\ntitle = "T"\nkind = "stdio"\n',
            "statement.md": "# T\n",
            "tests/sample-1.in": "1\n",
            "tests/sample-1.ans": "1\n",
        },
        folder,
    )
    with pytest.raises(ProblemFormatError, match="at most 100 characters"):
        load_problem(folder)


def test_write_files_checks_every_name_before_writing(tmp_path: Path) -> None:
    with pytest.raises(ProblemFormatError, match="over 255 bytes"):
        write_files({"a.txt": "x", "b/" + "y" * 256: "z"}, tmp_path / "p")
    assert not (tmp_path / "p").exists()
    with pytest.raises(ProblemFormatError, match="not valid Unicode"):
        write_files({"a.txt": "\ud800"}, tmp_path / "q")


def test_a_file_and_a_folder_of_one_name_clash(tmp_path: Path) -> None:
    with pytest.raises(ProblemFormatError, match="file 'a/b': clashes with another"):
        write_files({"a": "x", "a/b": "y"}, tmp_path / "p")
    archive = tmp_path / "p.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("a", "x")
        zf.writestr("a/b", "y")
    (tmp_path / "out").mkdir()
    with pytest.raises(ProblemFormatError, match="zip member 'a/b': clashes"):
        extract_zip(archive, tmp_path / "out")


@pytest.mark.parametrize(
    ("code", "kind", "status_text"),
    [
        (errno.ENAMETOOLONG, ProblemFormatError, "refuses this name"),
        (errno.EEXIST, ProblemFormatError, "clashes"),
        (errno.ENOTDIR, ProblemFormatError, "clashes"),
        (errno.EFBIG, TooLarge, "file size limit"),
        (errno.ENOSPC, Unavailable, "cannot be written now"),
        (errno.EROFS, Unavailable, "cannot be written now"),
        (errno.EACCES, Unavailable, "cannot be written now"),
    ],
)
def test_what_the_disk_refuses_is_a_domain_error(
    code: int, kind: type[Exception], status_text: str
) -> None:
    error = write_error(OSError(code, "refused"), "file 'x'")
    assert isinstance(error, kind) and status_text in str(error)
    if isinstance(error, Unavailable):
        assert error.retry_after


def test_disk_errors_maps_what_escapes_staging(tmp_path: Path) -> None:
    with pytest.raises(Unavailable, match="No space left on device"), disk_errors():
        raise OSError(errno.ENOSPC, "No space left on device")
    with pytest.raises(ProblemFormatError, match="'long-name'"), disk_errors():
        raise OSError(errno.ENAMETOOLONG, "File name too long", str(tmp_path / "long-name"))
    with pytest.raises(Unavailable), disk_errors():  # a problems folder that is a file
        (tmp_path / "file").write_text("x")
        (tmp_path / "file" / "stage").mkdir()

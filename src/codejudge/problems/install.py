"""Putting packages into the data dir safely: zip extraction, file maps, atomic installs.

Everything written comes from users (an upload, a zip), so: no absolute paths, no ``..``, no
symlinks, no name a file system refuses (control characters, a component over 255 bytes), size
and count caps, and a package appears in ``problems/`` only once complete (it is staged in a
dot-folder, which the loader ignores, then renamed into place). Names are checked before
anything touches the disk; what the disk still refuses is a domain error (``write_error``,
``disk_errors``), never an ``OSError`` for the API to answer with a 500.
"""

from __future__ import annotations

import errno
import shutil
import stat
import tempfile
import tomllib
import zipfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from codejudge.exceptions import (
    CodejudgeError,
    NotFound,
    ProblemFormatError,
    TooLarge,
    Unavailable,
)
from codejudge.problems.loader import load_problem, slug_problem

# A file name (one path component) on Linux file systems (NAME_MAX), and a package's relative
# path, far inside PATH_MAX (4096) under any data dir.
NAME_MAX_BYTES = 255
PATH_MAX_BYTES = 1024
# Errors of a name the package chose, when writing it: too long for the file system, not
# encodable, or clashing with another of its files or folders ("a" and "a/b").
_NAME_ERRORS = frozenset({errno.ENAMETOOLONG, errno.EILSEQ, errno.EINVAL})
_CLASH_ERRORS = frozenset({errno.EEXIST, errno.ENOTDIR, errno.EISDIR})
# How long a client should wait before retrying when the disk refuses (full, read-only).
RETRY_AFTER_S = 30


@dataclass(frozen=True, slots=True)
class Caps:
    """How much an upload may unpack to."""

    total_bytes: int = 512 * 1024 * 1024
    file_bytes: int = 256 * 1024 * 1024
    files: int = 20_000


DEFAULT_CAPS = Caps()


def safe_relative(name: str, what: str = "file") -> PurePosixPath:
    """``name`` as a relative path that stays inside its folder and that every Linux file
    system can hold; raises ``ProblemFormatError`` naming ``what`` (``file``, ``zip member``)
    and why."""
    path = PurePosixPath(name.replace("\\", "/"))
    why = _path_problem(name, path)
    if why is not None:
        raise ProblemFormatError(f"{what} {shown(name)}: {why}")
    return path


def _path_problem(name: str, path: PurePosixPath) -> str | None:
    if not path.parts:
        return "names no file"
    if path.is_absolute() or ".." in path.parts or ":" in path.parts[0]:
        return "refusing a path outside the package"
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in name):
        return "a file name cannot hold control characters"
    try:
        parts = [part.encode() for part in path.parts]
    except UnicodeEncodeError:  # a lone surrogate (JSON "\\ud800")
        return "is not valid Unicode"
    if any(len(part) > NAME_MAX_BYTES for part in parts):
        return f"a file or folder name is over {NAME_MAX_BYTES} bytes"
    if sum(map(len, parts)) + len(parts) > PATH_MAX_BYTES:
        return f"the path is over {PATH_MAX_BYTES} bytes"
    return None


def shown(name: str, chars: int = 60) -> str:
    """A user's name in a message: quoted, and cut if long (a 300-letter slug need not be
    echoed whole)."""
    return repr(name) if len(name) <= chars else repr(name[:chars]) + f"… ({len(name)} chars)"


def write_error(error: OSError, what: str) -> CodejudgeError:
    """What the disk refusing to write the package's ``what`` (``file 'tests/x.in'``) means:
    a name the file system refuses or that clashes with another of the package's (422), a
    file over the server's file size limit (413), else the server's disk (503)."""
    reason = error.strerror or type(error).__name__
    if error.errno in _NAME_ERRORS:
        return ProblemFormatError(f"{what}: the file system refuses this name ({reason})")
    if error.errno in _CLASH_ERRORS:
        return ProblemFormatError(f"{what}: clashes with another file or folder ({reason})")
    if error.errno == errno.EFBIG:
        return TooLarge(f"{what}: over this server's file size limit")
    return disk_unavailable(error)


def disk_unavailable(error: OSError) -> Unavailable:
    reason = error.strerror or type(error).__name__
    return Unavailable(
        f"the problems folder cannot be written now ({reason}); retry later",
        retry_after=RETRY_AFTER_S,
    )


@contextmanager
def disk_errors() -> Iterator[None]:
    """Any ``OSError`` inside (staging, unpacking, converting, installing a package) as a
    domain error: a name the file system refuses (one the package derived, e.g. a Kattis
    test group joined to a file name) is 422, a file over the server's size limit 413, any
    other (a full or read-only disk, a problems folder that is not one) 503."""
    try:
        yield
    except OSError as e:
        if e.errno in _NAME_ERRORS or e.errno == errno.EFBIG:
            named = f" {shown(Path(str(e.filename)).name)}" if e.filename else ""
            raise write_error(e, f"a file of the package{named}") from e
        raise disk_unavailable(e) from e


def extract_zip(archive: Path, dest: Path, caps: Caps = DEFAULT_CAPS) -> None:
    """Unpack ``archive`` into the folder ``dest`` (which must exist), refusing path
    traversal, symlinks and anything over ``caps`` (checked on the bytes really written, not
    only on what the zip declares)."""
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as e:
        raise ProblemFormatError(f"{archive.name}: not a readable zip file ({e})") from e
    with zf:
        entries = zf.infolist()
        if len(entries) > caps.files:
            raise ProblemFormatError(f"{archive.name}: more than {caps.files} entries")
        budget = caps.total_bytes
        for info in entries:
            budget -= _extract_one(zf, info, dest, caps, budget)


def _extract_one(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, dest: Path, caps: Caps, budget: int
) -> int:
    relative = safe_relative(info.filename, "zip member")
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise ProblemFormatError(f"{info.filename!r}: refusing a symlink in the archive")
    target = dest.joinpath(*relative.parts)
    what = f"zip member {shown(info.filename)}"
    limit = min(caps.file_bytes, budget)
    if info.file_size > limit:
        raise ProblemFormatError(f"{what}: too large to unpack (limit {limit} bytes)")
    try:
        if info.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            return 0
        target.parent.mkdir(parents=True, exist_ok=True)
        return _unpack(zf, info, target, limit, what)
    except OSError as e:
        raise write_error(e, what) from e


def _unpack(zf: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, limit: int, what: str) -> int:
    written = 0
    with zf.open(info) as src, target.open("xb") as out:
        while chunk := src.read(1024 * 1024):
            written += len(chunk)
            if written > limit:
                raise ProblemFormatError(f"{what}: unpacks beyond {limit} bytes")
            out.write(chunk)
    return written


def write_files(files: Mapping[str, str | bytes], dest: Path, caps: Caps = DEFAULT_CAPS) -> None:
    """Write a package given as relative path -> content into ``dest``; every name is checked
    (``safe_relative``) before anything is written."""
    if len(files) > caps.files:
        raise ProblemFormatError(f"more than {caps.files} files")
    targets = {name: dest.joinpath(*safe_relative(name).parts) for name in files}
    total = 0
    for name, content in files.items():
        what = f"file {shown(name)}"
        try:
            data = content.encode() if isinstance(content, str) else content
        except UnicodeEncodeError as e:  # a lone surrogate (JSON "\\ud800")
            raise ProblemFormatError(f"{what}: its text is not valid Unicode") from e
        total += len(data)
        if total > caps.total_bytes:
            raise ProblemFormatError(f"the package is over {caps.total_bytes} bytes")
        try:
            targets[name].parent.mkdir(parents=True, exist_ok=True)
            targets[name].write_bytes(data)
        except OSError as e:
            raise write_error(e, what) from e


def slug_in(files: Mapping[str, str]) -> str:
    """The slug a package given as its files declares in its ``problem.toml``."""
    try:
        meta = tomllib.loads(files.get("problem.toml", ""))
    except tomllib.TOMLDecodeError as e:
        raise ProblemFormatError(f"problem.toml is not valid TOML: {e}") from e
    slug = meta.get("slug")
    if not isinstance(slug, str):
        raise ProblemFormatError("files must hold a problem.toml with slug = '...'")
    check_slug(slug)
    return slug


def package_root(folder: Path, marker: str) -> Path:
    """The folder holding ``marker`` (problem.toml, problem.yaml): ``folder`` itself or its
    only sub-folder (a zip of the package folder)."""
    if (folder / marker).is_file():
        return folder
    subs = [p for p in folder.iterdir() if p.is_dir() and not p.name.startswith((".", "__"))]
    if len(subs) == 1 and (subs[0] / marker).is_file():
        return subs[0]
    raise ProblemFormatError(f"{folder.name}: no {marker} at the top or in a single folder")


@contextmanager
def staging(problems_dir: Path) -> Iterator[Path]:
    """A fresh dot-folder inside ``problems_dir`` (same file system, so the final rename is
    atomic); removed on the way out unless it was installed."""
    problems_dir.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=".staging-", dir=problems_dir))
    try:
        yield stage
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def install(staged: Path, problems_dir: Path, slug: str, *, replace: bool = False) -> Path:
    """Move the package folder ``staged`` to ``problems_dir/slug`` after loading it once (so a
    broken package never lands). An existing one is replaced only with ``replace``."""
    check_slug(slug)
    if staged.name != slug:
        named = staged.parent / slug
        staged.rename(named)
        staged = named
    load_problem(staged)
    final = problems_dir / slug
    if final.exists():
        if not replace:
            raise ProblemFormatError(f"problem {slug!r} already exists; pass replace to overwrite")
        trash = Path(tempfile.mkdtemp(prefix=".trash-", dir=problems_dir))
        final.rename(trash / slug)
        staged.rename(final)
        shutil.rmtree(trash, ignore_errors=True)
    else:
        staged.rename(final)
    return final


def remove(problems_dir: Path, slug: str) -> None:
    """Delete the data-dir problem ``slug``."""
    check_slug(slug)
    folder = problems_dir / slug
    if not folder.is_dir():
        raise NotFound(f"problem {slug!r} is not in the data dir")
    with disk_errors():
        trash = Path(tempfile.mkdtemp(prefix=".trash-", dir=problems_dir))
        folder.rename(trash / slug)
    shutil.rmtree(trash, ignore_errors=True)


def check_slug(slug: str) -> None:
    """Raise ``ProblemFormatError`` naming the slug unless it is one (``loader.slug_problem``):
    done before a slug becomes a folder name."""
    why = slug_problem(slug)
    if why is not None:
        raise ProblemFormatError(f"slug {shown(slug)} {why}")

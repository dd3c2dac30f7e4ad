"""Putting packages into the data dir safely: zip extraction, file maps, atomic installs.

Everything written comes from users (an upload, a zip), so: no absolute paths, no ``..``, no
symlinks, size and count caps, and a package appears in ``problems/`` only once complete (it is
staged in a dot-folder, which the loader ignores, then renamed into place).
"""

from __future__ import annotations

import shutil
import stat
import tempfile
import tomllib
import zipfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from codejudge.exceptions import NotFound, ProblemFormatError
from codejudge.problems.loader import SLUG_RE, load_problem


@dataclass(frozen=True, slots=True)
class Caps:
    """How much an upload may unpack to."""

    total_bytes: int = 512 * 1024 * 1024
    file_bytes: int = 256 * 1024 * 1024
    files: int = 20_000


DEFAULT_CAPS = Caps()


def safe_relative(name: str) -> PurePosixPath:
    """``name`` as a relative path that stays inside its folder; raises ``ProblemFormatError``."""
    path = PurePosixPath(name.replace("\\", "/"))
    if not name or path.is_absolute() or ".." in path.parts or ":" in path.parts[0]:
        raise ProblemFormatError(f"{name!r}: refusing a path outside the package")
    return path


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
    relative = safe_relative(info.filename)
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise ProblemFormatError(f"{info.filename!r}: refusing a symlink in the archive")
    target = dest.joinpath(*relative.parts)
    if info.is_dir():
        target.mkdir(parents=True, exist_ok=True)
        return 0
    limit = min(caps.file_bytes, budget)
    if info.file_size > limit:
        raise ProblemFormatError(f"{info.filename!r}: too large to unpack (limit {limit} bytes)")
    target.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with zf.open(info) as src, target.open("xb") as out:
        while chunk := src.read(1024 * 1024):
            written += len(chunk)
            if written > limit:
                raise ProblemFormatError(f"{info.filename!r}: unpacks beyond {limit} bytes")
            out.write(chunk)
    return written


def write_files(files: Mapping[str, str | bytes], dest: Path, caps: Caps = DEFAULT_CAPS) -> None:
    """Write a package given as relative path -> content into ``dest``."""
    if len(files) > caps.files:
        raise ProblemFormatError(f"more than {caps.files} files")
    total = 0
    for name, content in files.items():
        data = content.encode() if isinstance(content, str) else content
        total += len(data)
        if total > caps.total_bytes:
            raise ProblemFormatError(f"the package is over {caps.total_bytes} bytes")
        target = dest.joinpath(*safe_relative(name).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


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
    trash = Path(tempfile.mkdtemp(prefix=".trash-", dir=problems_dir))
    folder.rename(trash / slug)
    shutil.rmtree(trash, ignore_errors=True)


def check_slug(slug: str) -> None:
    if not SLUG_RE.fullmatch(slug):
        raise ProblemFormatError(f"slug {slug!r} must be lowercase words joined by '-'")

"""The sandbox's C helpers, built once per machine with the system C compiler: the spawner
(``spawn.c``) and the gate of pre-started boxes (``gate.c``).

The spawner runs as root before it drops privileges, so helpers are built into a directory
that only the judge's own uid can write (checked, not assumed), under a name derived from the
source's hash: a changed source gets a new binary, and concurrent builders each rename a
complete file into place.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import stat
import subprocess
import tempfile
from functools import cache
from pathlib import Path

log = logging.getLogger(__name__)


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "codejudge"


def spawner_path() -> str | None:
    """The built spawner's path, building it if needed; None (logged) if it cannot be built."""
    return helper_path("spawn.c", "cjspawn", "the sandbox spawner")


def gate_path() -> str | None:
    """The built gate's path (see ``gate.c``); None (logged) if it cannot be built."""
    # Dynamic (16 KB, not 750): it is copied into every pre-started box, and its loading
    # happens while the box is set up, before the run.
    return helper_path("gate.c", "cjgate", "the pre-started box gate", static=False)


@cache
def helper_path(source_name: str, name: str, what: str, static: bool = True) -> str | None:
    source = Path(__file__).with_name(source_name).read_bytes()
    directory = cache_dir()
    digest = hashlib.sha256(source + (b"static" if static else b"")).hexdigest()[:16]
    binary = directory / f"{name}-{digest}"
    try:
        _private_dir(directory)
        if not binary.exists():
            _build(source, binary, static)
        _check_owned(binary)
    except (OSError, subprocess.SubprocessError) as e:
        log.error("cannot build %s (%s): starting boxes the slower way", what, e)
        return None
    return str(binary)


def _build(source: bytes, binary: Path, static: bool) -> None:
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        raise OSError("no C compiler (apt-get install gcc libc6-dev)")
    with tempfile.TemporaryDirectory(dir=binary.parent) as tmp:
        src, out = Path(tmp, "helper.c"), Path(tmp, "helper")
        src.write_bytes(source)
        # Static: no dynamic loader work at every box start (it saves about half a millisecond).
        for extra in (["-static"], []) if static else ([],):
            cmd = [compiler, "-O2", "-Wall", *extra, "-o", str(out), str(src)]
            done = subprocess.run(cmd, capture_output=True, timeout=60, check=False)
            if done.returncode == 0:
                break
        else:
            raise OSError(f"cc failed: {done.stderr.decode(errors='replace')[-500:]}")
        os.chmod(out, 0o755)
        os.replace(out, binary)


def _private_dir(directory: Path) -> None:
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    _check_owned(directory)


def _check_owned(path: Path) -> None:
    info = os.lstat(path)
    if info.st_uid != os.geteuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise OSError(f"{path} is not owned by us or is writable by others")

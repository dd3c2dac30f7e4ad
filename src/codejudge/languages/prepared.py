"""The read-only things prepared once per host for the toolchains (a precompiled header, a Go
build cache, Rust rlibs: each language module prepares its own), and how they are published.

Prepared on the host (trusted code, no submission involved) into ``TOOLCHAIN_DIR`` — by
``scripts/install-toolchains.sh`` (``python -m codejudge.languages prepare``), or lazily by the
first compile (``Language.prepare``) — and mounted read-only into the boxes that need them.
Nothing a box writes ever comes back here. Nothing is fetched: the libraries come from Debian
and npm packages the install script installed (``Language.debian``, ``Language.npm``).
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

log = logging.getLogger(__name__)

# Inside the virtualenv: readable by the boxes' uid, writable by whoever installed codejudge,
# and gone with the venv. Not under /root or a home dir the boxes' uid cannot traverse.
TOOLCHAIN_DIR = Path(sys.prefix) / "var" / "codejudge-toolchains"


def publish(target: Path, build: Callable[[Path], None]) -> None:
    """Build into a fresh sibling folder, then rename it into place (atomic; a concurrent
    builder's result wins harmlessly)."""
    if target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        build(staging)
        staging.chmod(0o755)
        os.rename(staging, target)
    except OSError:
        if not target.exists():
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def run_tool(argv: list[str], **kwargs: object) -> None:
    subprocess.run(argv, check=True, capture_output=True, timeout=600, **kwargs)  # type: ignore[call-overload]


def readable(folder: Path) -> None:
    """Everything under ``folder`` readable (and folders enterable) by the boxes' uid."""
    for path in folder.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)


def safely(what: str, prepare: Callable[[], None]) -> None:
    try:
        prepare()
    except (OSError, subprocess.SubprocessError) as e:
        # The language's self-test then fails and the worker disables it, saying why.
        log.error("cannot prepare the %s in %s: %s", what, TOOLCHAIN_DIR, e)


def remove_stale(current: Iterable[Path]) -> None:
    """Delete the prepared folders of earlier versions (a PCH of another compiler build, a Go
    cache without gods): every folder of ``TOOLCHAIN_DIR`` no language declares now. Run at
    install, never while judging, when no judge of the old version can still be mounting them
    (a builder's hidden staging folder is left alone)."""
    keep = {path.name for path in current}
    for path in TOOLCHAIN_DIR.glob("*"):
        if path.name not in keep and path.is_dir():
            log.info("removing the stale %s", path)
            shutil.rmtree(path, ignore_errors=True)

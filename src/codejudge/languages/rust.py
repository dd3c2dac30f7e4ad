"""Rust (rustc, edition 2021, no cargo): LeetCode's ``impl Solution { pub fn two_sum(...) }``
with ``Solution``, ``ListNode`` and ``TreeNode`` predefined, and LeetCode's crates (rand, regex)
built once from Debian's crate sources (``prepare``)."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

from codejudge.languages.base import (
    STACK_GUARD,
    STACK_GUARD_ERROR,
    Debian,
    DiagnosticFormat,
    SelfTest,
    compile_limits,
    read_driver,
)
from codejudge.languages.native import STACK_GUARD_FILES, Native
from codejudge.languages.prepared import TOOLCHAIN_DIR, publish, readable, run_tool, safely
from codejudge.languages.spelling import (
    TypeSpec,
    nested,
    node_docs,
    parse_type,
    returns,
    snake_case,
)
from codejudge.models import Signature
from codejudge.models.run import RoBind

RUST_SYSROOT = TOOLCHAIN_DIR / "rust"
RUST_CRATES = TOOLCHAIN_DIR / "rust-crates"
# Debian's librust-*-dev crate sources (a directory source cargo can build from offline).
CARGO_REGISTRY = Path("/usr/share/cargo/registry")
# LeetCode's Rust crates: compiled once into rlibs, passed to rustc with --extern.
RUST_EXTERN = ("rand", "regex")
RUSTC = "/opt/rust/bin/rustc"
_CRATES = "/opt/rust-crates"
# LeetCode's crates (rand, regex), prebuilt (prepare_rust_crates): rustc loads one
# only when the code uses it, so a program that does not pays nothing.
_EXTERN = " ".join(f"--extern {n}={_CRATES}/extern/lib{n}.rlib" for n in RUST_EXTERN)
# strip=symbols: a tenth of the size (4.3 MB -> 0.35 MB), copied into every run box.
_FLAGS = (
    "--edition 2021 -O -C linker=gcc -C debuginfo=0 -C strip=symbols --cfg online_judge "
    f"-A warnings {_EXTERN} -L dependency={_CRATES}/deps"
)
# The C stack guard (drivers/stack_guard.c) is linked in: its SIGSEGV handler, installed
# before Rust's runtime starts (which then keeps it), names an overflow of the main thread's
# stack on the stderr the program started with, also once a function driver has pointed fd 2
# at its capture of the program's prints (Rust's own message would land there, unseen).
# Messages as JSON (judging/diagnostics.py shows their ``rendered`` text, as rustc prints it).
_COMPILE = (
    f"gcc -O2 -c -w -o /tmp/cj_guard.o {STACK_GUARD} && "
    f"{RUSTC} {_FLAGS} --error-format=json -C link-arg=/tmp/cj_guard.o -o /tmp/main "
    "solution.rs 1>&2 && exec cat /tmp/main"
)
# Each JSON message repeats its error code's explanation (up to a few KiB): room for as many
# messages as rustc's own 64 KiB of text would hold.
_COMPILE_LIMITS = dataclasses.replace(compile_limits(), stderr_bytes=1024 * 1024)


_TYPES = {"integer": "i32", "long": "i64", "double": "f64", "boolean": "bool",
          "string": "String", "character": "char", "ListNode": "Option<Box<ListNode>>",
          "TreeNode": "Option<Rc<RefCell<TreeNode>>>"}  # fmt: skip
_NODE_DOCS = {
    "ListNode": "// pub struct ListNode { pub val: i32, pub next: Option<Box<ListNode>> }\n",
    "TreeNode": "// pub struct TreeNode {\n//   pub val: i32,\n"
    "//   pub left: Option<Rc<RefCell<TreeNode>>>,\n"
    "//   pub right: Option<Rc<RefCell<TreeNode>>>,\n// }\nuse std::rc::Rc;\n"
    "use std::cell::RefCell;\n",
}
# LeetCode's Rust signatures that keep the camelCase name (its own quirks, kept so that a
# solution pasted from there compiles here).
_AS_IS = frozenset({"hammingWeight"})


def rust_function(name: str) -> str:
    """The Rust method name LeetCode gives the function ``name`` (Go and C keep ``name``)."""
    return name if name in _AS_IS else snake_case(name)


def spell(t: TypeSpec) -> str:
    return nested(t, _TYPES, "Vec<{}>")


def starter(signature: Signature) -> str:
    def param(name: str, t: TypeSpec) -> str:
        mutable = "&mut " if name == signature.inplace else ""
        return f"{snake_case(name)}: {mutable}{spell(t)}"

    params = ", ".join(param(p.name, parse_type(p.type)) for p in signature.params)
    result = returns(signature, spell, "")
    result = f" -> {result}" if result else ""
    return (
        f"{node_docs(signature, _NODE_DOCS)}impl {signature.class_name} {{\n"
        f"    pub fn {rust_function(signature.function)}({params}){result} {{\n"
        "        \n    }\n}\n"
    )


def function_files(signature: Signature, code: str) -> dict[str, str]:
    # The answer and an in-place argument are never dropped (ManuallyDrop, also when a panic
    # unwinds): dropping a 10^6-node list is a recursion 10^6 deep (Box's drop), and a cyclic
    # one (unsafe code) would be freed twice; the process ends soon anyway.
    lines = ["fn cj_call(a: &[cj::J]) -> String {"]
    names = [p.name for p in signature.params]
    for n, param in enumerate(signature.params):
        rendered = spell(parse_type(param.type))
        value = f"cj::FromJ::from_j(&a[{n}])"
        if names[n] == signature.inplace:
            value = f"std::mem::ManuallyDrop::new({value})"
            rendered = f"std::mem::ManuallyDrop<{rendered}>"
        lines.append(f"    let mut p{n}: {rendered} = {value};")
    args = ", ".join(
        f"&mut p{n}" if name == signature.inplace else f"p{n}" for n, name in enumerate(names)
    )
    call = f"Solution::{rust_function(signature.function)}({args})"
    out = f"p{names.index(signature.inplace or '')}" if signature.returns == "void" else "r"
    lines += [f"    let r = std::mem::ManuallyDrop::new({call});", "    let mut o = String::new();",
              f"    cj::ToJ::to_j(&*{out}, &mut o);", "    let _ = r;", "    o", "}"]  # fmt: skip
    # The user's code first, so its line numbers are the compiler's.
    return {"solution.rs": code + "\n" + read_driver("rust_driver.rs") + "\n".join(lines) + "\n"}


@cache
def prepare_rust() -> None:
    """A box-visible copy (hard links, no space) of the rustc toolchain, when rustup put it
    under a home dir the boxes cannot enter."""

    def build(folder: Path) -> None:
        sysroot = Path(subprocess.run(["rustc", "--print", "sysroot"], capture_output=True,
                                      text=True, check=True).stdout.strip())  # fmt: skip
        for part in ("bin", "lib", "libexec"):
            if (sysroot / part).exists():
                run_tool(["cp", "-al", str(sysroot / part), str(folder / part)])

    safely("Rust toolchain link", lambda: publish(RUST_SYSROOT, build))


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
            run_tool([_cargo(), "build", "--release", "--offline", "--quiet"], cwd=project, env=env)
            built = project / "t" / "release" / "deps"
            (folder / "deps").mkdir()
            (folder / "extern").mkdir()
            for rlib in built.glob("*.rlib"):
                if not rlib.name.startswith("libcj_crates-"):
                    shutil.copy(rlib, folder / "deps" / rlib.name)
            for name in RUST_EXTERN:
                (rlib,) = built.glob(f"lib{name}-*.rlib")
                shutil.copy(rlib, folder / "extern" / f"lib{name}.rlib")
        readable(folder)

    prepare_rust()
    safely("Rust crates", lambda: publish(RUST_CRATES, build))


def _cargo() -> str:
    """cargo on the PATH (rustup's, or Debian's package ``cargo``)."""
    beside = shutil.which("cargo")
    if beside is None:
        raise FileNotFoundError("cargo not found (Debian package cargo)")
    return beside


def prepare() -> None:
    prepare_rust()
    prepare_rust_crates()


LANGUAGE = Native(
    id="rust",
    name="Rust (rustc, edition 2021)",
    order=7,
    extensions=(".rs",),
    source_file="solution.rs",
    compile=("/bin/sh", "-c", _COMPILE),
    compile_limits=_COMPILE_LIMITS,
    diagnostics=(DiagnosticFormat.RUSTC_JSON,),
    version=("rustc", "--version"),
    function_files=function_files,
    starter=starter,
    mounts=(
        RoBind(str(RUST_SYSROOT), "/opt/rust", optional=True),
        RoBind(str(RUST_CRATES), _CRATES, optional=True),
    ),
    prepare=prepare,
    toolchain_dirs=(RUST_SYSROOT, RUST_CRATES),
    debian=(
        Debian("rustc", "rustc"),
        Debian("cargo", "cargo"),  # builds the rand/regex rlibs, offline
        Debian("librust-rand-dev", f"{CARGO_REGISTRY}/rand-0.*"),
        Debian("librust-regex-dev", f"{CARGO_REGISTRY}/regex-1.*"),
    ),
    memory_errors=("memory allocation of",),
    # std's own handler on the main thread's guard page (its stack is RLIMIT_STACK's).
    support_files=STACK_GUARD_FILES,
    stack_errors=(STACK_GUARD_ERROR, "has overflowed its stack"),
    # std's hint under a panic: the user cannot set the environment of a judged run.
    trace_noise=(r"note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace",),
    selftest=SelfTest(
        stdio_code=(
            "use std::io::Read;\nfn main() {\n    let mut s = String::new();\n"
            "    std::io::stdin().read_to_string(&mut s).unwrap();\n"
            "    let v: Vec<i64> = s.split_whitespace().map(|x| x.parse().unwrap()).collect();\n"
            '    println!("{}", v[0] + v[1]);\n}\n'
        ),
        stdio_input="2 3\n",
        stdio_output="5",
        function_code=(
            "impl Solution {\n    pub fn add(a: i32, b: i32) -> i32 {\n"
            '        println!("debug output is fine");\n        a + b\n    }\n}\n'
        ),
    ),
)

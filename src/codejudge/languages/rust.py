"""Rust (rustc, edition 2021, no cargo): LeetCode's ``impl Solution { pub fn two_sum(...) }``
with ``Solution``, ``ListNode`` and ``TreeNode`` predefined."""

from codejudge.languages import starters, toolchains, types
from codejudge.languages.base import (
    STACK_GUARD,
    STACK_GUARD_ERROR,
    STDOUT_LIMIT,
    Language,
    SelfTest,
    read_driver,
)
from codejudge.models import Signature
from codejudge.models.run import CHANNEL_FD, RoBind

RUSTC = "/opt/rust/bin/rustc"
_CRATES = "/opt/rust-crates"
# LeetCode's crates (rand, regex), prebuilt (toolchains.prepare_rust_crates): rustc loads one
# only when the code uses it, so a program that does not pays nothing.
_EXTERN = " ".join(f"--extern {n}={_CRATES}/extern/lib{n}.rlib" for n in toolchains.RUST_EXTERN)
# strip=symbols: a tenth of the size (4.3 MB -> 0.35 MB), copied into every run box.
_FLAGS = (
    "--edition 2021 -O -C linker=gcc -C debuginfo=0 -C strip=symbols --cfg online_judge "
    f"-A warnings {_EXTERN} -L dependency={_CRATES}/deps"
)
# The C stack guard (drivers/stack_guard.c) is linked in: its SIGSEGV handler, installed
# before Rust's runtime starts (which then keeps it), names an overflow of the main thread's
# stack on the stderr the program started with, also once a function driver has pointed fd 2
# at its capture of the program's prints (Rust's own message would land there, unseen).
_COMPILE = (
    f"gcc -O2 -c -w -o /tmp/cj_guard.o {STACK_GUARD} && "
    f"{RUSTC} {_FLAGS} -C link-arg=/tmp/cj_guard.o -o /tmp/main solution.rs 1>&2 "
    "&& exec cat /tmp/main"
)


def function_files(signature: Signature, code: str) -> dict[str, str]:
    # The answer and an in-place argument are never dropped (ManuallyDrop, also when a panic
    # unwinds): dropping a 10^6-node list is a recursion 10^6 deep (Box's drop), and a cyclic
    # one (unsafe code) would be freed twice; the process ends soon anyway.
    lines = ["fn cj_call(a: &[cj::J]) -> String {"]
    names = [p.name for p in signature.params]
    for n, param in enumerate(signature.params):
        rendered = types.rust(types.parse(param.type))
        value = f"cj::FromJ::from_j(&a[{n}])"
        if names[n] == signature.inplace:
            value = f"std::mem::ManuallyDrop::new({value})"
            rendered = f"std::mem::ManuallyDrop<{rendered}>"
        lines.append(f"    let mut p{n}: {rendered} = {value};")
    args = ", ".join(
        f"&mut p{n}" if name == signature.inplace else f"p{n}" for n, name in enumerate(names)
    )
    call = f"Solution::{types.rust_function(signature.function)}({args})"
    out = f"p{names.index(signature.inplace or '')}" if signature.returns == "void" else "r"
    lines += [f"    let r = std::mem::ManuallyDrop::new({call});", "    let mut o = String::new();",
              f"    cj::ToJ::to_j(&*{out}, &mut o);", "    let _ = r;", "    o", "}"]  # fmt: skip
    # The user's code first, so its line numbers are the compiler's.
    return {"solution.rs": code + "\n" + read_driver("rust_driver.rs") + "\n".join(lines) + "\n"}


RUST = Language(
    id="rust",
    name="Rust (rustc, edition 2021)",
    source_file="solution.rs",
    compile=("/bin/sh", "-c", _COMPILE),
    artifact="main",
    artifact_mode=0o555,
    run=("/box/main",),
    version=("rustc", "--version"),
    function_files=function_files,
    function_run=("/box/main", CHANNEL_FD, STDOUT_LIMIT),
    function_types=starters.ALL_TYPES,
    starter=starters.rust,
    mounts=(
        RoBind(str(toolchains.RUST_SYSROOT), "/opt/rust", optional=True),
        RoBind(str(toolchains.RUST_CRATES), _CRATES, optional=True),
    ),
    prepare=toolchains.prepare_rust_all,
    memory_errors=("memory allocation of",),
    # std's own handler on the main thread's guard page (its stack is RLIMIT_STACK's).
    support_files=((STACK_GUARD, read_driver("stack_guard.c")),),
    stack_errors=(STACK_GUARD_ERROR, "has overflowed its stack"),
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

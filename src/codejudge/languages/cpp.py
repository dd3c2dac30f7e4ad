"""C++23 (clang 19), as LeetCode compiles it: ``class Solution``, with bits/stdc++.h and
``using namespace std``. The standard library's bits/stdc++.h comes precompiled (``prepare``)."""

from __future__ import annotations

import dataclasses
import hashlib
from functools import cache
from pathlib import Path

from codejudge.languages.base import (
    STACK_GUARD,
    Debian,
    SelfTest,
    compile_limits,
    read_driver,
)
from codejudge.languages.native import CFamily
from codejudge.languages.prepared import TOOLCHAIN_DIR, publish, run_tool, safely
from codejudge.languages.spelling import TypeSpec, nested, node_docs, parse_type, returns
from codejudge.models import Signature
from codejudge.models.run import RoBind

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
_PCH = f"/opt/pch/{PCH_NAME}"
# The program leaves the compile box on stdout; compiler messages go to stderr.
# A function problem's prelude (bits/stdc++.h, using namespace std, ListNode, TreeNode) is a
# header of its own, put before solution.cpp by -include: solution.cpp is the user's code from
# its line 1, so the compiler's line numbers and the source lines it quotes are the user's.
# A source that includes bits/stdc++.h (every function problem's prelude does) gets it
# precompiled: -include-pch puts it first, which is where LeetCode code has it. Other stdio
# programs see only what they include (the whole library declared up front would clash with
# names such as y1 or j0).
_COMPILE = (
    "pre=; pch=; if [ -f prelude.hpp ]; then pre='-include prelude.hpp'; fi; "
    f"if [ -r {_PCH} ] && grep -qs 'bits/stdc++\\.h' solution.cpp prelude.hpp; then "
    f"pch='-include-pch {_PCH}'; fi; "
    f"{' '.join((CXX, *CPP_FLAGS))} $pch $pre -ferror-limit=20 -o /tmp/main "
    f"solution.cpp -x c++ {STACK_GUARD} -lm 1>&2 && exec cat /tmp/main"
)


def function_files(signature: Signature, code: str) -> dict[str, str]:
    lines = []
    for n, param in enumerate(signature.params):
        lines.append(f"    auto p{n} = cj::Conv<{spell(parse_type(param.type))}>::in(a.at({n}));")
    call = (
        f"solution.{signature.function}({', '.join(f'p{n}' for n in range(len(signature.params)))})"
    )
    lines.append(f"    {signature.class_name} solution;")
    if signature.returns == "void":
        names = [p.name for p in signature.params]
        lines += [f"    {call};", f"    cj::put(out, p{names.index(signature.inplace or '')});"]
    else:
        returns = spell(parse_type(signature.returns))
        lines += [f"    auto r = {call};", f"    cj::put(out, static_cast<{returns} const&>(r));"]
    body = "\n".join(lines)
    call_fn = f"static void cj_call(const std::vector<cj::J>& a, std::string& out) {{\n{body}\n}}\n"
    source = code + '\n#line 1 "driver.cpp"\n' + read_driver("cpp_driver.cpp") + call_fn
    return {"solution.cpp": source, "prelude.hpp": read_driver("cpp_prelude.hpp")}


_TYPES = {"integer": "int", "long": "long long", "double": "double", "boolean": "bool",
          "string": "string", "character": "char", "ListNode": "ListNode*",
          "TreeNode": "TreeNode*"}  # fmt: skip
_NODE_DOCS = {
    "ListNode": "/**\n * struct ListNode {\n *     int val;\n *     ListNode *next;\n"
    " *     ListNode(int x) : val(x), next(nullptr) {}\n * };\n */\n",
    "TreeNode": "/**\n * struct TreeNode {\n *     int val;\n *     TreeNode *left;\n"
    " *     TreeNode *right;\n * };\n */\n",
}


def spell(t: TypeSpec) -> str:
    return nested(t, _TYPES, "vector<{}>")


def starter(signature: Signature) -> str:
    def param(name: str, t: TypeSpec) -> str:
        rendered = spell(t)
        return f"{rendered}& {name}" if t.depth else f"{rendered} {name}"

    params = ", ".join(param(p.name, parse_type(p.type)) for p in signature.params)
    return (
        f"{node_docs(signature, _NODE_DOCS)}class {signature.class_name} {{\npublic:\n"
        f"    {returns(signature, spell, 'void')} {signature.function}({params}) {{\n"
        "        \n    }\n};\n"
    )


@cache
def prepare() -> None:
    """bits/stdc++.h precompiled by clang with the judge's flags (``-include-pch``): about
    1.8 s less CPU per compile. clang reads it only if the flags match (CPP_FLAGS)."""

    def build(folder: Path) -> None:
        header = _find_stdcpp_header()
        out = folder / PCH_NAME
        run_tool([CXX, *CPP_FLAGS, "-x", "c++-header", str(header), "-o", str(out)])
        out.chmod(0o644)

    safely("C++ precompiled header", lambda: publish(PCH_DIR, build))


def _find_stdcpp_header() -> Path:
    for candidate in sorted(Path("/usr/include").glob("*/c++/*/bits/stdc++.h")):
        return candidate
    raise FileNotFoundError("bits/stdc++.h not found under /usr/include/*/c++/ (libstdc++-dev)")


# After -include-pch, clang re-reads bits/stdc++.h's includes (~120 headers) and keeps each
# open: the compile box needs more than the default 64 descriptors.
_COMPILE_LIMITS = dataclasses.replace(compile_limits(), open_files=256)

LANGUAGE = CFamily(
    id="cpp",
    name="C++23 (clang 19)",
    order=2,
    extensions=(".cpp", ".cc", ".cxx"),
    foreign_extensions=(".C", ".c++", ".C++"),  # Kattis (problemtools) and DOMjudge
    source_file="solution.cpp",
    compile=("/bin/sh", "-c", _COMPILE),
    compile_limits=_COMPILE_LIMITS,
    compiler=(CXX, *CPP_FLAGS),
    version=(CXX, "--version"),
    function_files=function_files,
    starter=starter,
    memory_errors=("std::bad_alloc",),
    mounts=(RoBind(str(PCH_DIR), "/opt/pch", optional=True),),
    prepare=prepare,
    toolchain_dirs=(PCH_DIR,),
    # g++ brings the libstdc++ headers clang compiles against.
    debian=(Debian("g++", "g++"), Debian("clang-19", CXX)),
    selftest=SelfTest(
        stdio_code=(
            "#include <iostream>\nint main() { long long a, b; std::cin >> a >> b;"
            " std::cout << a + b << std::endl; }\n"
        ),
        stdio_input="2 3\n",
        stdio_output="5",
        function_code=(
            "class Solution {\npublic:\n    int add(int a, int b) {\n"
            '        cout << "debug output is fine" << endl;\n        return a + b;\n    }\n};\n'
        ),
    ),
)

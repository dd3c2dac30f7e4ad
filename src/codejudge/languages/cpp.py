"""C++20 (g++): LeetCode's ``class Solution``, with bits/stdc++.h and ``using namespace std``."""

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
from codejudge.sandbox import CHANNEL_FD, RoBind

# The program leaves the compile box on stdout; compiler messages go to stderr. -I finds the
# precompiled bits/stdc++.h (same flags, or g++ silently uses the header itself).
_COMPILE = (
    f"g++ {' '.join(toolchains.CPP_FLAGS)} -I /opt/pch -fmax-errors=20 -o /tmp/main "
    f"solution.cpp {STACK_GUARD} -lm 1>&2 && exec cat /tmp/main"
)


def function_files(signature: Signature, code: str) -> dict[str, str]:
    lines = []
    for n, param in enumerate(signature.params):
        lines.append(
            f"    auto p{n} = cj::Conv<{types.cpp(types.parse(param.type))}>::in(a.at({n}));"
        )
    call = (
        f"solution.{signature.function}({', '.join(f'p{n}' for n in range(len(signature.params)))})"
    )
    lines.append(f"    {signature.class_name} solution;")
    if signature.returns == "void":
        names = [p.name for p in signature.params]
        lines += [f"    {call};", f"    cj::put(out, p{names.index(signature.inplace or '')});"]
    else:
        returns = types.cpp(types.parse(signature.returns))
        lines += [f"    auto r = {call};", f"    cj::put(out, static_cast<{returns} const&>(r));"]
    body = "\n".join(lines)
    call_fn = f"static void cj_call(const std::vector<cj::J>& a, std::string& out) {{\n{body}\n}}\n"
    source = (
        read_driver("cpp_prelude.hpp")
        + code
        + '\n#line 1 "driver.cpp"\n'
        + read_driver("cpp_driver.cpp")
        + call_fn
    )
    return {"solution.cpp": source}


CPP = Language(
    id="cpp",
    name="C++20 (g++)",
    source_file="solution.cpp",
    compile=("/bin/sh", "-c", _COMPILE),
    artifact="main",
    artifact_mode=0o555,
    run=("/box/main",),
    version=("g++", "--version"),
    function_files=function_files,
    function_run=("/box/main", CHANNEL_FD, STDOUT_LIMIT),
    function_types=starters.ALL_TYPES,
    starter=starters.cpp,
    memory_errors=("std::bad_alloc",),
    support_files=((STACK_GUARD, read_driver("stack_guard.c")),),
    stack_errors=(STACK_GUARD_ERROR,),
    mounts=(RoBind(str(toolchains.PCH_DIR), "/opt/pch", optional=True),),
    prepare=toolchains.prepare_cpp,
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

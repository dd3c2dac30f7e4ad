"""C++23 (clang 19), as LeetCode compiles it: ``class Solution``, with bits/stdc++.h and
``using namespace std``."""

import dataclasses

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

_PCH = f"/opt/pch/{toolchains.PCH_NAME}"
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
    f"{toolchains.CXX} {' '.join(toolchains.CPP_FLAGS)} $pch $pre -ferror-limit=20 -o /tmp/main "
    f"solution.cpp -x c++ {STACK_GUARD} -lm 1>&2 && exec cat /tmp/main"
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
    source = code + '\n#line 1 "driver.cpp"\n' + read_driver("cpp_driver.cpp") + call_fn
    return {"solution.cpp": source, "prelude.hpp": read_driver("cpp_prelude.hpp")}


_CPP = Language(
    id="cpp",
    name="C++23 (clang 19)",
    source_file="solution.cpp",
    compile=("/bin/sh", "-c", _COMPILE),
    artifact="main",
    artifact_mode=0o555,
    run=("/box/main",),
    version=(toolchains.CXX, "--version"),
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

# After -include-pch, clang re-reads bits/stdc++.h's includes (~120 headers) and keeps each
# open: the compile box needs more than the default 64 descriptors.
CPP = dataclasses.replace(
    _CPP, compile_limits=dataclasses.replace(_CPP.compile_limits, open_files=256)
)

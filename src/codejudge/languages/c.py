"""C17 (gcc): LeetCode's C signatures (arrays with sizes, ``returnSize``)."""

from codejudge.languages import starters
from codejudge.languages.base import (
    STACK_GUARD,
    STACK_GUARD_ERROR,
    STDOUT_LIMIT,
    Language,
    SelfTest,
    read_driver,
)
from codejudge.languages.c_harness import c_call
from codejudge.models import Signature
from codejudge.models.run import CHANNEL_FD

# A function problem's prelude is a header of its own (-include): solution.c is the user's
# code from its line 1, so gcc's line numbers and the lines it quotes are the user's.
_COMPILE = (
    "pre=; if [ -f prelude.h ]; then pre='-include prelude.h'; fi; "
    "gcc -std=gnu17 -O2 -pipe -DONLINE_JUDGE -w -fmax-errors=20 $pre -o /tmp/main solution.c "
    f"{STACK_GUARD} -lm 1>&2 && exec cat /tmp/main"
)


def function_files(signature: Signature, code: str) -> dict[str, str]:
    source = code + '\n#line 1 "driver.c"\n' + read_driver("c_driver.c") + c_call(signature)
    return {"solution.c": source, "prelude.h": read_driver("c_prelude.h")}


C = Language(
    id="c",
    name="C17 (gcc)",
    source_file="solution.c",
    compile=("/bin/sh", "-c", _COMPILE),
    artifact="main",
    artifact_mode=0o555,
    run=("/box/main",),
    version=("gcc", "--version"),
    function_files=function_files,
    function_run=("/box/main", CHANNEL_FD, STDOUT_LIMIT),
    function_types=starters.ALL_TYPES,
    starter=starters.c,
    support_files=((STACK_GUARD, read_driver("stack_guard.c")),),
    stack_errors=(STACK_GUARD_ERROR,),
    selftest=SelfTest(
        stdio_code=(
            "#include <stdio.h>\nint main(void) {\n    long long a, b;\n"
            '    scanf("%lld %lld", &a, &b);\n    printf("%lld\\n", a + b);\n    return 0;\n}\n'
        ),
        stdio_input="2 3\n",
        stdio_output="5",
        function_code=(
            "int add(int a, int b) {\n"
            '    printf("debug output is fine\\n");\n    return a + b;\n}\n'
        ),
    ),
)

"""TypeScript: type-checked by tsc (LeetCode reports type errors as compile errors), then
stripped to JavaScript by esbuild in the compile box, and run as JavaScript by the same driver.

The type check is on by default; ``CODEJUDGE_TYPESCRIPT_TYPECHECK=0`` (read once, at import)
turns it off for the whole judge (esbuild only, like ts-node --transpile-only: 1.5 s less CPU
per compile), and a submission can opt out with tsc's own ``// @ts-nocheck`` first line. The
compiler options (LeetCode's target and library, the strict family except noImplicitAny and
strictNullChecks) are in languages/tsconfig/; see docs/languages.md.
"""

import os
from pathlib import Path

from codejudge.languages import starters, toolchains
from codejudge.languages.base import Language, SelfTest, read_driver
from codejudge.languages.javascript import NODE, NODE_RUN
from codejudge.models import Signature
from codejudge.sandbox import CHANNEL_FD, RoBind

TYPECHECK = os.environ.get("CODEJUDGE_TYPESCRIPT_TYPECHECK", "1") != "0"
_MODULES = toolchains.NODE_MODULES_BOX
_CONFIG = Path(__file__).parent / "tsconfig"
ESBUILD = f"{_MODULES}/@esbuild/linux-x64/bin/esbuild"
_EMIT = f"exec {ESBUILD} solution.ts --log-level=error --target=es2022"
# A function problem's box also holds driver.js: its check declares LeetCode's globals
# (ListNode, the queues, lodash), a stdio program's does not (it may define its own ListNode).
# tsc's messages ("solution.ts(3,5): error TS2322: ...") go to stderr; stdout is the program.
_CHECK = (
    "if [ -f driver.js ]; then kind=function; else kind=stdio; fi; "
    f"{NODE} {_MODULES}/typescript/lib/tsc.js -p /opt/ts/$kind.json 1>&2 && "
)
_COMPILE = ("/bin/sh", "-c", (_CHECK if TYPECHECK else "") + _EMIT)


def function_files(signature: Signature, code: str) -> dict[str, str]:
    return {"solution.ts": code, "driver.js": read_driver("js_driver.js")}


TYPESCRIPT = Language(
    id="typescript",
    name="TypeScript 5.9 (tsc, Node.js)" if TYPECHECK else "TypeScript (esbuild, Node.js)",
    source_file="solution.ts",
    compile=_COMPILE,
    artifact="solution.js",
    run=(*NODE_RUN, "solution.js"),
    version=(NODE, str(toolchains.NODE_MODULES / "typescript/lib/tsc.js"), "--version"),
    function_files=function_files,
    function_run=(*NODE_RUN, "driver.js", CHANNEL_FD, "spec.json", "solution.js"),
    function_types=starters.ALL_TYPES,
    starter=starters.typescript,
    env=toolchains.NODE_ENV,
    mounts=(
        RoBind(str(toolchains.NODE_MODULES), _MODULES),
        RoBind(str(_CONFIG), "/opt/ts"),
    ),
    memory_overhead_kb=64 * 1024,
    address_space_overhead_kb=2048 * 1024,
    processes=32,
    memory_errors=("heap out of memory", "RangeError: Array buffer allocation failed"),
    selftest=SelfTest(
        stdio_code=(
            "const [a, b]: number[] = require('fs').readFileSync(0, 'utf8').trim().split(/\\s+/)"
            ".map(Number);\nconsole.log(a + b);\n"
        ),
        stdio_input="2 3\n",
        stdio_output="5",
        function_code=(
            "function add(a: number, b: number): number {\n"
            "    console.log('debug output is fine');\n    return a + b;\n}\n"
        ),
    ),
)

"""TypeScript: type-checked by tsc (LeetCode reports type errors as compile errors), then
stripped to JavaScript by esbuild in the compile box, and run as JavaScript by the same driver.

The type check is on by default; ``CODEJUDGE_TYPESCRIPT_TYPECHECK=0`` (read once, at import)
turns it off for the whole judge (esbuild only, like ts-node --transpile-only: 1.5 s less CPU
per compile), and a submission can opt out with tsc's own ``// @ts-nocheck`` first line. The
compiler options are TSC_OPTIONS; see docs/languages.md.
"""

import os
from pathlib import Path

from codejudge.languages import node
from codejudge.languages.base import DiagnosticFormat, SelfTest
from codejudge.languages.node import NODE, NodeFamily
from codejudge.languages.spelling import node_docs, parse_type, returns
from codejudge.models import Signature
from codejudge.models.run import RoBind

TYPECHECK = os.environ.get("CODEJUDGE_TYPESCRIPT_TYPECHECK", "1") != "0"
_MODULES = node.NODE_MODULES_BOX
_TYPES = Path(__file__).parent / "tsconfig"  # the .d.ts files, at /opt/ts in the box
ESBUILD = f"{_MODULES}/@esbuild/linux-x64/bin/esbuild"
# With an inline source map (solution.ts's text included), so that a runtime error names the
# user's lines, solution.ts:N: Node maps a stdio program's (--enable-source-maps), the function
# driver a function's (js_driver.js).
_EMIT = f"exec {ESBUILD} solution.ts --log-level=error --target=es2022 --sourcemap=inline"
# LeetCode-like: ES2022 code on Node.js's ES2023 library, the strict family except
# noImplicitAny and strictNullChecks. No @types are picked up (none under /box); node.d.ts
# types Node's API loosely (the full @types/node costs a second of CPU per compile).
TSC_OPTIONS = (
    "--noEmit", "--pretty", "false", "--noErrorTruncation", "--skipLibCheck",
    "--target", "ES2022", "--lib", "ES2023", "--module", "commonjs", "--moduleResolution", "node10",
    "--alwaysStrict", "--strictBindCallApply", "--strictFunctionTypes",
)  # fmt: skip
# LeetCode's globals in function problems, one declaration file each (tsconfig/<name>.d.ts).
# A solution that declares the name itself (its own class Queue, a destructured require) keeps
# its own: the global's declaration is left out rather than reported as a redeclaration.
GLOBALS = ("ListNode", "TreeNode", "PriorityQueue", "MinPriorityQueue", "MaxPriorityQueue",
           "Queue", "Deque", "_")  # fmt: skip


def _global(name: str) -> str:
    # At a line's start: LeetCode's template shows the node classes in a comment
    # (" * class TreeNode {"), which must not count.
    declares = (
        rf"^\s*((export|declare|abstract)\s+)*"
        rf"(class|interface|type|enum|namespace|function|const|let|var)\s+{name}\b"
        rf"|^\s*(const|let|var)\s*\{{[^}}]*\b{name}\b"
    )
    return f"grep -qE '{declares}' solution.ts || d=\"$d /opt/ts/{name}.d.ts\"; "


# A function problem's box also holds driver.js: its check declares LeetCode's globals, a
# stdio program's does not (it may define its own ListNode). tsc's messages
# ("solution.ts(3,5): error TS2322: ...") go to stderr; stdout is the program.
_CHECK = (
    "d=; if [ -f driver.js ]; then " + "".join(_global(name) for name in GLOBALS) + "fi; "
    f"{NODE} {_MODULES}/typescript/lib/tsc.js {' '.join(TSC_OPTIONS)} "
    "solution.ts /opt/ts/node.d.ts $d 1>&2 && "
)
_COMPILE = ("/bin/sh", "-c", (_CHECK if TYPECHECK else "") + _EMIT)


def starter(signature: Signature) -> str:
    params = ", ".join(f"{p.name}: {node.spell(parse_type(p.type))}" for p in signature.params)
    result = returns(signature, node.spell, "void")
    docs = node_docs(signature, node.NODE_DOCS)
    return f"{docs}function {signature.function}({params}): {result} {{\n    \n}}\n"


LANGUAGE = NodeFamily(
    id="typescript",
    name="TypeScript 5.9 (tsc, Node.js)" if TYPECHECK else "TypeScript (esbuild, Node.js)",
    order=5,
    extensions=(".ts",),
    source_file="solution.ts",
    compile=_COMPILE,
    # tsc's messages, then esbuild's if tsc let through what esbuild refuses.
    diagnostics=(DiagnosticFormat.TSC, DiagnosticFormat.ESBUILD)
    if TYPECHECK
    else (DiagnosticFormat.ESBUILD,),
    artifact="solution.js",
    run=(*node.NODE_RUN, "--enable-source-maps", *node.LAUNCH),
    version=(NODE, str(node.NODE_MODULES / "typescript/lib/tsc.js"), "--version"),
    function_files=node.function_files("solution.ts"),
    starter=starter,
    mounts=(
        *node.MOUNTS,
        RoBind(str(_TYPES), "/opt/ts"),
    ),
    # esbuild strips the types, tsc checks them; @types/lodash types the global _.
    npm=(*node.LIBRARIES, "esbuild@0.28.2", "typescript@5.9.3", "@types/lodash@4.17.27"),
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

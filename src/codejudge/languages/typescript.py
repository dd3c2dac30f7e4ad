"""TypeScript: types stripped by esbuild in the compile box (no type check, like ts-node
--transpile-only), then run as JavaScript by the same driver."""

from codejudge.languages import starters, toolchains
from codejudge.languages.base import Language, SelfTest, read_driver
from codejudge.languages.javascript import NODE_RUN, STDIO_FILES, STDIO_RUN
from codejudge.models import Signature
from codejudge.sandbox import CHANNEL_FD, RoBind

ESBUILD = "/opt/esbuild/bin/esbuild"
_COMPILE = (ESBUILD, "solution.ts", "--log-level=error", "--target=es2022")


def function_files(signature: Signature, code: str) -> dict[str, str]:
    return {"solution.ts": code, "driver.js": read_driver("js_driver.js")}


TYPESCRIPT = Language(
    id="typescript",
    name="TypeScript (esbuild, Node.js)",
    source_file="solution.ts",
    compile=_COMPILE,
    artifact="solution.js",
    run=STDIO_RUN,
    stdio_files=STDIO_FILES,
    version=(str(toolchains.NODE_MODULES / "@esbuild/linux-x64/bin/esbuild"), "--version"),
    function_files=function_files,
    function_run=(*NODE_RUN, "driver.js", CHANNEL_FD, "spec.json", "solution.js"),
    function_types=starters.ALL_TYPES,
    starter=starters.typescript,
    mounts=(RoBind(str(toolchains.NODE_MODULES / "@esbuild/linux-x64"), "/opt/esbuild"),),
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

"""JavaScript (Node.js): ``var twoSum = function(nums, target)`` or ``function twoSum``."""

from codejudge.languages import starters, toolchains
from codejudge.languages.base import (
    MEMORY_MB,
    RUNTIME_STACK_KB,
    Language,
    SelfTest,
    checked_stack_kb,
    read_driver,
)
from codejudge.models import Signature
from codejudge.models.run import CHANNEL_FD, RoBind

NODE = "/usr/bin/node"
# V8's heap capped at the problem's limit, so running out is a clean "heap out of memory".
# V8's stack (KiB) is the main thread's, which is RLIMIT_STACK's: a little less than that, so
# that V8's own depth check ("Maximum call stack size exceeded") comes before a SIGSEGV.
NODE_RUN = (NODE, f"--max-old-space-size={MEMORY_MB}", f"--stack-size={RUNTIME_STACK_KB}")
STACK_ERRORS = ("Maximum call stack size exceeded",)
# A stdio program: the preloaded launcher reports that Node has started (see StdioRunner).
STDIO_RUN = (*NODE_RUN, "-r", "/box/codejudge_launch.js", "solution.js", CHANNEL_FD)
STDIO_FILES = ("codejudge_launch.js",)


def function_files(signature: Signature, code: str) -> dict[str, str]:
    return {"solution.js": code, "driver.js": read_driver("js_driver.js")}


SELFTEST = SelfTest(
    stdio_code=(
        "const [a, b] = require('fs').readFileSync(0, 'utf8').trim().split(/\\s+/).map(Number);\n"
        "console.log(a + b);\n"
    ),
    stdio_input="2 3\n",
    stdio_output="5",
    function_code=(
        "var add = function(a, b) {\n    console.log('debug output is fine');\n"
        "    return a + b;\n};\n"
    ),
)

JAVASCRIPT = Language(
    id="javascript",
    name="JavaScript (Node.js)",
    source_file="solution.js",
    compile=(NODE, "--check", "solution.js"),
    run=STDIO_RUN,
    stdio_files=STDIO_FILES,
    version=(NODE, "--version"),
    function_files=function_files,
    function_run=(*NODE_RUN, "driver.js", CHANNEL_FD, "spec.json", "solution.js"),
    function_types=starters.ALL_TYPES,
    starter=starters.javascript,
    # LeetCode's libraries (lodash, @datastructures-js/*): require()-able, read-only.
    env=toolchains.NODE_ENV,
    mounts=(RoBind(str(toolchains.NODE_MODULES), toolchains.NODE_MODULES_BOX),),
    memory_overhead_kb=32 * 1024,
    address_space_overhead_kb=2048 * 1024,  # V8 reserves large cages (no-cgroup fallback)
    processes=32,
    memory_errors=("heap out of memory", "RangeError: Array buffer allocation failed"),
    stack_errors=STACK_ERRORS,
    runtime_stack=checked_stack_kb,
    selftest=SELFTEST,
)

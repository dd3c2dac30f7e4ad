"""Python 3 (the system interpreter)."""

from codejudge.languages import starters
from codejudge.languages.base import Language, SelfTest, read_driver
from codejudge.models import Signature
from codejudge.sandbox import CHANNEL_FD

PY = "/usr/bin/python3"

# Syntax check only; prints just the error (no traceback of this snippet). Nothing is written:
# py_compile would write a .pyc the run never uses.
_CHECK = (
    "import sys, traceback\n"
    "src = open(sys.argv[1], 'rb').read()\n"
    "try:\n"
    "    compile(src, 'solution.py', 'exec')\n"
    "except (SyntaxError, ValueError) as e:\n"
    "    sys.stderr.write(''.join(traceback.format_exception_only(e)))\n"
    "    sys.exit(1)\n"
)


def _function_files(signature: Signature, code: str) -> dict[str, str]:
    return {"solution.py": code, "driver.py": read_driver("python_driver.py")}


PYTHON = Language(
    id="python",
    name="Python 3",
    source_file="solution.py",
    compile=(PY, "-S", "-c", _CHECK, "solution.py"),
    # -B: no .pyc writes (they would be thrown away with the box anyway).
    # The launcher reports the interpreter started, then runs solution.py (see StdioRunner).
    run=(PY, "-B", "codejudge_launch.py", CHANNEL_FD, "solution.py"),
    stdio_files=("codejudge_launch.py",),
    version=(PY, "--version"),
    function_files=_function_files,
    function_run=(PY, "-B", "driver.py", CHANNEL_FD, "spec.json", "solution.py"),
    function_types=starters.ALL_TYPES,
    starter=starters.python,
    env=(("PYTHONIOENCODING", "utf-8"),),
    memory_overhead_kb=32 * 1024,
    memory_errors=("MemoryError",),
    selftest=SelfTest(
        stdio_code="a, b = map(int, input().split())\nprint(a + b)\n",
        stdio_input="2 3\n",
        stdio_output="5",
        function_code=(
            "class Solution:\n"
            "    def add(self, a: int, b: int) -> int:\n"
            "        print('debug output is fine')\n"
            "        return a + b\n"
        ),
    ),
)

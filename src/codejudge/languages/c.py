"""C17 (gcc): LeetCode's C signatures, generated from a signature: arrays come with their sizes
(``int* nums, int numsSize``; 2-D ones also with ``int* gridColSize``), returned arrays are
malloc'd by the solution and freed by the driver, with ``int* returnSize`` (and
``int** returnColumnSizes`` for 2-D results) appended to the parameters."""

from __future__ import annotations

from codejudge.languages.base import STACK_GUARD, Debian, SelfTest, read_driver
from codejudge.languages.native import CFamily
from codejudge.languages.spelling import TypeSpec, node_docs, parse_type
from codejudge.models import Signature

# The compiler, also for a problem's C output validator (Language.compiler).
CC = ("gcc", "-std=gnu17", "-O2", "-pipe", "-DONLINE_JUDGE", "-w")
# A function problem's prelude is a header of its own (-include): solution.c is the user's
# code from its line 1, so gcc's line numbers and the lines it quotes are the user's.
# Columns in bytes, as clang's (gcc's own count a tab as up to 8 and CJK as 2).
_COMPILE = (
    "pre=; if [ -f prelude.h ]; then pre='-include prelude.h'; fi; "
    f"{' '.join(CC)} -fmax-errors=20 -fdiagnostics-column-unit=byte $pre -o /tmp/main "
    "solution.c "
    f"{STACK_GUARD} -lm 1>&2 && exec cat /tmp/main"
)
_NODE_DOCS = {
    "ListNode": "/**\n * struct ListNode {\n *     int val;\n *     struct ListNode *next;\n"
    " * };\n */\n",
    "TreeNode": "/**\n * struct TreeNode {\n *     int val;\n *     struct TreeNode *left;\n"
    " *     struct TreeNode *right;\n * };\n */\n",
}
_MALLOC_NOTE = (
    "/**\n * Note: the returned array must be malloced, assume caller calls free().\n */\n"
)

# base -> (C type, parse function, output function); arrays add "s" / "s2" to the names.
_SCALARS = {
    "integer": ("int", "cj_int", "o_int", "cj_ints", "o_ints", "cj_ints2", "o_ints2"),
    "long": ("long long", "cj_ll", "o_ll", "cj_lls", "o_lls", None, None),
    "double": ("double", "cj_double", "o_double", "cj_doubles", "o_doubles", None, None),
    "boolean": ("bool", "cj_bool", "o_bool", "cj_bools", "o_bools", None, None),
    "character": ("char", "cj_char", "o_char", "cj_chars", "o_chars", "cj_chars2", "o_chars2"),
    "string": ("char*", "cj_str", "o_str", "cj_strs", "o_strs", "cj_strs2", "o_strs2"),
    "ListNode": ("struct ListNode*", "cj_list", "o_list", None, None, None, None),
    "TreeNode": ("struct TreeNode*", "cj_tree", "o_tree", None, None, None, None),
}


def _entry(t: TypeSpec) -> tuple[str, str, str]:
    """(C type, parse function, output function) of ``t``."""
    ctype, parse_fn, out_fn, parse1, out1, parse2, out2 = _SCALARS[t.leaf]
    if t.depth == 0:
        return ctype, parse_fn, out_fn
    chosen = (parse1, out1) if t.depth == 1 else (parse2, out2) if t.depth == 2 else (None, None)
    if chosen[0] is None or chosen[1] is None:
        raise ValueError(f"C cannot take or return {t}")
    return ctype + "*" * t.depth, chosen[0], chosen[1]


def _params(signature: Signature) -> list[str]:
    out = []
    for p in signature.params:
        t = parse_type(p.type)
        ctype = _entry(t)[0]
        out.append(f"{ctype} {p.name}")
        if t.depth >= 1:
            out.append(f"int {p.name}Size")
        if t.depth == 2:
            out.append(f"int* {p.name}ColSize")
    if signature.returns != "void":
        depth = parse_type(signature.returns).depth
        if depth >= 1:
            out.append("int* returnSize")
        if depth == 2:
            out.append("int** returnColumnSizes")
    return out


def c_prototype(signature: Signature) -> str:
    returns = "void" if signature.returns == "void" else _entry(parse_type(signature.returns))[0]
    return f"{returns} {signature.function}({', '.join(_params(signature))})"


def c_call(signature: Signature) -> str:
    """The driver's ``cj_call``: parse the arguments, call, write the answer, free it."""
    lines = ["static void cj_call(CjJ* a, CjBuf* out) {"]
    args = []
    for n, p in enumerate(signature.params):
        t = parse_type(p.type)
        ctype, parse_fn, _ = _entry(t)
        if t.depth == 0:
            lines.append(f"    {ctype} p{n} = {parse_fn}(&a[{n}]);")
            args.append(f"p{n}")
        elif t.depth == 1:
            lines.append(f"    int p{n}n; {ctype} p{n} = {parse_fn}(&a[{n}], &p{n}n);")
            args += [f"p{n}", f"p{n}n"]
        else:
            lines.append(
                f"    int p{n}n; int* p{n}c; {ctype} p{n} = {parse_fn}(&a[{n}], &p{n}n, &p{n}c);"
            )
            args += [f"p{n}", f"p{n}n", f"p{n}c"]
    if signature.returns == "void":
        n = [p.name for p in signature.params].index(signature.inplace or "")
        t = parse_type(signature.params[n].type)
        lines.append(f"    {signature.function}({', '.join(args)});")
        sizes = "".join(f", p{n}{s}" for s in ("n", "c")[: t.depth])
        lines.append(f"    {_entry(t)[2]}(out, p{n}{sizes});")
    else:
        t = parse_type(signature.returns)
        ctype, _, out_fn = _entry(t)
        if t.depth >= 1:
            lines.append("    int rn = 0; int* rc = NULL;")
            args.append("&rn")
        if t.depth == 2:
            args.append("&rc")
        lines.append(f"    {ctype} r = {signature.function}({', '.join(args)});")
        sizes = ", rn" if t.depth == 1 else ", rn, rc" if t.depth == 2 else ""
        lines.append(f"    {out_fn}(out, r{sizes});")
        if t.depth == 2:
            lines.append("    for (int k = 0; r && k < rn; k++) free(r[k]);\n    free(rc);")
        if t.depth >= 1 or t.leaf == "string":
            lines.append("    free(r);")
    lines.append("}")
    return "\n".join(lines) + "\n"


def starter(signature: Signature) -> str:
    returns = parse_type(signature.returns) if signature.returns != "void" else None
    note = _MALLOC_NOTE if returns is not None and returns.depth else ""
    return f"{node_docs(signature, _NODE_DOCS)}{note}{c_prototype(signature)} {{\n    \n}}\n"


def function_files(signature: Signature, code: str) -> dict[str, str]:
    source = code + '\n#line 1 "driver.c"\n' + read_driver("c_driver.c") + c_call(signature)
    return {"solution.c": source, "prelude.h": read_driver("c_prelude.h")}


LANGUAGE = CFamily(
    id="c",
    name="C17 (gcc)",
    order=1,
    extensions=(".c",),
    source_file="solution.c",
    compile=("/bin/sh", "-c", _COMPILE),
    compiler=CC,
    version=("gcc", "--version"),
    function_files=function_files,
    starter=starter,
    debian=(
        Debian("gcc", "gcc"),
        Debian("libc6-dev", "/usr/include/stdio.h"),
        Debian("uthash-dev", "/usr/include/uthash.h"),
    ),
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

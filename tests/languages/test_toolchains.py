"""LeetCode's environment per language (docs/languages.md): each library LeetCode documents is
there in the box, C++ is C++23 as clang 19 compiles it, and a compile error names the user's
own line in every language. Judged for real (``grading.judge``) in the sandbox."""

from __future__ import annotations

import pytest

from codejudge.judging.compile import compile_function
from codejudge.judging.grading import judge
from codejudge.languages import get_language
from codejudge.models import Limits, Param, Problem, ProblemKind, Signature, Verdict
from codejudge.models import TestCase as Case
from codejudge.sandbox import Sandbox, open_sandbox

LIMITS = Limits(time_ms=5000, memory_mb=256, output_kb=64)
ADD = Signature("add", (Param("a", "integer"), Param("b", "integer")), "integer")
ISLANDS = Signature("numIslands", (Param("grid", "character[][]"),), "integer")


@pytest.fixture(scope="module")
def sandbox() -> Sandbox:
    box = open_sandbox()
    box.check()
    return box


def _stdio(expected: str) -> Problem:
    case = Case(1, "", expected, sample=True)
    return Problem("env", "env", ProblemKind.STDIO, "", LIMITS, (case,))


def _function(signature: Signature, given: str, expected: str) -> Problem:
    case = Case(1, given, expected, sample=True)
    return Problem("env", "env", ProblemKind.FUNCTION, "", LIMITS, (case,), signature=signature)


# (language, library, a stdio program using it that prints "6")
STDIO_LIBRARIES = [
    ("python", "numpy", "import numpy as np\nprint(int(np.array([1, 2, 3]).sum()))\n"),
    ("python", "sortedcontainers",
     "from sortedcontainers import SortedList\ns = SortedList([3, 1, 2])\n"
     "print(s[-1] * 2 + s.bisect_left(1))\n"),
    ("javascript", "lodash",
     "const _ = require('lodash');\nconsole.log(_.sum(_.uniq([1, 2, 2, 3])));\n"),
    ("javascript", "priority-queue",
     "const { MaxPriorityQueue } = require('@datastructures-js/priority-queue');\n"
     "const q = new MaxPriorityQueue();\n[1, 6, 3].forEach((x) => q.enqueue(x));\n"
     "console.log(q.dequeue());\n"),
    ("javascript", "queue",
     "const { Queue } = require('@datastructures-js/queue');\n"
     "const q = new Queue([6, 1]);\nconsole.log(q.dequeue());\n"),
    ("javascript", "deque",
     "const { Deque } = require('@datastructures-js/deque');\n"
     "const d = new Deque([1]);\nd.pushFront(6);\nconsole.log(d.popFront());\n"),
    ("typescript", "lodash",
     "const _ = require('lodash');\nconst xs: number[] = [1, 2, 3];\nconsole.log(_.sum(xs));\n"),
    ("c", "uthash",
     "#include <stdio.h>\n#include <stdlib.h>\n#include <uthash.h>\n"
     "struct item { int key; int value; UT_hash_handle hh; };\n"
     "int main(void) {\n    struct item *map = NULL, *found;\n"
     "    for (int k = 1; k <= 3; k++) {\n"
     "        struct item *it = malloc(sizeof *it); it->key = k; it->value = 2 * k;\n"
     "        HASH_ADD_INT(map, key, it);\n    }\n"
     "    int k = 3;\n    HASH_FIND_INT(map, &k, found);\n"
     '    printf("%d\\n", found->value);\n    return 0;\n}\n'),
    ("go", "gods",
     'package main\n\nimport (\n\t"fmt"\n\t"github.com/emirpasic/gods/trees/redblacktree"\n)\n\n'
     "func main() {\n\tt := redblacktree.NewWithIntComparator()\n"
     '\tfor _, k := range []int{6, 1, 3} {\n\t\tt.Put(k, "")\n\t}\n'
     "\tfmt.Println(t.Right().Key)\n}\n"),
    ("rust", "rand",
     "use rand::Rng;\nfn main() {\n    let mut r = rand::thread_rng();\n"
     "    let x: i32 = r.gen_range(6..7);\n    println!(\"{}\", x);\n}\n"),
    ("rust", "regex",
     "use regex::Regex;\nfn main() {\n    let re = Regex::new(r\"(\\d+)-(\\d+)\").unwrap();\n"
     '    let c = re.captures("2-4").unwrap();\n'
     '    println!("{}", c[1].parse::<i32>().unwrap() + c[2].parse::<i32>().unwrap());\n}\n'),
]  # fmt: skip


@pytest.mark.timeout(180)
@pytest.mark.parametrize(("language", "library", "code"), STDIO_LIBRARIES)
def test_a_library_leetcode_provides_is_there(
    sandbox: Sandbox, language: str, library: str, code: str
) -> None:
    result = judge(_stdio("6\n"), language, code, sandbox=sandbox)
    assert result.verdict == Verdict.ACCEPTED, (result.compile_output, result.failing_test)


# The globals LeetCode defines in JavaScript/TypeScript function problems, used undeclared
# (TypeScript: they pass tsc's type check too). add(2, 3) returns 5 the long way.
_JS_GLOBALS = """
    const pq = new MinPriorityQueue{T}();
    pq.enqueue(b);
    pq.enqueue(a);
    const q = new Queue{T}([pq.dequeue()]);
    const d = new Deque{T}([q.dequeue()]);
    const m = new MaxPriorityQueue{T}();
    m.enqueue(d.popBack());
    const p = new PriorityQueue{T}((x, y) => x - y);
    p.enqueue(m.dequeue());
    return _.sum([p.dequeue(), b]);
"""
FUNCTION_GLOBALS = [
    ("javascript", f"var add = function(a, b) {{{_JS_GLOBALS.format(T='')}}};\n"),
    ("typescript",
     f"function add(a: number, b: number): number {{{_JS_GLOBALS.format(T='<number>')}}}\n"),
    ("java",  # LeetCode's implicit imports: java.util.stream, java.util.regex, java.math
     "class Solution {\n    public int add(int a, int b) {\n"
     "        Matcher m = Pattern.compile(\"\\\\d\").matcher(\"x\");\n"
     "        BigInteger big = BigInteger.valueOf(a).add(BigInteger.valueOf(b));\n"
     "        return IntStream.of(big.intValue()).sum() + (m.find() ? 1 : 0);\n    }\n}\n"),
    ("go",
     'import "github.com/emirpasic/gods/trees/binaryheap"\n\nfunc add(a int, b int) int {\n'
     "\th := binaryheap.NewWithIntComparator()\n\th.Push(a + b)\n\tv, _ := h.Pop()\n"
     "\treturn v.(int)\n}\n"),
    ("rust",
     "use regex::Regex;\nimpl Solution {\n    pub fn add(a: i32, b: i32) -> i32 {\n"
     '        if Regex::new("^a$").unwrap().is_match("a") { a + b } else { 0 }\n    }\n}\n'),
    ("c",
     "#include <uthash.h>\nstruct e { int k; UT_hash_handle hh; };\n"
     "int add(int a, int b) {\n    struct e *map = NULL, x = {a + b}, *f;\n"
     "    HASH_ADD_INT(map, k, &x);\n    HASH_FIND_INT(map, &x.k, f);\n    return f->k;\n}\n"),
]  # fmt: skip


@pytest.mark.timeout(180)
@pytest.mark.parametrize(("language", "code"), FUNCTION_GLOBALS)
def test_a_function_solution_uses_leetcodes_environment(
    sandbox: Sandbox, language: str, code: str
) -> None:
    result = judge(_function(ADD, "[2, 3]", "5"), language, code, sandbox=sandbox)
    assert result.verdict == Verdict.ACCEPTED, (result.compile_output, result.failing_test)


# A solution may declare a name LeetCode provides as a global: its own declaration wins (no
# redeclaration error, no lodash behind its back).
OWN_DECLARATIONS = [
    ("javascript", "class Queue { constructor() { this.v = 5; } }\n"
     "var add = function(a, b) { return new Queue().v; };\n"),
    ("javascript", "var _ = { sum: (xs) => 5 };\n"
     "var add = function(a, b) { return _.sum([]); };\n"),
    ("typescript", "class Queue { v = 5; }\n"
     "function add(a: number, b: number): number { return new Queue().v; }\n"),
    ("typescript",  # LeetCode's template: the class in a comment is not a declaration
     "/**\n * class TreeNode {\n *     val: number\n * }\n */\n"
     "function add(a: number, b: number): number { return new TreeNode(a + b).val; }\n"),
    ("typescript", "class ListNode { val = 5; }\n"
     "function add(a: number, b: number): number { return new ListNode().val; }\n"),
    ("typescript", "const { Deque } = require('@datastructures-js/deque');\n"
     "function add(a: number, b: number): number { return new Deque([a + b]).back(); }\n"),
]  # fmt: skip


@pytest.mark.timeout(180)
@pytest.mark.parametrize(("language", "code"), OWN_DECLARATIONS)
def test_a_solutions_own_declaration_of_a_global_wins(
    sandbox: Sandbox, language: str, code: str
) -> None:
    result = judge(_function(ADD, "[2, 3]", "5"), language, code, sandbox=sandbox)
    assert result.verdict == Verdict.ACCEPTED, (result.compile_output, result.failing_test)


NUMBER_OF_ISLANDS = """class Solution {
public:
    int numIslands(vector<vector<char>>& grid) {
        int m = grid.size(), n = grid[0].size(), ans = 0;
        auto dfs = [&](this auto&& dfs, int i, int j) -> void {
            if (i < 0 || i >= m || j < 0 || j >= n || grid[i][j] != '1') return;
            grid[i][j] = '0';
            dfs(i + 1, j); dfs(i - 1, j); dfs(i, j + 1); dfs(i, j - 1);
        };
        for (int i = 0; i < m; ++i)
            for (int j = 0; j < n; ++j)
                if (grid[i][j] == '1') { dfs(i, j); ++ans; }
        return ans;
    }
};
"""


@pytest.mark.timeout(180)
def test_cpp23_deducing_this_number_of_islands_is_accepted(sandbox: Sandbox) -> None:
    grid = '[[["1","1","0","0"],["1","0","0","1"],["0","0","1","1"],["0","0","0","0"]]]'
    result = judge(_function(ISLANDS, grid, "2"), "cpp", NUMBER_OF_ISLANDS, sandbox=sandbox)
    assert result.verdict == Verdict.ACCEPTED, (result.compile_output, result.failing_test)


# (language, add() with an error on the user's line 3, how the compiler names that line)
LINE_3_ERRORS = [
    ("python", "class Solution:\n    def add(self, a: int, b: int) -> int:\n        return (a b)\n",
     'File "solution.py", line 3'),
    ("c", "int add(int a, int b) {\n    int x = 0;\n    return a + b +;\n}\n", "solution.c:3:"),
    ("cpp", "class Solution {\npublic:\n    int add(int a, int b) { return a + b +; }\n};\n",
     "solution.cpp:3:"),
    ("java", "class Solution {\n    public int add(int a, int b) {\n        return a + b +;\n"
     "    }\n}\n", "Solution.java:3:"),
    ("javascript", "var add = function(a, b) {\n    let x = 1;\n    return a + + ;\n};\n",
     "solution.js:3"),
    ("typescript", "function add(a: number, b: number): number {\n    const s: string = 'x';\n"
     "    const n: number = s;\n    return a + b;\n}\n", "solution.ts(3,"),
    ("go", 'func add(a int, b int) int {\n\t_ = 1\n\treturn a + b + "s"\n}\n', "solution.go:3:"),
    ("rust", 'impl Solution {\n    pub fn add(a: i32, b: i32) -> i32 {\n        a + b + "x"\n'
     "    }\n}\n", "solution.rs:3:"),
]  # fmt: skip


@pytest.mark.timeout(180)
@pytest.mark.parametrize(("language", "code", "where"), LINE_3_ERRORS)
def test_a_compile_error_names_the_users_own_line(
    sandbox: Sandbox, language: str, code: str, where: str
) -> None:
    result = compile_function(get_language(language), sandbox, code, ADD)
    assert not result.ok
    assert where in result.output, result.output
    if language in ("c", "cpp", "rust"):  # the line the compiler quotes is the user's too
        assert code.splitlines()[2].strip() in result.output, result.output

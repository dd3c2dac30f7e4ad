"""A runtime error shows the submission's frames in its own file and lines, never the judge's
(drivers, launchers, the box's folder) or the runtime's internals: real boxes, every language,
function and stdio problems.

Each program fails in ``helper``, called from the entry point; the expected text names the
user's line of the failure (in TypeScript the .ts line, through esbuild's source map).
"""

from __future__ import annotations

import pytest

from codejudge.judging.grading import judge
from codejudge.languages import LANGUAGES
from codejudge.models import Limits, Param, Problem, ProblemKind, Signature, Verdict
from codejudge.models import TestCase as Case
from codejudge.sandbox import Sandbox, open_sandbox

pytestmark = pytest.mark.timeout(120)

LIMITS = Limits(time_ms=2000, memory_mb=256, output_kb=64)
TWO_SUM = Signature("twoSum", (Param("nums", "integer[]"), Param("target", "integer")), "integer[]")
FUNCTION = Problem(
    "two-sum", "Two Sum", ProblemKind.FUNCTION, "", LIMITS,
    (Case(0, "[[2,7,11,15], 9]", "[0,1]", sample=True),), signature=TWO_SUM,
)  # fmt: skip
STDIO = Problem(
    "a-plus-b", "A+B", ProblemKind.STDIO, "", LIMITS, (Case(0, "1 2\n", "3\n", sample=True),)
)
# What no message may show: the judge's files and folders, Node's internals, Go's runtime.
JUDGE_TEXT = ("driver", "/box/", "node:", "codejudge", "CodejudgeMain", "Node.js v", "runtime/")

# language -> (source, texts the message must contain)
FUNCTION_ERRORS = {
    "python": (
        "class Solution:\n    def helper(self, nums):\n        return nums[10]\n\n"
        "    def twoSum(self, nums, target):\n        return self.helper(nums)\n",
        ['File "solution.py", line 3, in helper', 'File "solution.py", line 6, in twoSum'],
    ),
    "javascript": (
        "var helper = function(nums) {\n    return nums.foo.bar;\n};\n"
        "var twoSum = function(nums, target) {\n    return helper(nums);\n};\n",
        [
            "TypeError: Cannot read properties of undefined",
            "at helper (solution.js:2:",
            "at twoSum (solution.js:5:",
        ],
    ),
    "typescript": (
        "interface Pair { a: number }\ntype Index = number;\n"
        "function helper(nums: number[]): number[] {\n    const o: any = null;\n"
        "    return o.foo;\n}\n"
        "function twoSum(nums: number[], target: number): number[] {\n"
        "    return helper(nums);\n}\n",
        [
            "TypeError: Cannot read properties of null",
            "at helper (solution.ts:5:",
            "at twoSum (solution.ts:8:",
        ],
    ),
    "java": (
        "class Solution {\n    int helper(int[] nums) {\n        return nums[10];\n    }\n"
        "    public int[] twoSum(int[] nums, int target) {\n        helper(nums);\n"
        "        return null;\n    }\n}\n",
        [
            "ArrayIndexOutOfBoundsException",
            "at Solution.helper(Solution.java:3)",
            "at Solution.twoSum(Solution.java:6)",
        ],
    ),
    "go": (
        "func helper(nums []int) int {\n    return nums[10]\n}\n\n"
        "func twoSum(nums []int, target int) []int {\n    helper(nums)\n    return nil\n}\n",
        [
            "panic: runtime error: index out of range [10] with length 4",
            "main.helper(...)\n\t./solution.go:2\n",
            "main.twoSum(...)\n\t./solution.go:6\n",
        ],
    ),
    "rust": (
        "impl Solution {\n    fn helper(nums: &Vec<i32>) -> i32 {\n        nums[10]\n    }\n"
        "    pub fn two_sum(nums: Vec<i32>, target: i32) -> Vec<i32> {\n"
        "        Solution::helper(&nums);\n        vec![]\n    }\n}\n",
        ["panicked at solution.rs:3:", "index out of bounds"],
    ),
    "cpp": (
        "class Solution {\npublic:\n    int helper(vector<int>& nums) { return nums.at(10); }\n"
        "    vector<int> twoSum(vector<int>& nums, int target) {\n        helper(nums);\n"
        "        return {};\n    }\n};\n",
        [
            "terminate called after throwing an instance of 'std::out_of_range'",
            "what():  vector::_M_range_check",
        ],
    ),
    "c": (
        "int* twoSum(int* nums, int numsSize, int target, int* returnSize) {\n"
        "    int* p = 0;\n    *returnSize = *p;\n    return p;\n}\n",
        ["killed by signal 11 (SIGSEGV"],
    ),
}

STDIO_ERRORS = {
    "python": (
        "def helper(a):\n    return a[10]\n\nhelper([1])\n",
        ['File "solution.py", line 2, in helper', 'File "solution.py", line 4, in <module>'],
    ),
    "javascript": (
        "const input = require('fs').readFileSync(0, 'utf8');\n"
        "function helper(x) {\n    return x.foo.bar;\n}\nhelper(input);\n",
        ["solution.js:3\n", "at helper (solution.js:3:", "(solution.js:5:"],
    ),
    "typescript": (
        "const input: string = require('fs').readFileSync(0, 'utf8');\n"
        "interface Pair { a: number }\n"
        "function helper(x: any): number {\n    return x.foo.bar;\n}\nhelper(input);\n",
        ["solution.ts:4\n", "at helper (solution.ts:4:", "(solution.ts:6:"],
    ),
    "java": (
        "public class Main {\n    static int helper(int[] a) { return a[10]; }\n"
        "    public static void main(String[] args) {\n        helper(new int[3]);\n    }\n}\n",
        ["at Main.helper(Main.java:2)", "at Main.main(Main.java:4)"],
    ),
    "go": (
        "package main\n\nfunc helper(a []int) int {\n    return a[10]\n}\n\n"
        "func main() {\n    helper(make([]int, 3))\n}\n",
        ["main.helper(...)\n\t./solution.go:4", "./solution.go:8"],
    ),
    "rust": (
        "fn helper(a: &Vec<i32>) -> i32 {\n    a[10]\n}\n\n"
        "fn main() {\n    helper(&vec![1, 2, 3]);\n}\n",
        ["panicked at solution.rs:2:"],
    ),
    "cpp": (
        "#include <bits/stdc++.h>\nint main() {\n    std::vector<int> v(3);\n"
        "    return v.at(10);\n}\n",
        ["terminate called after throwing an instance of 'std::out_of_range'"],
    ),
    "c": (
        "#include <stdlib.h>\nint main(void) {\n    abort();\n}\n",
        ["killed by signal 6 (SIGABRT"],
    ),
}


@pytest.fixture(scope="module")
def sandbox() -> Sandbox:
    box = open_sandbox()
    box.check()
    return box


def test_every_language_has_its_runtime_errors() -> None:
    assert set(STDIO_ERRORS) == set(LANGUAGES)
    assert set(FUNCTION_ERRORS) == {
        lang.id for lang in LANGUAGES.values() if ProblemKind.FUNCTION in lang.kinds
    }


def _message(problem: Problem, language: str, code: str, sandbox: Sandbox) -> str:
    result = judge(problem, language, code, sandbox=sandbox)
    assert result.verdict is Verdict.RUNTIME_ERROR, result
    assert result.failing_test is not None and result.failing_test.message, result
    return result.failing_test.message


@pytest.mark.parametrize("language", sorted(FUNCTION_ERRORS))
def test_a_function_problems_runtime_error_shows_the_users_frames(
    sandbox: Sandbox, language: str
) -> None:
    code, wanted = FUNCTION_ERRORS[language]
    message = _message(FUNCTION, language, code, sandbox)
    for text in wanted:
        assert text in message, message
    for text in JUDGE_TEXT:
        assert text not in message, message


@pytest.mark.parametrize("language", sorted(STDIO_ERRORS))
def test_a_stdio_programs_runtime_error_shows_the_users_frames(
    sandbox: Sandbox, language: str
) -> None:
    code, wanted = STDIO_ERRORS[language]
    message = _message(STDIO, language, code, sandbox)
    for text in wanted:
        assert text in message, message
    for text in (*JUDGE_TEXT, "RUST_BACKTRACE"):
        assert text not in message, message


@pytest.mark.parametrize(
    ("language", "code", "wanted"),
    [
        pytest.param(
            "javascript", 'var x = 1;\nthrow new Error("at load");\n', "at solution.js:2:",
            id="javascript-top-level",
        ),
        pytest.param(
            "typescript", 'type T = number;\nconst x: T = 1;\nthrow new Error("at load");\n',
            "at solution.ts:3:", id="typescript-top-level",
        ),
        pytest.param(
            "javascript", "var notIt = function() {};\n", "solution defines neither",
            id="javascript-no-entry-point",
        ),
    ],
)  # fmt: skip
def test_a_node_load_error_shows_only_the_users_lines(
    sandbox: Sandbox, language: str, code: str, wanted: str
) -> None:
    """Top-level code runs when the driver loads the solution (vm, in Node's internals)."""
    message = _message(FUNCTION, language, code, sandbox)
    assert wanted in message, message
    for text in JUDGE_TEXT:
        assert text not in message, message

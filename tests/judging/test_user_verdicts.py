"""What a submission causes is its verdict, never the judge's internal_error: real boxes, every
language.

An answer over the drivers' answer limit (64 MiB of JSON, ``harness.VALUE_LIMIT_BYTES``) is
output_limit_exceeded, as printing past the output limit is; so is code that fails before a
native driver's first message (a C++ global constructor, a Go package initialiser), which is
the submission's own. An internal_error is retried by the worker and ends in the dead letters:
one that a submission can cause would let anyone fill them and triple the judging cost.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from codejudge.judging.grading import judge
from codejudge.judging.harness import VALUE_LIMIT_BYTES
from codejudge.languages import LANGUAGES
from codejudge.models import (
    Limits,
    NewSubmission,
    Param,
    Problem,
    ProblemKind,
    Signature,
    Status,
    Verdict,
)
from codejudge.models import TestCase as Case
from codejudge.runtime import Runtime
from codejudge.sandbox import Sandbox, open_sandbox
from codejudge.settings import Settings

pytestmark = pytest.mark.timeout(180)

# 7 * 10^6 copies of 10^9: 77 MB of JSON, over the 64 MiB answer limit, within 256 MB of memory.
COPIES, VALUE = 7_000_000, 1_000_000_000
assert COPIES * (len(str(VALUE)) + 1) > VALUE_LIMIT_BYTES

# CPU enough to build and serialise the answer on a loaded 2-core host: the test is about its
# size, not its speed.
LIMITS = Limits(time_ms=10_000, memory_mb=256, output_kb=64)
TWO_SUM = Signature("twoSum", (Param("nums", "integer[]"), Param("target", "integer")), "integer[]")
PROBLEM = Problem(
    "two-sum", "Two Sum", ProblemKind.FUNCTION, "", LIMITS,
    (Case(0, "[[2,7,11,15], 9]", "[0,1]", sample=True),), signature=TWO_SUM,
)  # fmt: skip

HUGE_ANSWER = {
    "python": f"""
class Solution:
    def twoSum(self, nums: List[int], target: int) -> List[int]:
        return [{VALUE}] * {COPIES}
""",
    "c": f"""
int* twoSum(int* nums, int numsSize, int target, int* returnSize) {{
    int* answer = malloc({COPIES} * sizeof(int));
    for (int i = 0; i < {COPIES}; i++) answer[i] = {VALUE};
    *returnSize = {COPIES};
    return answer;
}}
""",
    "cpp": f"""
class Solution {{
public:
    vector<int> twoSum(vector<int>& nums, int target) {{ return vector<int>({COPIES}, {VALUE}); }}
}};
""",
    "java": f"""
class Solution {{
    public int[] twoSum(int[] nums, int target) {{
        int[] answer = new int[{COPIES}];
        Arrays.fill(answer, {VALUE});
        return answer;
    }}
}}
""",
    "javascript": f"""
var twoSum = function(nums, target) {{
    return new Array({COPIES}).fill({VALUE});
}};
""",
    "typescript": f"""
function twoSum(nums: number[], target: number): number[] {{
    return new Array<number>({COPIES}).fill({VALUE});
}}
""",
    "go": f"""
func twoSum(nums []int, target int) []int {{
    answer := make([]int, {COPIES})
    for i := range answer {{
        answer[i] = {VALUE}
    }}
    return answer
}}
""",
    "rust": f"""
impl Solution {{
    pub fn two_sum(nums: Vec<i32>, target: i32) -> Vec<i32> {{
        vec![{VALUE}; {COPIES}]
    }}
}}
""",
}


@pytest.fixture(scope="module")
def sandbox() -> Sandbox:
    box = open_sandbox()
    box.check()
    return box


def test_every_function_language_has_a_huge_answer() -> None:
    function_languages = {
        lang.id for lang in LANGUAGES.values() if ProblemKind.FUNCTION in lang.kinds
    }
    assert set(HUGE_ANSWER) == function_languages


@pytest.mark.parametrize("language", sorted(HUGE_ANSWER))
def test_an_answer_over_the_answer_limit_is_output_limit_exceeded(
    sandbox: Sandbox, language: str
) -> None:
    result = judge(PROBLEM, language, HUGE_ANSWER[language], sandbox=sandbox)
    assert result.verdict is Verdict.OUTPUT_LIMIT_EXCEEDED, result
    assert result.error is None, result  # not the judge's failure: the worker will not retry
    assert result.failing_test is not None
    assert result.failing_test.message == "the answer's JSON is over the 64 MiB answer limit"


# Code that runs before a native driver's first message, and fails there: the submission's.
BOOT_FAILURES = [
    pytest.param(
        "cpp",
        'static int boom = [] { throw std::runtime_error("in a global"); return 0; }();\n',
        Verdict.RUNTIME_ERROR,
        "terminate called after throwing an instance of 'std::runtime_error'",
        id="cpp-global-constructor-throws",
    ),
    pytest.param(
        "cpp",
        "static std::vector<char> big(300 << 20, 1);\n",
        Verdict.MEMORY_LIMIT_EXCEEDED,
        "",
        id="cpp-global-over-the-memory-limit",
    ),
    pytest.param(
        "cpp",
        'static int flood = [] { for (;;) fputs("flood", stdout); return 0; }();\n',
        Verdict.OUTPUT_LIMIT_EXCEEDED,
        "",
        id="cpp-global-prints-without-end",
    ),
    pytest.param(
        "go",
        "var table = build()\n\nfunc build() []int { var s []int; return s[:5] }\n",
        Verdict.RUNTIME_ERROR,
        "./solution.go:3",
        id="go-package-initialiser-panics",
    ),
    pytest.param(
        "c",
        "__attribute__((constructor)) static void boom(void) { abort(); }\n",
        Verdict.RUNTIME_ERROR,
        "SIGABRT",
        id="c-constructor-aborts",
    ),
]
ANSWERS = {
    "cpp": "class Solution {\npublic:\n    vector<int> twoSum(vector<int>& nums, int target) "
    "{ return {0, 1}; }\n};\n",
    "go": "\nfunc twoSum(nums []int, target int) []int { return []int{0, 1} }\n",
    "c": "int* twoSum(int* nums, int numsSize, int target, int* returnSize) {\n"
    "    int* r = malloc(2 * sizeof(int)); r[0] = 0; r[1] = 1; *returnSize = 2; return r;\n}\n",
}


@pytest.mark.parametrize(("language", "boot", "verdict", "shown"), BOOT_FAILURES)
def test_native_code_failing_before_the_driver_starts_is_the_submissions(
    sandbox: Sandbox, language: str, boot: str, verdict: Verdict, shown: str
) -> None:
    """C++ global constructors, Go package initialisers and C constructors run before the
    driver's first message: their failure is a verdict, not "driver failed to start"."""
    result = judge(PROBLEM, language, boot + ANSWERS[language], sandbox=sandbox)
    assert result.verdict is verdict, result
    assert result.error is None, result
    assert result.failing_test is not None
    assert shown in (result.failing_test.message or ""), result


def test_an_answer_over_the_limit_is_judged_once_and_never_dead_lettered(tmp_path: Path) -> None:
    """Through the worker and the queue: a final verdict, no retry, no dead letter."""
    folder = tmp_path / "problems" / "huge-answer"
    (folder / "tests").mkdir(parents=True)
    (folder / "problem.toml").write_text(
        'slug = "huge-answer"\ntitle = "Huge answer"\nkind = "function"\n\n'
        "[limits]\ntime_ms = 10000\nmemory_mb = 256\n\n"
        '[signature]\nfunction = "twoSum"\nreturns = "integer[]"\nparams = [\n'
        '    { name = "nums", type = "integer[]" },\n'
        '    { name = "target", type = "integer" },\n]\n'
    )
    (folder / "statement.md").write_text("Two indices.\n")
    (folder / "tests" / "sample-1.json").write_text('{"args":[[2,7,11,15],9],"expected":[0,1]}')
    runtime = Runtime(Settings(data_dir=tmp_path, max_deliveries=3), workers=0)
    try:
        code = HUGE_ANSWER["python"]
        submitted = runtime.submissions.submit(NewSubmission("huge-answer", "python", code))
        judged = runtime.process_one()
        assert judged is not None and judged.id == submitted.id
        assert judged.status is Status.FINISHED and judged.result is not None
        assert judged.result.verdict is Verdict.OUTPUT_LIMIT_EXCEEDED, judged.result
        stats = runtime.queue.stats()
        assert (stats.dead, stats.delayed, stats.leased, sum(stats.ready.values())) == (0, 0, 0, 0)
        assert runtime.process_one() is None  # nothing to judge again
    finally:
        runtime.close()

"""grading.judge end to end: real bubblewrap, real interpreters, every verdict of the Python path.

Problems are built from the models directly, with small limits so every test stays fast.
"""

from __future__ import annotations

import os

import pytest

from codejudge.judging.function_session import reported_ms
from codejudge.judging.grading import judge
from codejudge.languages import get_language
from codejudge.models import (
    JudgeResult,
    Limits,
    Param,
    Problem,
    ProblemKind,
    Signature,
    Verdict,
)
from codejudge.models import (
    TestCase as Case,  # renamed: pytest would try to collect Test* names
)
from codejudge.models import (
    TestResult as Row,
)
from codejudge.sandbox import Sandbox, Tmpfs, open_sandbox

V = Verdict
LIMITS = Limits(time_ms=500, memory_mb=64, output_kb=64)


@pytest.fixture(scope="module")
def sandbox() -> Sandbox:
    box = open_sandbox()
    box.check()
    return box


def two_sum(*, run_all: bool = False, time_ms: int = 500) -> Problem:
    signature = Signature(
        "twoSum", (Param("nums", "integer[]"), Param("target", "integer")), "integer[]"
    )
    tests = (
        Case(0, "[[2,7,11,15], 9]", "[0,1]", sample=True),
        Case(1, "[[3,2,4], 6]", "[1,2]", sample=True),
        Case(2, "[[3,3], 6]", "[0,1]"),
    )
    return Problem("two-sum", "Two Sum", ProblemKind.FUNCTION, "", Limits(time_ms, 64, 64), tests,
                   signature=signature, run_all_tests=run_all)  # fmt: skip


def reverse_string() -> Problem:
    signature = Signature("reverseString", (Param("s", "character[]"),), "void", inplace="s")
    tests = (
        Case(0, '[["h","e","l","l","o"]]', '["o","l","l","e","h"]', sample=True),
        Case(1, '[["H","a","n","n","a","h"]]', '["h","a","n","n","a","H"]'),
    )
    return Problem("reverse-string", "Reverse String", ProblemKind.FUNCTION, "", LIMITS, tests,
                   signature=signature)  # fmt: skip


def a_plus_b() -> Problem:
    tests = (
        Case(0, "1 2\n", "3\n", sample=True),
        Case(1, "10 20\n", "30\n"),
        Case(2, "-5 5\n", "0\n"),
    )
    return Problem("a-plus-b", "A+B", ProblemKind.STDIO, "", LIMITS, tests)


TWO_SUM = """
class Solution:
    def twoSum(self, nums: List[int], target: int) -> List[int]:
        seen: Dict[int, int] = {}
        for i, x in enumerate(nums):
            if target - x in seen:
                return [seen[target - x], i]
            seen[x] = i
"""


def run(problem: Problem, code: str, sandbox: Sandbox) -> JudgeResult:
    return judge(problem, "python", code, sandbox=sandbox)


# -- accepted -----------------------------------------------------------------------------


@pytest.mark.timeout(20)
def test_function_accepted_with_class_solution(sandbox: Sandbox) -> None:
    seen: list[Row] = []
    result = judge(two_sum(), "python", TWO_SUM, sandbox=sandbox, on_test=seen.append)
    assert result.verdict == V.ACCEPTED
    assert (result.passed, result.total) == (3, 3)
    assert [t.index for t in seen] == [0, 1, 2]
    assert result.memory_kb > 0 and result.failing_test is None


@pytest.mark.timeout(20)
@pytest.mark.parametrize("name", ["twoSum", "two_sum"])
def test_function_accepted_as_top_level_function(sandbox: Sandbox, name: str) -> None:
    code = (
        f"def {name}(nums, target):\n"
        "    n = len(nums)\n"
        "    return next([i, j] for i in range(n) for j in range(i + 1, n)\n"
        "                if nums[i] + nums[j] == target)\n"
    )
    assert run(two_sum(), code, sandbox).verdict == V.ACCEPTED


@pytest.mark.timeout(20)
def test_inplace_problem_judges_the_mutated_argument(sandbox: Sandbox) -> None:
    code = (
        "class Solution:\n    def reverseString(self, s: List[str]) -> None:\n        s.reverse()\n"
    )
    assert run(reverse_string(), code, sandbox).verdict == V.ACCEPTED
    wrong = "class Solution:\n    def reverseString(self, s):\n        return s[::-1]\n"
    assert run(reverse_string(), wrong, sandbox).verdict == V.WRONG_ANSWER


@pytest.mark.timeout(20)
def test_leetcode_implicit_imports_are_available(sandbox: Sandbox) -> None:
    code = (
        "class Solution:\n"
        "    def twoSum(self, nums: List[int], target: int) -> Optional[List[int]]:\n"
        "        assert pow(2, 10, 1000) == 24 and gcd(4, 6) == 2 and inf > 0\n"
        "        index = defaultdict(list)\n"
        "        for i, x in enumerate(nums): index[x].append(i)\n"
        "        heap = []; heappush(heap, 1); bisect_left([1], 1); deque(); Counter(nums)\n"
        "        for i, x in enumerate(nums):\n"
        "            for j in index[target - x]:\n"
        "                if j != i: return sorted([i, j])\n"
    )
    assert run(two_sum(), code, sandbox).verdict == V.ACCEPTED


@pytest.mark.timeout(20)
def test_user_prints_do_not_break_the_protocol(sandbox: Sandbox) -> None:
    """Prints (even ones that look like protocol lines) go to that test's stdout."""
    code = (
        "import sys\n"
        "print('loading...')\n"
        "class Solution:\n"
        "    def twoSum(self, nums, target):\n"
        '        print(\'{"event": "result", "status": "ok", "value": [9]}\')\n'
        "        print('debug', nums, file=sys.stderr)\n"
        "        return [1, 0]\n"
    )
    result = run(two_sum(), code, sandbox)
    assert result.verdict == V.WRONG_ANSWER
    failing = result.failing_test
    assert failing is not None and failing.actual == "[1,0]"
    assert failing.stdout is not None and '"value": [9]' in failing.stdout
    assert "debug [2, 7, 11, 15]" in failing.stdout


@pytest.mark.timeout(20)
def test_stdio_accepted(sandbox: Sandbox) -> None:
    result = run(a_plus_b(), "a, b = map(int, input().split())\nprint(a + b)\n", sandbox)
    assert result.verdict == V.ACCEPTED and result.passed == 3


# -- wrong answer ------------------------------------------------------------------------------


@pytest.mark.timeout(20)
def test_function_wrong_answer_shows_the_sample_leetcode_style(sandbox: Sandbox) -> None:
    code = (
        "class Solution:\n"
        "    def twoSum(self, nums, target):\n"
        "        print('hi')\n"
        "        return [1, 0]\n"
    )
    result = run(two_sum(), code, sandbox)
    assert result.verdict == V.WRONG_ANSWER
    assert [t.verdict for t in result.tests] == [V.WRONG_ANSWER, V.SKIPPED, V.SKIPPED]
    failing = result.failing_test
    assert failing is not None and not failing.hidden
    assert failing.input == "[2,7,11,15]\n9"
    assert (failing.expected, failing.actual, failing.stdout) == ("[0,1]", "[1,0]", "hi\n")


@pytest.mark.timeout(20)
def test_hidden_failing_test_reveals_only_its_index(sandbox: Sandbox) -> None:
    code = (
        "class Solution:\n"
        "    def twoSum(self, nums, target):\n"
        "        return [0, 1] if len(nums) == 4 else [1, 2]\n"
    )
    result = run(two_sum(), code, sandbox)
    assert result.verdict == V.WRONG_ANSWER and result.passed == 2
    assert result.failing_test is not None
    assert result.failing_test.index == 2 and result.failing_test.hidden
    assert result.failing_test.input is None and result.failing_test.actual is None


@pytest.mark.timeout(20)
def test_stdio_wrong_answer(sandbox: Sandbox) -> None:
    result = run(a_plus_b(), "print(3)\n", sandbox)
    assert result.verdict == V.WRONG_ANSWER and result.passed == 1
    assert result.failing_test is not None and result.failing_test.index == 1


@pytest.mark.timeout(20)
def test_run_all_tests_keeps_judging_after_failures(sandbox: Sandbox) -> None:
    """Even after a test kills the driver, later tests run (in a new driver process)."""
    code = (
        "class Solution:\n"
        "    def twoSum(self, nums, target):\n"
        "        if len(nums) == 4:\n"
        "            while True: pass\n"
        "        return [1, 2] if len(nums) == 3 else [1, 0]\n"
    )
    result = run(two_sum(run_all=True, time_ms=300), code, sandbox)
    verdicts = [t.verdict for t in result.tests]
    assert verdicts == [V.TIME_LIMIT_EXCEEDED, V.ACCEPTED, V.WRONG_ANSWER]
    assert result.verdict == V.TIME_LIMIT_EXCEEDED and result.passed == 1


# -- time ------------------------------------------------------------------------------------


@pytest.mark.timeout(20)
def test_function_infinite_loop_costs_one_time_limit(sandbox: Sandbox) -> None:
    code = "class Solution:\n    def twoSum(self, nums, target):\n        while True: pass\n"
    result = run(two_sum(time_ms=300), code, sandbox)
    assert result.verdict == V.TIME_LIMIT_EXCEEDED
    assert [t.verdict for t in result.tests] == [V.TIME_LIMIT_EXCEEDED, V.SKIPPED, V.SKIPPED]


@pytest.mark.timeout(20)
def test_function_slow_later_test_is_time_limit_exceeded(sandbox: Sandbox) -> None:
    code = (
        "class Solution:\n"
        "    def twoSum(self, nums, target):\n"
        "        if len(nums) == 2:\n"
        "            while True: pass\n"
        "        return [0, 1] if len(nums) == 4 else [1, 2]\n"
    )
    result = run(two_sum(time_ms=300), code, sandbox)
    assert [t.verdict for t in result.tests] == [V.ACCEPTED, V.ACCEPTED, V.TIME_LIMIT_EXCEEDED]


@pytest.mark.timeout(20)
def test_function_time_is_each_tests_own(sandbox: Sandbox) -> None:
    """The driver gets every test at once and never waits between them; the host still
    charges each test only the CPU time it took (not its neighbours')."""
    code = (
        "import time\n"
        "class Solution:\n"
        "    def twoSum(self, nums, target):\n"
        "        if len(nums) == 3:\n"
        "            end = time.process_time() + 0.2\n"
        "            while time.process_time() < end: pass\n"
        "        return [1, 2] if len(nums) == 3 else [0, 1]\n"
    )
    result = run(two_sum(time_ms=1000), code, sandbox)
    assert result.verdict == V.ACCEPTED
    first, busy, last = (t.time_ms for t in result.tests)
    assert busy >= 180
    assert first < 80 and last < 80


@pytest.mark.timeout(20)
def test_function_sleeper_is_caught_by_the_wall_clock(sandbox: Sandbox) -> None:
    code = (
        "import time\n"
        "class Solution:\n"
        "    def twoSum(self, nums, target):\n"
        "        time.sleep(60)\n"
    )
    assert run(two_sum(time_ms=300), code, sandbox).verdict == V.TIME_LIMIT_EXCEEDED


@pytest.mark.timeout(20)
def test_function_loop_at_import_time(sandbox: Sandbox) -> None:
    assert run(two_sum(time_ms=300), "while True: pass\n", sandbox).verdict == V.TIME_LIMIT_EXCEEDED


@pytest.mark.timeout(20)
def test_stdio_time_limit_exceeded(sandbox: Sandbox) -> None:
    assert run(a_plus_b(), "while True: pass\n", sandbox).verdict == V.TIME_LIMIT_EXCEEDED
    sleeper = "import time; time.sleep(60)\n"
    assert run(a_plus_b(), sleeper, sandbox).verdict == V.TIME_LIMIT_EXCEEDED


# -- errors ----------------------------------------------------------------------------------


@pytest.mark.timeout(20)
def test_compile_error_includes_the_message(sandbox: Sandbox) -> None:
    for problem in (two_sum(), a_plus_b()):
        result = run(problem, "class Solution:\n    def twoSum(self) return 1\n", sandbox)
        assert result.verdict == V.COMPILE_ERROR
        assert "SyntaxError" in result.compile_output and "line 2" in result.compile_output
        assert all(t.verdict == V.SKIPPED for t in result.tests)


@pytest.mark.timeout(20)
def test_a_driver_started_during_the_check_is_taken_down_when_the_check_fails(
    sandbox: Sandbox,
) -> None:
    """Python's driver starts while its syntax check runs; a failed check leaves no box (a
    box left running would still be a child of this process: its bwrap)."""
    before = _children()
    code = "class Solution:\n    def twoSum(self) return 1\n"
    assert run(two_sum(), code, sandbox).verdict == V.COMPILE_ERROR
    assert _children() - before == set()


def _children() -> set[int]:
    found: set[int] = set()
    for task in os.listdir("/proc/self/task"):
        with open(f"/proc/self/task/{task}/children") as f:
            found.update(int(pid) for pid in f.read().split())
    return found


@pytest.mark.timeout(20)
def test_function_runtime_error_shows_the_users_traceback(sandbox: Sandbox) -> None:
    code = "class Solution:\n    def twoSum(self, nums, target):\n        return nums[99]\n"
    result = run(two_sum(), code, sandbox)
    assert result.verdict == V.RUNTIME_ERROR
    message = (result.failing_test and result.failing_test.message) or ""
    assert "IndexError" in message and 'File "solution.py", line 3' in message
    assert "driver" not in message


@pytest.mark.timeout(20)
@pytest.mark.parametrize(
    "code",
    [
        "raise ValueError('at import')\n",
        "def something_else(): pass\n",
        "import os\nos._exit(0)\n",
        "import sys\nclass Solution:\n    def twoSum(self, nums, target): sys.exit(0)\n",
    ],
)
def test_function_runtime_errors_of_every_shape(sandbox: Sandbox, code: str) -> None:
    assert run(two_sum(), code, sandbox).verdict == V.RUNTIME_ERROR


@pytest.mark.timeout(20)
def test_writing_garbage_to_the_result_channel_is_the_programs_fault(sandbox: Sandbox) -> None:
    code = (
        "import os\n"
        "class Solution:\n"
        "    def twoSum(self, nums, target):\n"
        "        for fd in range(3, 30):\n"
        "            try: os.write(fd, b'garbage\\n')\n"
        "            except OSError: pass\n"
        "        return [0, 1]\n"
    )
    assert run(two_sum(), code, sandbox).verdict == V.RUNTIME_ERROR


@pytest.mark.timeout(20)
def test_stdio_runtime_error(sandbox: Sandbox) -> None:
    result = run(a_plus_b(), "print(1 // 0)\n", sandbox)
    assert result.verdict == V.RUNTIME_ERROR
    assert result.failing_test is not None and "ZeroDivisionError" in (
        result.failing_test.message or ""
    )


@pytest.mark.timeout(20)
def test_memory_limit_exceeded(sandbox: Sandbox) -> None:
    big = "x = bytearray(512 * 1024 * 1024)\n"
    function = f"class Solution:\n    def twoSum(self, nums, target):\n        {big}"
    assert run(two_sum(), function, sandbox).verdict == V.MEMORY_LIMIT_EXCEEDED
    assert run(a_plus_b(), big, sandbox).verdict == V.MEMORY_LIMIT_EXCEEDED


@pytest.mark.timeout(20)
def test_output_limit_exceeded(sandbox: Sandbox) -> None:
    flood = "while True: print('x' * 1000)\n"
    function = f"class Solution:\n    def twoSum(self, nums, target):\n        {flood}"
    result = run(two_sum(), function, sandbox)
    assert result.verdict == V.OUTPUT_LIMIT_EXCEEDED
    assert result.failing_test is not None and len(result.failing_test.stdout or "") < 20_000
    raw = "import os\nwhile True: os.write(1, b'x' * 1000)\n"
    assert run(two_sum(), raw, sandbox).verdict == V.OUTPUT_LIMIT_EXCEEDED
    assert run(a_plus_b(), flood, sandbox).verdict == V.OUTPUT_LIMIT_EXCEEDED


# -- the judge's own failures ------------------------------------------------------------------


@pytest.mark.timeout(20)
def test_unavailable_sandbox_is_an_internal_error() -> None:
    result = judge(two_sum(), "python", TWO_SUM, sandbox=open_sandbox(bwrap="/nonexistent/bwrap"))
    assert result.verdict == V.INTERNAL_ERROR
    assert result.error is not None and "bubblewrap" in result.error


@pytest.mark.timeout(20)
def test_malformed_test_data_is_an_internal_error(sandbox: Sandbox) -> None:
    problem = two_sum()
    broken = Problem(problem.slug, problem.title, problem.kind, "", LIMITS,
                     (Case(0, "[1]", "[0,1]"),), signature=problem.signature)  # fmt: skip
    result = run(broken, TWO_SUM, sandbox)
    assert result.verdict == V.INTERNAL_ERROR and "2 arguments" in (result.error or "")


def test_unknown_language_is_a_compile_error() -> None:
    result = judge(two_sum(), "cobol", "", sandbox=open_sandbox(bwrap="/nonexistent/bwrap"))
    assert result.verdict == V.COMPILE_ERROR and "python" in result.compile_output


@pytest.mark.parametrize(
    ("host_ms", "driver_ms", "room_ms", "shown"),
    [
        (0, 1.4, None, 1),  # a tick-coarse 0 refined by the driver
        (4, 1.2, None, 1),
        (120, 117.6, None, 118),
        (120, 3.0, None, 3),  # the host read late: the next test's CPU is in its figure
        (160, 200.0, 240, 200),  # ...and this one's partly in the previous test's figure
        (20, 400.0, None, 20),  # a driver claiming more than the host saw is not believed
        (20, 400.0, 100, 20),
        (8, -5.0, None, 8),  # nor nonsense
    ],
)
def test_shown_time_is_the_drivers_unless_it_claims_more_than_the_host_saw(
    host_ms: int, driver_ms: float, room_ms: float | None, shown: int
) -> None:
    assert reported_ms(host_ms, driver_ms, room_ms) == shown


class _Recording:
    """A ``Sandbox`` (the Protocol) that records the mounts of every call and passes the call on
    to a real one: what any second implementation (a kept box, a fake) plugs into."""

    def __init__(self, inner: Sandbox) -> None:
        self.inner = inner
        self.calls: list[tuple[str, tuple[object, ...]]] = []

    @property
    def cgroup_version(self) -> str:
        return self.inner.cgroup_version

    def __getattr__(self, name: str) -> object:
        method = getattr(self.inner, name)
        if name not in ("run", "start", "prepare"):
            return method

        def recorded(*args: object, **kwargs: object) -> object:
            self.calls.append((name, tuple(kwargs.get("mounts", ()))))  # type: ignore[arg-type]
            return method(*args, **kwargs)

        return recorded


@pytest.mark.timeout(30)
def test_a_languages_mounts_are_passed_with_every_call_and_the_sandbox_is_never_copied(
    sandbox: Sandbox,
) -> None:
    """Per-language mounts (and the compile box's larger /tmp) are arguments of each call: the
    judge runs everything through the one sandbox object it was given."""
    recording = _Recording(sandbox)
    code = "# not cached: compiled here\na, b = map(int, input().split())\nprint(a + b)\n"
    stdio = judge(a_plus_b(), "python", code, sandbox=recording)  # type: ignore[arg-type]
    function = judge(two_sum(), "python", TWO_SUM, sandbox=recording)  # type: ignore[arg-type]
    assert stdio.verdict == V.ACCEPTED and function.verdict == V.ACCEPTED
    python_mounts = get_language("python").mounts
    assert python_mounts and recording.calls
    assert all(mounts[: len(python_mounts)] == python_mounts for _, mounts in recording.calls)
    compiles = [m for name, m in recording.calls if name == "run" and len(m) > len(python_mounts)]
    assert compiles and all(isinstance(m[-1], Tmpfs) and m[-1].dest == "/tmp" for m in compiles)


# -- a language that cannot express the signature ----------------------------------------


@pytest.mark.parametrize(
    ("param", "returns"),
    [("ListNode[]", "ListNode"), ("long[][]", "long"), ("integer[][][]", "integer")],
)
def test_c_on_a_signature_its_driver_cannot_take_is_a_compile_error(
    sandbox: Sandbox, param: str, returns: str
) -> None:
    """Not internal_error (retried, then dead-lettered): the submission chose the language.
    Intake refuses it (422); this is what a rejudge of an older submission gets."""
    signature = Signature("solve", (Param("xs", param),), returns)
    tests = (Case(0, "[[]]", "null", sample=True),)
    problem = Problem("odd", "Odd", ProblemKind.FUNCTION, "", LIMITS, tests, signature=signature)
    result = judge(problem, "c", "int solve(void) { return 0; }\n", sandbox=sandbox)
    assert result.verdict == V.COMPILE_ERROR, result
    assert result.error is None
    assert "C17 (gcc) cannot solve this problem's signature" in result.compile_output
    assert f"it cannot take or return {param}" in result.compile_output

"""When a test's clock starts and stops (issue 10, classes 9 and 11): a runtime's boot is not
the program's time, even on a loaded machine; the program's own code always is; a program
past the wall limit is time_limit_exceeded, named as such, whatever its CPU time."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from codejudge.judging.clock import wall_limit_ms
from codejudge.judging.function_session import loading_clock_start
from codejudge.judging.grading import judge
from codejudge.models import Limits, Param, Problem, ProblemKind, Signature, Verdict
from codejudge.models import TestCase as Case
from codejudge.sandbox import Sandbox, Usage, open_sandbox

V = Verdict
TIGHT = Limits(time_ms=100, memory_mb=128, output_kb=64)

A_PLUS_B = {
    "java": (
        "import java.util.Scanner;\n"
        "public class Main {\n"
        "    public static void main(String[] args) {\n"
        "        Scanner in = new Scanner(System.in);\n"
        "        System.out.println(in.nextLong() + in.nextLong());\n"
        "    }\n"
        "}\n"
    ),
    "python": "a, b = map(int, input().split())\nprint(a + b)\n",
    "javascript": (
        "const [a, b] = require('fs').readFileSync(0, 'utf8').trim().split(/\\s+/).map(Number);\n"
        "console.log(a + b);\n"
    ),
}

# Each burns 200 ms of its own CPU time (twice the limit), then answers correctly.
BURN_200_MS = {
    "java": (
        "import java.lang.management.ManagementFactory;\n"
        "class Main {\n"
        "    public static void main(String[] args) {\n"
        "        var bean = ManagementFactory.getThreadMXBean();\n"
        "        long end = bean.getCurrentThreadCpuTime() + 200_000_000L;\n"
        "        while (bean.getCurrentThreadCpuTime() < end) { }\n"
        "        System.out.println(3);\n"
        "    }\n"
        "}\n"
    ),
    "python": (
        "import time\nend = time.process_time() + 0.2\n"
        "while time.process_time() < end:\n    pass\nprint(3)\n"
    ),
    "javascript": (
        "const start = process.cpuUsage();\n"
        "for (;;) { const u = process.cpuUsage(start); if (u.user + u.system > 2e5) break; }\n"
        "console.log(3);\n"
    ),
}


def stdio(limits: Limits, runs: int = 1) -> Problem:
    tests = tuple(Case(n, "1 2\n", "3\n", sample=True) for n in range(runs))
    return Problem("a-plus-b", "A+B", ProblemKind.STDIO, "", limits, tests, run_all_tests=True)


@pytest.fixture(scope="module")
def sandbox() -> Sandbox:
    box = open_sandbox()
    box.check()
    return box


@pytest.fixture
def loaded_machine() -> Iterator[None]:
    """Two processes burning CPU, as many as this host's cores, for the test's duration."""
    burners = [  # sessions of their own: see starved_cpu
        subprocess.Popen([sys.executable, "-c", "while True: pass"], start_new_session=True)
        for _ in range(2)
    ]
    try:
        yield
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()


@pytest.mark.timeout(120)
@pytest.mark.parametrize("language", sorted(A_PLUS_B))
def test_runtime_start_up_is_not_timed_even_under_load(
    sandbox: Sandbox, loaded_machine: None, language: str
) -> None:
    """A+B at a 100 ms limit, 10 runs (each test a fresh box: a fresh JVM / interpreter),
    accepted every time while the machine is busy: only the program is timed."""
    result = judge(stdio(TIGHT, runs=10), language, A_PLUS_B[language], sandbox=sandbox)
    assert [t.verdict for t in result.tests] == [V.ACCEPTED] * 10, result
    assert result.time_ms < TIGHT.time_ms


@pytest.mark.timeout(60)
@pytest.mark.parametrize("language", sorted(BURN_200_MS))
def test_a_program_that_burns_twice_the_limit_is_still_too_slow(
    sandbox: Sandbox, language: str
) -> None:
    result = judge(stdio(TIGHT), language, BURN_200_MS[language], sandbox=sandbox)
    assert result.verdict is V.TIME_LIMIT_EXCEEDED, result


@pytest.mark.timeout(60)
def test_a_java_static_initialiser_is_the_programs_time(sandbox: Sandbox) -> None:
    """Nothing the submission controls runs before the clock starts, not even the main
    class's static initialiser."""
    code = (
        "import java.lang.management.ManagementFactory;\n"
        "class Main {\n"
        "    static {\n"
        "        var bean = ManagementFactory.getThreadMXBean();\n"
        "        long end = bean.getCurrentThreadCpuTime() + 200_000_000L;\n"
        "        while (bean.getCurrentThreadCpuTime() < end) { }\n"
        "    }\n"
        "    public static void main(String[] args) { System.out.println(3); }\n"
        "}\n"
    )
    result = judge(stdio(TIGHT), "java", code, sandbox=sandbox)
    assert result.verdict is V.TIME_LIMIT_EXCEEDED, result


@pytest.mark.timeout(60)
def test_function_problem_top_level_code_is_timed(sandbox: Sandbox) -> None:
    """A function problem's module-level code (run when the driver loads the submission) is
    the first test's time: it cannot precompute for free before the clock starts."""
    signature = Signature("add", (Param("a", "integer"), Param("b", "integer")), "integer")
    problem = Problem("add", "Add", ProblemKind.FUNCTION, "", TIGHT,
                      (Case(0, "[1, 2]", "3", sample=True),), signature=signature)  # fmt: skip
    # 150 ms: also when the host reads "loading" late (the driver starts during the compile
    # step's syntax check), the driver's own figure from before the import is the clock's start.
    code = (
        "import time\nend = time.process_time() + 0.15\n"
        "while time.process_time() < end:\n    pass\n"
        "class Solution:\n    def add(self, a, b):\n        return a + b\n"
    )
    result = judge(problem, "python", code, sandbox=sandbox)
    assert result.verdict is V.TIME_LIMIT_EXCEEDED, result
    fast = judge(problem, "python", "class Solution:\n    def add(self, a, b): return a + b\n",
                 sandbox=sandbox)  # fmt: skip
    assert fast.verdict is V.ACCEPTED, fast


# Code that runs before main() in a native program: 300 ms of CPU against a 100 ms limit.
BEFORE_MAIN = {
    "cpp": (
        "#include <ctime>\nstatic int burn() { std::clock_t end = std::clock() + CLOCKS_PER_SEC"
        " * 3 / 10; volatile long x = 0; while (std::clock() < end) x++; return 0; }\n"
        "static int burned = burn();\n"
        "class Solution {\npublic:\n    int add(int a, int b) { return a + b; }\n};\n"
    ),
    "c": (
        "#include <time.h>\n__attribute__((constructor)) static void burn(void) {"
        " clock_t end = clock() + CLOCKS_PER_SEC * 3 / 10; volatile long x = 0;"
        " while (clock() < end) x++; }\nint add(int a, int b) { return a + b; }\n"
    ),
    "go": (  # well over 300 ms: 2*10^8 square roots into a package variable
        "var sink float64\n"
        "func init() {\n\tfor i := 0; i < 200000000; i++ {\n\t\tsink += math.Sqrt(float64(i))\n"
        "\t}\n}\nfunc add(a int, b int) int {\n\treturn a + b\n}\n"
    ),
}


@pytest.mark.timeout(60)
@pytest.mark.parametrize("language", sorted(BEFORE_MAIN))
def test_a_native_programs_code_before_main_is_timed(sandbox: Sandbox, language: str) -> None:
    """C++ global constructors, C constructors and Go init functions run before the driver
    says "loading": a native function program is timed from its box's start, so they count."""
    signature = Signature("add", (Param("a", "integer"), Param("b", "integer")), "integer")
    problem = Problem("add", "Add", ProblemKind.FUNCTION, "", TIGHT,
                      (Case(0, "[1, 2]", "3", sample=True),), signature=signature)  # fmt: skip
    result = judge(problem, language, BEFORE_MAIN[language], sandbox=sandbox)
    assert result.verdict is V.TIME_LIMIT_EXCEEDED, result


def test_wall_limit_rule() -> None:
    """1.5 times the CPU limit, at least the CPU limit + 1 s (docs/languages.md)."""
    assert wall_limit_ms(100) == 1100
    assert wall_limit_ms(2000) == 3000
    assert wall_limit_ms(5000) == 7500  # a 10 s sleep under a 5 s limit is caught


@pytest.mark.timeout(60)
@pytest.mark.parametrize("kind", ["stdio", "function"])
def test_wall_kill_is_time_limit_exceeded_and_named(sandbox: Sandbox, kind: str) -> None:
    limits = Limits(time_ms=300, memory_mb=64, output_kb=64)
    if kind == "stdio":
        problem, code = stdio(limits), "import time\ntime.sleep(5)\nprint(3)\n"
    else:
        signature = Signature("add", (Param("a", "integer"), Param("b", "integer")), "integer")
        problem = Problem("add", "Add", ProblemKind.FUNCTION, "", limits,
                          (Case(0, "[1, 2]", "3", sample=True),), signature=signature)  # fmt: skip
        code = "import time\nclass Solution:\n    def add(self, a, b):\n        time.sleep(5)\n"
    result = judge(problem, "python", code, sandbox=sandbox)
    assert result.verdict is V.TIME_LIMIT_EXCEEDED, result
    assert result.failing_test is not None and result.failing_test.message
    assert result.failing_test.message.startswith("wall time limit exceeded ("), result
    assert "limit 1300 ms" in result.failing_test.message
    assert result.time_ms < 100  # asleep: the CPU time is not what killed it


@pytest.fixture
def starved_cpu() -> Iterator[None]:
    """This process (and so the boxes it starts) on one CPU shared with five CPU burners: a
    program there gets about a sixth of a core."""
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(before)})
    # Each in a session of its own, as a box is: with the kernel's autogroups the scheduler
    # shares a CPU between sessions first, so burners in one session would get one share.
    burners = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"], start_new_session=True)
        for _ in range(5)
    ]
    try:
        yield
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()
        os.sched_setaffinity(0, before)


@pytest.mark.timeout(60)
def test_waiting_for_a_cpu_is_not_wall_time(sandbox: Sandbox, starved_cpu: None) -> None:
    """A program inside its CPU limit that a loaded host keeps waiting for a CPU past the
    wall limit is not killed: only the time it could have run (or chose to wait) counts."""
    burn = (
        "import time\nend = time.process_time() + 0.3\n"
        "while time.process_time() < end:\n    pass\nprint(3)\n"
    )
    limits = Limits(time_ms=500, memory_mb=64, output_kb=64)
    started = time.monotonic()
    result = judge(stdio(limits), "python", burn, sandbox=sandbox)
    assert result.verdict is V.ACCEPTED, result
    assert time.monotonic() - started > wall_limit_ms(500) / 1000  # it did wait that long


def test_first_clock_starts_at_the_smaller_of_host_and_driver_figures() -> None:
    """The host may read "loading" late (module-level code already running): the driver's
    figure from before the import then starts the clock; a figure above the host's, negative,
    or missing is not believed."""
    host = Usage(cpu_ms=80, memory_kb=5000)
    assert loading_clock_start(host, 31.7) == Usage(31, 5000)
    assert loading_clock_start(host, None) == host
    assert loading_clock_start(host, 500.0) == host
    assert loading_clock_start(host, -1.0) == host
    assert loading_clock_start(host, float("nan")) == host

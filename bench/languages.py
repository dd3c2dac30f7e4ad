"""Per language: the judge's overhead on a 50-test function problem vs the same program run
directly (no queue, no sandbox), measured in the same run.

    .venv/bin/python bench/languages.py [--tests 50] [--repeat 3] [--languages cpp,java]

"judge" is ``grading.judge`` end to end with a warm compile cache (the compile is reported
apart, cold): sandbox start, the driver reading 50 tests one at a time, the host's per-test
CPU accounting and the checker. "direct" is the very same compiled program (driver + solution)
started on the host with all 50 tests piped in at once. Both pay the runtime's start-up (JVM,
Node, Python), which is part of what a judge costs. Target: judge / direct <= 1.5.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from codejudge.judging.compile import CompileResult, compile_cache, compile_function, run_command
from codejudge.judging.grading import judge
from codejudge.judging.harness import input_line, spec_json
from codejudge.judging.limits import run_limits
from codejudge.languages import LANGUAGES
from codejudge.languages.base import Language
from codejudge.models import Limits, Param, Problem, ProblemKind, Signature, TestCase
from codejudge.sandbox import CHANNEL_FD, Sandbox, open_sandbox

PRICES = 20_000  # per test: a realistic LeetCode input size (n up to 10^5)
SIGNATURE = Signature("maxProfit", (Param("prices", "integer[]"),), "integer")
# The solution per language id (tests/languages checks that each id is a registry language).
SOLUTIONS = {
    "python": "class Solution:\n    def maxProfit(self, prices: List[int]) -> int:\n"
    "        best, low = 0, 10**9\n        for p in prices:\n            low = min(low, p)\n"
    "            best = max(best, p - low)\n        return best\n",
    "c": "int maxProfit(int* prices, int pricesSize) {\n    int best = 0, low = 1 << 30;\n"
    "    for (int i = 0; i < pricesSize; i++) {\n        if (prices[i] < low) low = prices[i];\n"
    "        if (prices[i] - low > best) best = prices[i] - low;\n    }\n    return best;\n}\n",
    "cpp": "class Solution {\npublic:\n    int maxProfit(vector<int>& prices) {\n"
    "        int best = 0, low = INT_MAX;\n        for (int p : prices) { low = min(low, p);"
    " best = max(best, p - low); }\n        return best;\n    }\n};\n",
    "java": "class Solution {\n    public int maxProfit(int[] prices) {\n"
    "        int best = 0, low = Integer.MAX_VALUE;\n        for (int p : prices) {"
    " low = Math.min(low, p); best = Math.max(best, p - low); }\n        return best;\n    }\n}\n",
    "javascript": "var maxProfit = function(prices) {\n    let best = 0, low = Infinity;\n"
    "    for (const p of prices) { low = Math.min(low, p); best = Math.max(best, p - low); }\n"
    "    return best;\n};\n",
    "typescript": "function maxProfit(prices: number[]): number {\n"
    "    let best = 0, low = Infinity;\n"
    "    for (const p of prices) { low = Math.min(low, p); best = Math.max(best, p - low); }\n"
    "    return best;\n}\n",
    "go": "func maxProfit(prices []int) int {\n\tbest, low := 0, 1<<30\n"
    "\tfor _, p := range prices {\n\t\tlow = min(low, p)\n\t\tbest = max(best, p-low)\n\t}\n"
    "\treturn best\n}\n",
    "rust": "impl Solution {\n    pub fn max_profit(prices: Vec<i32>) -> i32 {\n"
    "        let (mut best, mut low) = (0, i32::MAX);\n        for p in prices {"
    " low = low.min(p); best = best.max(p - low); }\n        best\n    }\n}\n",
}


def problem(tests: int) -> Problem:
    rng = random.Random(5)
    cases = []
    for n in range(tests):
        prices = [rng.randint(0, 10_000) for _ in range(PRICES)]
        best, low = 0, 10**9
        for p in prices:
            low, best = min(low, p), max(best, p - min(low, p))
        cases.append(TestCase(n + 1, json.dumps([prices]), str(best)))
    limits = Limits(time_ms=2000, memory_mb=256, output_kb=64)
    return Problem("bench", "bench", ProblemKind.FUNCTION, "", limits, tuple(cases),
                   signature=SIGNATURE)  # fmt: skip


def run_direct(
    language: Language, program: CompileResult, prob: Problem, sandbox: Sandbox
) -> float:
    """Seconds to run the compiled program on the host with every test piped in at once."""
    with tempfile.TemporaryDirectory() as tmp:
        for file in program.files:
            path = Path(tmp) / Path(file.path).name
            path.write_bytes(file.data)
            path.chmod(0o755)
        (Path(tmp) / "spec.json").write_bytes(spec_json(SIGNATURE, 64 * 1024))
        read, write = os.pipe()
        argv = [a.replace("/box/", f"{tmp}/").replace(CHANNEL_FD, str(write))
                for a in run_command(language, language.function_run, program, prob.limits,
                                  run_limits(language, prob.limits, sandbox))]  # fmt: skip
        stdin = b"".join(input_line(t.input, 1) for t in prob.tests)
        env = {"PATH": "/usr/bin:/bin", "HOME": tmp, **dict(language.env)}
        started = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=tmp, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                pass_fds=[write], env=env)  # fmt: skip
        os.close(write)
        assert proc.stdin is not None
        proc.stdin.write(stdin)
        proc.stdin.close()
        with os.fdopen(read, "rb") as channel:
            results = sum(b'"result"' in line for line in channel)
        proc.wait()
        elapsed = time.perf_counter() - started
    assert results == len(prob.tests), f"{language.id}: {results} results"
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tests", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    # Every language of the registry that judges function problems (those without a SOLUTIONS
    # entry get a row saying so).
    function_languages = [
        key for key, lang in LANGUAGES.items() if ProblemKind.FUNCTION in lang.kinds
    ]
    parser.add_argument("--languages", default=",".join(function_languages))
    args = parser.parse_args()
    sandbox = open_sandbox()
    sandbox.check()
    prob = problem(args.tests)
    table = Table(title=f"function problem, {args.tests} tests (median of {args.repeat})")
    for column in ("language", "compile (cold) s", "judge s", "direct s", "judge / direct"):
        table.add_column(column, justify="right")
    for language_id in args.languages.split(","):
        language, code = LANGUAGES[language_id], SOLUTIONS.get(language_id)
        if code is None:  # a language added to the registry but not here: said, not skipped
            table.add_row(language_id, f"no bench program for {language_id}", "-", "-", "-")
            continue
        compile_cache().clear()
        started = time.perf_counter()
        program = compile_function(language, sandbox, code, SIGNATURE)
        compile_s = time.perf_counter() - started
        assert program.ok, program.output
        judged, direct = [], []
        for _ in range(args.repeat):
            started = time.perf_counter()
            result = judge(prob, language_id, code, sandbox=sandbox)
            judged.append(time.perf_counter() - started)
            assert result.passed == args.tests, result
            direct.append(run_direct(language, program, prob, sandbox))
        j, d = statistics.median(judged), statistics.median(direct)
        table.add_row(language_id, f"{compile_s:.2f}", f"{j:.3f}", f"{d:.3f}", f"{j / d:.2f}x")
    Console().print(table)


if __name__ == "__main__":
    main()

"""The practice page end to end, in Debian's Chromium against a real ``codejudge serve`` with
embedded workers: two-sum solved through the editor in all eight languages (Accepted, per-test
rows, the problem marked solved in the list), a wrong answer's line diff, Run on the sample
tests, a compile error's line link moving the editor's cursor, and this browser's history
loading old code back. Controls are found by role and name; screenshots go to ``tmp_path``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.solutions import PYTHON_TWO_SUM, PYTHON_TWO_SUM_WRONG
from tests.web import support
from tests.web.support import (
    JUDGED_MS,
    JUDGED_S,
    assert_contrast,
    open_problem,
    result,
    set_theme,
    shot,
    wait_for_verdict,
    write_solution,
)

browser = support.browser  # the fixtures
page = support.page
# GET /api/v1/submissions/{id}: one whole submission (not the list, ?ids=…).
ONE_SUBMISSION = re.compile(r"/api/v1/submissions/[0-9a-f-]{36}$")
# A judging on 2 cores shared with the rest of the suite: up to JUDGED_S, twice in one test.
pytestmark = pytest.mark.timeout(2 * JUDGED_S + 60)

TWO_SUM = {
    "python": PYTHON_TWO_SUM,
    "c": """int* twoSum(int* nums, int numsSize, int target, int* returnSize) {
    int* answer = malloc(2 * sizeof(int));
    *returnSize = 2;
    for (int i = 0; i < numsSize; i++)
        for (int j = i + 1; j < numsSize; j++)
            if (nums[i] + nums[j] == target) { answer[0] = i; answer[1] = j; return answer; }
    return answer;
}
""",
    "cpp": """class Solution {
public:
    vector<int> twoSum(vector<int>& nums, int target) {
        unordered_map<int, int> seen;
        for (int i = 0; i < (int)nums.size(); i++) {
            auto it = seen.find(target - nums[i]);
            if (it != seen.end()) return {it->second, i};
            seen[nums[i]] = i;
        }
        return {};
    }
};
""",
    "java": """class Solution {
    public int[] twoSum(int[] nums, int target) {
        Map<Integer, Integer> seen = new HashMap<>();
        for (int i = 0; i < nums.length; i++) {
            Integer j = seen.get(target - nums[i]);
            if (j != null) return new int[] {j, i};
            seen.put(nums[i], i);
        }
        return new int[0];
    }
}
""",
    "javascript": """var twoSum = function(nums, target) {
    const seen = new Map();
    for (let i = 0; i < nums.length; i++) {
        if (seen.has(target - nums[i])) return [seen.get(target - nums[i]), i];
        seen.set(nums[i], i);
    }
    return [];
};
""",
    "typescript": """function twoSum(nums: number[], target: number): number[] {
    const seen = new Map<number, number>();
    for (let i = 0; i < nums.length; i++) {
        const j = seen.get(target - nums[i]);
        if (j !== undefined) return [j, i];
        seen.set(nums[i], i);
    }
    return [];
}
""",
    "go": """func twoSum(nums []int, target int) []int {
    seen := map[int]int{}
    for i, x := range nums {
        if j, ok := seen[target-x]; ok {
            return []int{j, i}
        }
        seen[x] = i
    }
    return nil
}
""",
    "rust": """use std::collections::HashMap;

impl Solution {
    pub fn two_sum(nums: Vec<i32>, target: i32) -> Vec<i32> {
        let mut seen: HashMap<i32, i32> = HashMap::new();
        for (i, &x) in nums.iter().enumerate() {
            if let Some(&j) = seen.get(&(target - x)) {
                return vec![j, i as i32];
            }
            seen.insert(x, i as i32);
        }
        vec![]
    }
}
""",
}
WRONG = """class Solution:
    def twoSum(self, nums, target):
        return [0, 0]
"""
# Line 3 does not compile: an undeclared name, in a language that reports its line.
BROKEN_CPP = """class Solution {
public:
    vector<int> twoSum(vector<int>& nums, int target) { return undeclared_name; }
};
"""


@pytest.mark.parametrize("language", sorted(TWO_SUM))
def test_two_sum_is_accepted_in_every_language(page: Page, tmp_path: Path, language: str) -> None:
    open_problem(page, language=language)
    write_solution(page, TWO_SUM[language])
    page.get_by_role("button", name="Submit").click()
    wait_for_verdict(page, "Accepted")
    tests = result(page).get_by_role("table", name="Tests").locator("tbody").get_by_role("row")
    expect(tests).to_have_count(int(page.evaluate("window.codejudgeProblem.test_count")))
    expect(tests.first).to_contain_text("accepted")
    expect(result(page)).to_contain_text(re.compile(r"(\d+) / \1 tests passed"))
    said = re.compile(r"^Accepted: (\d+) of \1 tests passed$")
    expect(page.get_by_role("status")).to_have_text(said)  # what a screen reader hears
    readme = "problem-accepted.png" if language == "python" else None
    shot(page, tmp_path, f"accepted-{language}.png", readme=readme)
    page.reload()  # the draft survives a reload
    expect(page.get_by_role("textbox", name="Code editor")).to_contain_text(
        TWO_SUM[language].strip().splitlines()[1].strip()
    )
    page.goto("/")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Two Sum"))
    expect(row).to_contain_text("Solved")


def test_a_wrong_answer_shows_a_line_diff(page: Page, tmp_path: Path) -> None:
    open_problem(page, language="python")
    write_solution(page, WRONG)
    page.keyboard.press("ControlOrMeta+Shift+Enter")
    wait_for_verdict(page, "Wrong answer")
    failing = result(page).get_by_role("region", name="Failing test")
    expect(failing.get_by_role("heading", name="Input")).to_be_visible()
    expect(failing).to_contain_text("nums = [")  # the input, named by the signature
    diff = failing.get_by_role("table", name="Line diff of expected and actual output")
    expect(diff.get_by_role("columnheader", name="Expected")).to_be_visible()
    expect(diff.get_by_role("columnheader", name="Actual")).to_be_visible()
    changed = diff.locator("tbody tr.changed")
    expect(changed).to_have_count(1)
    expect(changed.locator("td.line").nth(1)).to_have_text(re.compile(r"\[0, ?0\]"))
    shot(page, tmp_path, "wrong-answer.png", readme="problem-wrong-answer.png")
    for dark in (False, True):  # the diff's colours, in both themes
        set_theme(page, dark)
        assert_contrast(page)
    shot(page, tmp_path, "wrong-answer-dark.png", readme="problem-dark.png")
    page.goto("/")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Two Sum"))
    expect(row).to_contain_text("Attempted")


def test_run_shows_each_sample_with_its_output(page: Page, tmp_path: Path) -> None:
    open_problem(page, language="python")
    write_solution(page, PYTHON_TWO_SUM_WRONG)  # right for samples 1 and 3, wrong for sample 2
    page.keyboard.press("ControlOrMeta+Enter")
    wait_for_verdict(page, "Wrong answer")
    samples = result(page).get_by_role("region", name="Sample tests")
    expect(samples.get_by_role("article")).to_have_count(3)
    expect(samples.get_by_role("article", name="Sample 1")).to_contain_text("accepted")
    second = samples.get_by_role("article", name="Sample 2")
    expect(second).to_contain_text("wrong answer")
    expect(second).to_contain_text("nums = [3,2,4]")
    expect(second.locator("tr.changed td.line").nth(0)).to_have_text(re.compile(r"\[1, ?2\]"))
    expect(second.locator("tr.changed td.line").nth(1)).to_have_text(re.compile(r"\[0, ?1\]"))
    # Every sample ran, also after the first failure.
    expect(samples.get_by_role("article", name="Sample 3")).to_contain_text("accepted")
    expect(result(page)).to_contain_text("Sample tests: 2 / 3 tests passed")
    shot(page, tmp_path, "run.png")
    for dark in (True, False):
        set_theme(page, dark)
        assert_contrast(page)
    page.get_by_role("tab", name="Submissions").click()  # a run is not a submission
    expect(page.get_by_role("tabpanel", name="Submissions")).to_contain_text("No submissions")


def test_a_compile_error_links_to_its_line(page: Page, tmp_path: Path) -> None:
    open_problem(page, language="cpp")
    write_solution(page, BROKEN_CPP)
    page.get_by_role("button", name="Submit").click()
    wait_for_verdict(page, "Compile error")
    errors = result(page).get_by_role("region", name="Compile errors")
    link = errors.get_by_role("button", name=re.compile(r"^Go to line 3\b"))
    expect(link.first).to_be_visible()
    expect(errors).to_contain_text("undeclared_name")
    page.evaluate("window.codejudgeEditor.goTo(1)")
    link.first.click()
    assert page.evaluate("window.codejudgeEditor.cursor.line") == 3
    expect(page.get_by_role("textbox", name="Code editor")).to_be_focused()
    expect(page.locator(".cm-activeLine")).to_contain_text("undeclared_name")
    expect(page.locator(".cm-lintRange-error").first).to_be_visible()  # marked in the editor too
    shot(page, tmp_path, "compile-error.png")
    for dark in (True, False):
        set_theme(page, dark)
        assert_contrast(page)


def test_history_loads_old_code_back_and_resubmits(page: Page, tmp_path: Path) -> None:
    open_problem(page, language="python")
    write_solution(page, PYTHON_TWO_SUM)
    page.get_by_role("button", name="Submit").click()
    wait_for_verdict(page, "Accepted")
    open_problem(page, language="javascript")  # another language, and other code
    write_solution(page, "// something else entirely\n")
    page.get_by_role("tab", name="Submissions").click()
    history = page.get_by_role("table", name="Your submissions")
    expect(history.locator("tbody tr")).to_have_count(1)
    expect(history).to_contain_text("Accepted")
    # The list's items are summaries: each button reads the whole submission first.
    with page.expect_response(ONE_SUBMISSION) as read:
        history.get_by_role("button", name=re.compile("^Load the submission of")).click()
    assert read.value.ok
    expect(page.get_by_role("combobox", name="Language")).to_have_value("python")
    assert page.evaluate("window.codejudgeEditor.text").strip() == PYTHON_TWO_SUM.strip()
    shot(page, tmp_path, "history.png")
    with page.expect_response(ONE_SUBMISSION):
        history.get_by_role("button", name=re.compile("^Show the result of the submission")).click()
    expect(result(page).get_by_role("heading", name="Accepted", exact=True)).to_be_visible()
    expect(result(page).get_by_role("table", name="Tests").locator("tbody tr")).not_to_have_count(0)
    with page.expect_response(ONE_SUBMISSION):
        history.get_by_role("button", name=re.compile("^Resubmit the submission of")).click()
    wait_for_verdict(page, "Accepted")
    expect(history.locator("tbody tr")).to_have_count(2, timeout=JUDGED_MS)


def test_a_stdio_problem_runs_with_its_raw_input(page: Page) -> None:
    open_problem(page, slug="a-plus-b", language="python")
    expect(page.get_by_role("textbox", name="Code editor")).to_have_text("")  # no starter code
    write_solution(page, "a, b = map(int, input().split())\nprint(a - b)\n")
    page.get_by_role("button", name="Run").click()
    wait_for_verdict(page, "Wrong answer")
    first = result(page).get_by_role("article", name="Sample 1")
    expect(first.get_by_role("heading", name="Input")).to_be_visible()
    expect(first.locator("pre").first).to_have_text("1 2")
    expect(first.locator("tr.changed td.line").nth(0)).to_have_text("3")
    expect(first.locator("tr.changed td.line").nth(1)).to_have_text("-1")

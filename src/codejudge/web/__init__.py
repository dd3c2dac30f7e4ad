"""The browser UI: its sources (``src/``, ES modules), the bundle esbuild builds from them
(``static/app.js``, committed, so a Python-only install serves the UI) with its stylesheet, and
the HTML shells of the pages (``pages/``) that the API serves from the same origin."""

from __future__ import annotations

import html
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "src"
STATIC = HERE / "static"
PAGES = HERE / "pages"
BUNDLE = STATIC / "app.js"


def page(name: str, **values: str) -> str:
    """The HTML shell ``pages/{name}.html`` with ``{key}`` replaced by each value, escaped."""
    text = (PAGES / f"{name}.html").read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace("{" + key + "}", html.escape(value, quote=True))
    return text

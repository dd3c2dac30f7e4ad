"""The committed bundle is the build of its sources, and small enough for the practice page."""

from __future__ import annotations

import gzip
import json
import shlex
import subprocess
from pathlib import Path

from codejudge import web

ROOT = Path(__file__).resolve().parents[2]
MAX_GZIPPED = 400 * 1024


def build_command(outfile: Path) -> list[str]:
    """package.json's ``build:web`` script, writing to ``outfile`` instead."""
    script = json.loads((ROOT / "package.json").read_text())["scripts"]["build:web"]
    argv = shlex.split(script)
    assert argv[0] == "esbuild"
    return [
        str(ROOT / "node_modules" / ".bin" / "esbuild"),
        *(f"--outfile={outfile}" if arg.startswith("--outfile=") else arg for arg in argv[1:]),
    ]


def test_committed_bundle_is_the_build_of_its_sources(tmp_path: Path) -> None:
    outfile = tmp_path / "app.js"
    subprocess.run(build_command(outfile), cwd=ROOT, check=True, timeout=120)
    assert outfile.read_bytes() == web.BUNDLE.read_bytes(), (
        "src/codejudge/web/static/app.js is stale: run `npm run build:web` and commit it"
    )


def test_practice_page_javascript_is_at_most_400_kb_gzipped() -> None:
    assert len(gzip.compress(web.BUNDLE.read_bytes(), 9)) <= MAX_GZIPPED


def test_pages_load_only_the_bundle_and_stylesheet_from_the_same_origin() -> None:
    for name in ("index", "problem"):
        page = web.page(name, slug="two-sum")
        assert '<script type="module" src="/static/app.js">' in page
        assert "http://" not in page and "https://" not in page  # no CDN


def test_page_values_are_escaped() -> None:
    assert 'data-slug="&lt;x&gt;&quot;"' in web.page("problem", slug='<x>"')

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


def build_command(outdir: Path) -> list[str]:
    """package.json's ``build:web`` script, writing to ``outdir`` instead."""
    script = json.loads((ROOT / "package.json").read_text())["scripts"]["build:web"]
    argv = shlex.split(script)
    assert argv[0] == "esbuild"
    return [
        str(ROOT / "node_modules" / ".bin" / "esbuild"),
        *(f"--outdir={outdir}" if arg.startswith("--outdir=") else arg for arg in argv[1:]),
    ]


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(f.relative_to(folder)): f.read_bytes() for f in folder.rglob("*") if f.is_file()}


def test_committed_bundles_are_the_build_of_their_sources(tmp_path: Path) -> None:
    subprocess.run(build_command(tmp_path), cwd=ROOT, check=True, timeout=120)
    built, committed = files_under(tmp_path), files_under(web.STATIC)
    assert sorted(built) == sorted(committed), "run `npm run build:web` and commit static/"
    stale = [name for name in built if built[name] != committed[name]]
    assert not stale, f"{stale} stale in src/codejudge/web/static: run `npm run build:web`"


def test_practice_page_javascript_is_at_most_400_kb_gzipped() -> None:
    assert len(gzip.compress(web.BUNDLE.read_bytes(), 9)) <= MAX_GZIPPED


def test_pages_load_only_the_bundle_and_stylesheet_from_the_same_origin() -> None:
    for shell in web.PAGES.glob("*.html"):
        page = web.page(shell.stem, slug="two-sum", detail="nothing here")
        bundle = "dashboard" if shell.stem == "dashboard" else "app"
        assert f'<script type="module" src="/static/{bundle}.js">' in page
        assert f'<link rel="stylesheet" href="/static/{bundle}.css">' in page
        assert "http://" not in page and "https://" not in page  # no CDN


def test_page_values_are_escaped() -> None:
    assert 'data-slug="&lt;x&gt;&quot;"' in web.page("problem", slug='<x>"')

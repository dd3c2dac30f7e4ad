"""The committed bundles are the build of their sources (esbuild with --splitting: entry
points app.js and dashboard.js, shared and lazily loaded chunks under chunks/, KaTeX's stylesheet
and fonts), and the practice page ships at most 400 KB of gzipped JavaScript."""

from __future__ import annotations

import gzip
import json
import posixpath
import re
import shlex
import subprocess
from pathlib import Path, PurePosixPath

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


# An import of another module of the build, static (`from"./x.js"`, `import"./x.js"`) or
# dynamic (`import("./x.js")`), in esbuild's minified ESM output.
STATIC_IMPORT = re.compile(r'(?:from|import)\s*"(\.{1,2}/[^"]+\.js)"')
DYNAMIC_IMPORT = re.compile(r'import\(\s*"(\.{1,2}/[^"]+\.js)"\s*\)')


def imports(name: str, pattern: re.Pattern[str]) -> set[str]:
    """The modules ``name`` (a path under static/) imports, as paths under static/."""
    folder = PurePosixPath(name).parent
    text = (web.STATIC / name).read_text(encoding="utf-8")
    return {posixpath.normpath(folder / found) for found in pattern.findall(text)}


def loaded_with(name: str) -> set[str]:
    """``name`` and every module it imports statically, transitively: what loading it loads."""
    done: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        if current not in done:
            done.add(current)
            todo.extend(imports(current, STATIC_IMPORT))
    return done


def lazy_from(names: set[str]) -> set[str]:
    return set().union(*(imports(name, DYNAMIC_IMPORT) for name in names)) - names


def gzipped(names: set[str]) -> int:
    """Bytes on the wire: each module gzipped on its own, as a server would send it."""
    return sum(len(gzip.compress((web.STATIC / name).read_bytes(), 9)) for name in names)


def page_chunk(prefix: str) -> str:
    (chunk,) = [n for n in lazy_from(loaded_with("app.js")) if n.startswith(f"chunks/{prefix}-")]
    return chunk


def test_practice_page_javascript_is_at_most_400_kb_gzipped() -> None:
    """The most one practice page loads: the app, the page's chunk, its language's mode (the
    largest of the eight) and KaTeX for a statement with math. Other languages' modes load
    only when a person switches to them."""
    eager = loaded_with("app.js") | loaded_with(page_chunk("problem"))
    lazy = lazy_from(eager) - lazy_from(loaded_with("app.js"))
    (math,) = [name for name in lazy if name.startswith("chunks/math-")]
    modes = lazy - {math}
    assert len(modes) == 6, modes  # python, cpp (and c), java, javascript (and ts), go, rust
    biggest_mode = max((loaded_with(mode) - eager for mode in modes), key=gzipped)
    assert gzipped(eager | loaded_with(math) | biggest_mode) <= MAX_GZIPPED


def test_the_list_does_not_load_the_editor() -> None:
    assert gzipped(loaded_with("app.js") | loaded_with(page_chunk("list"))) <= 10 * 1024


def test_pages_load_only_the_bundle_and_stylesheet_from_the_same_origin() -> None:
    for shell in web.PAGES.glob("*.html"):
        page = web.page(shell.stem, slug="two-sum", detail="nothing here")
        bundle = "dashboard" if shell.stem == "dashboard" else "app"
        assert f'<script type="module" src="/static/{bundle}.js">' in page
        assert f'<link rel="stylesheet" href="/static/{bundle}.css">' in page
        assert "http://" not in page and "https://" not in page  # no CDN


def test_page_values_are_escaped() -> None:
    assert 'data-slug="&lt;x&gt;&quot;"' in web.page("problem", slug='<x>"')

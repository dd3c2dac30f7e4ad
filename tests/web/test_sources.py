"""The browser UI's own sources (``src/codejudge/web/src/*.js``) keep the project's shape:
no function longer than ``MAX_FUNCTION_LINES`` (as ``tests/test_layout.py`` asks of Python;
it counts module lines for every language). Functions are found by TypeScript's parser (the
judge's own ``node_modules/typescript``), a function's span including its nested functions."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.test_layout import MAX_FUNCTION_LINES

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "src" / "codejudge" / "web" / "src"

# Prints [[file, line, name, lines], ...] for every function (declaration, expression, arrow,
# method, getter...) with a body in the files named on the command line.
SPANS_JS = """
const ts = require(process.argv[1]);
const fs = require("fs");
const spans = [];
for (const file of process.argv.slice(2)) {
  const text = fs.readFileSync(file, "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const line = (pos) => source.getLineAndCharacterOfPosition(pos).line + 1;
  const visit = (node) => {
    if (ts.isFunctionLike(node) && node.body) {
      const start = line(node.getStart(source));
      const name = node.name ? node.name.getText(source) : "(anonymous)";
      spans.push([file, start, name, line(node.end) - start + 1]);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}
console.log(JSON.stringify(spans));
"""


def function_spans() -> list[tuple[str, int, str, int]]:
    files = sorted(str(path) for path in SOURCES.glob("*.js"))
    typescript = ROOT / "node_modules" / "typescript"
    argv = ["node", "-e", SPANS_JS, str(typescript), *files]
    done = subprocess.run(argv, capture_output=True, text=True, check=True, timeout=60)
    return [tuple(span) for span in json.loads(done.stdout)]


def test_functions_are_found() -> None:
    names = {(Path(file).name, name) for file, _, name, _ in function_spans()}
    assert {("dom.js", "el"), ("dashboard_dead.js", "deadLetters")} <= names
    assert ("dashboard.js", "(anonymous)") in names  # arrows and callbacks too


def test_no_function_is_over_max_lines() -> None:
    long = {
        f"{Path(file).relative_to(ROOT)}:{line} {name}": lines
        for file, line, name, lines in function_spans()
        if lines > MAX_FUNCTION_LINES
    }
    assert long == {}, f"functions over {MAX_FUNCTION_LINES} lines: split them"

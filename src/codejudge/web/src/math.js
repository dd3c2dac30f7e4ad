// KaTeX for statements with $…$ or $$…$$, loaded only by pages that have math (a chunk of its
// own); its stylesheet and fonts are static/katex.css and static/fonts/, shipped in the package.
import markedKatex from "marked-katex-extension";
import { Marked } from "marked";

const STYLESHEET = "/static/katex.css";

function loadStylesheet() {
  if (document.querySelector(`link[href="${STYLESHEET}"]`)) return;
  document.head.append(Object.assign(document.createElement("link"), { rel: "stylesheet", href: STYLESHEET }));
}

const withMath = new Marked(markedKatex({ throwOnError: false, output: "htmlAndMathml" }));

// Markdown with math to (unsanitised) HTML.
export function renderWithMath(markdown) {
  loadStylesheet();
  return withMath.parse(markdown, { async: false });
}

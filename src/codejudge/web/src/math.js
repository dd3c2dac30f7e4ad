// Math in statements ($…$ inline, $$…$$ display), loaded only by pages that have some (a chunk
// of its own); KaTeX's stylesheet and fonts are static/katex.css and static/fonts/.
// Markdown is parsed with marked-katex-extension's rules, but each formula becomes a
// placeholder holding its TeX as text (<span class="math-inline">, <div class="math-display">);
// the statement is sanitised; only then does renderMath draw KaTeX into the placeholders. So
// KaTeX's own markup (it needs style attributes) never passes the sanitiser, and nothing a
// statement writes does: its TeX is read as text and rendered with trust off (no \href, \url,
// \htmlStyle…) and sizes capped.
import katex from "katex";
import markedKatex from "marked-katex-extension";
import { Marked } from "marked";

const STYLESHEET = "/static/katex.css";
const KATEX = { throwOnError: false, trust: false, strict: "ignore", output: "htmlAndMathml", maxSize: 20, maxExpand: 500 };

function loadStylesheet() {
  if (document.querySelector(`link[href="${STYLESHEET}"]`)) return;
  document.head.append(Object.assign(document.createElement("link"), { rel: "stylesheet", href: STYLESHEET }));
}

const escape = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// A formula's placeholder: inline $…$ and $$…$$ in a line are spans, a $$ block is a div.
function placeholder(token) {
  const kind = token.displayMode ? "math-display" : "math-inline";
  const tag = token.type === "blockKatex" ? "div" : "span";
  return `<${tag} class="${kind}">${escape(token.text)}</${tag}>${tag === "div" ? "\n" : ""}`;
}

const extension = markedKatex();
for (const rule of extension.extensions) rule.renderer = placeholder;
const withMath = new Marked(extension);

// Markdown with math to (unsanitised) HTML whose formulas are placeholders.
export function markdownWithMath(markdown) {
  loadStylesheet();
  return withMath.parse(markdown, { async: false });
}

// Draw each placeholder under `root` (already sanitised) with KaTeX, from its text.
export function renderMath(root) {
  for (const node of root.querySelectorAll(".math-inline, .math-display")) {
    const tex = node.textContent;
    katex.render(tex, node, { ...KATEX, displayMode: node.classList.contains("math-display") });
  }
}

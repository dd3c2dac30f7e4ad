// A problem statement: Markdown (marked) with math (KaTeX, loaded when the text has a "$"),
// sanitised by DOMPurify before it touches the page.
import DOMPurify from "dompurify";
import { marked } from "marked";
import { el } from "./dom.js";

const MATH = /\$[^$\n]+\$|\$\$/;

export async function renderMarkdown(markdown) {
  const html = MATH.test(markdown)
    ? (await import("./math.js")).renderWithMath(markdown)
    : marked.parse(markdown, { async: false });
  const body = el("div", { class: "markdown" });
  body.innerHTML = DOMPurify.sanitize(html);
  return body;
}

// The statement pane's content: the title (the statement's own "# …" heading when it has one),
// difficulty, tags and limits, then the rendered statement.
export async function statement(problem) {
  const capital = problem.difficulty.replace(/^./, (c) => c.toUpperCase());
  const meta = el("p", { class: "meta" }, el("span", { class: `difficulty ${problem.difficulty}`, text: capital }),
    problem.tags.map((tag) => el("a", { class: "tag", href: `/?tag=${encodeURIComponent(tag)}`, text: tag })),
    el("span", { class: "muted limits",
      text: `${problem.limits.time_ms} ms · ${problem.limits.memory_mb} MB · ${problem.test_count} tests` }));
  const body = await renderMarkdown(problem.statement);
  const title = body.firstElementChild?.tagName === "H1" ? body.firstElementChild : null;
  if (title) title.after(meta);
  else body.prepend(el("h1", { text: problem.title }), meta);
  return body;
}

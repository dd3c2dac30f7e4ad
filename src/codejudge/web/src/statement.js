// A problem statement: Markdown (marked) sanitised strictly (sanitize.js) before it touches the
// page, then its math drawn by KaTeX (math.js, loaded when the text has a "$") into the
// sanitised DOM.
import { marked } from "marked";
import { el } from "./dom.js";
import { kilobytes } from "./result.js";
import { sanitize } from "./sanitize.js";

const MATH = /\$[^$\n]+\$|\$\$/;

export async function renderMarkdown(markdown) {
  const math = MATH.test(markdown) ? await import("./math.js") : null;
  const html = math ? math.markdownWithMath(markdown) : marked.parse(markdown, { async: false });
  const body = el("div", { class: "markdown" }, sanitize(html));
  math?.renderMath(body);
  return body;
}

// "1000 ms · 256 MB · 64 KB output · 20 tests".
function limitsText({ limits, test_count: tests }) {
  const parts = [`${limits.time_ms} ms`, `${limits.memory_mb} MB`];
  if (limits.output_kb) parts.push(`${kilobytes(limits.output_kb)} output`);
  return [...parts, `${tests} test${tests === 1 ? "" : "s"}`].join(" · ");
}

// The statement pane's content: the title (the statement's own "# …" heading when it has one),
// difficulty, tags and limits, then the rendered statement.
export async function statement(problem) {
  const capital = problem.difficulty.replace(/^./, (c) => c.toUpperCase());
  const meta = el("p", { class: "meta" }, el("span", { class: `difficulty ${problem.difficulty}`, text: capital }),
    problem.tags.map((tag) => el("a", { class: "tag", href: `/?tag=${encodeURIComponent(tag)}`, text: tag })),
    el("span", { class: "muted limits", title: "Time, memory and output limits per test; tests", text: limitsText(problem) }));
  const body = await renderMarkdown(problem.statement);
  const title = body.firstElementChild?.tagName === "H1" ? body.firstElementChild : null;
  if (title) title.after(meta);
  else body.prepend(el("h1", { text: problem.title }), meta);
  return body;
}

// One submission's details in a modal dialog over the dashboard (GET /api/v1/submissions/{id}):
// its facts (problem, language, kind, status, times), the result as the practice page shows it
// (verdict, limits, compile errors and output, the failing test, the tests) and the code, with
// a link to the raw JSON. The open submission is in the URL (?submission=…); Escape or Close
// shuts the dialog and focus goes back where it was.
import { call } from "./dashboard_api.js";
import { formatClock, humanize, setUrlParams, toMillis } from "./dashboard_util.js";
import { el } from "./dom.js";
import { showResult } from "./result.js";

let dialog = null;

function create() {
  const title = el("h2", { id: "detail-title" });
  const raw = el("a", { class: "raw", text: "Raw JSON", target: "_blank", rel: "noopener" });
  const close = el("button", { type: "button", class: "small", text: "Close", autofocus: true });
  const body = el("div", { class: "detail-body" });
  const node = el("dialog", { class: "detail", "aria-labelledby": "detail-title" },
    el("div", { class: "detail-head" }, title, raw, close), body);
  close.addEventListener("click", () => node.close());
  node.addEventListener("close", () => setUrlParams({ submission: "" }));
  document.body.append(node);
  return { node, title, raw, body };
}

function facts(sub) {
  const time = (iso) => (iso ? `${new Date(toMillis(iso)).toLocaleDateString()} ${formatClock(toMillis(iso))}` : "–");
  const rows = [
    ["Problem", el("a", { href: `/problems/${encodeURIComponent(sub.problem)}`, text: sub.problem })],
    ["Language", sub.language],
    ["Kind", sub.kind === "run" ? "Run (sample tests)" : "Submission"],
    ["Status", humanize(sub.status)],
    ["Queued", time(sub.queued_at)],
    ["Started", time(sub.started_at)],
    ["Finished", time(sub.finished_at)],
  ];
  return el("dl", { class: "facts" }, rows.flatMap(([term, value]) => [el("dt", { text: term }), el("dd", {}, value)]));
}

// The code, one element per line, so a compile error's "Line 3" link can show its line.
function code(text) {
  const lines = (text ?? "").split("\n").map((line, i) => el("span", { class: "line", dataset: { line: i + 1 } }, `${line}\n`));
  const pre = el("pre", { class: "code", tabindex: "0", "aria-label": "Submitted code" }, el("code", {}, lines));
  const onLine = (line) => {
    const target = pre.querySelector(`[data-line="${line}"]`);
    for (const old of pre.querySelectorAll(".hit")) old.classList.remove("hit");
    target?.classList.add("hit");
    target?.scrollIntoView({ block: "center" });
    pre.focus();
  };
  return { node: el("section", { class: "detail-code", "aria-label": "Code" }, el("h3", { text: "Code" }), pre), onLine };
}

async function fill({ body }, id) {
  const sub = await call(`/api/v1/submissions/${encodeURIComponent(id)}`);
  const problem = await call(`/api/v1/problems/${encodeURIComponent(sub.problem)}`).catch(() => null);
  const source = code(sub.code);
  const result = el("section", { class: "result", "aria-label": "Result" });
  showResult(result, sub, { problem, onLine: source.onLine });
  body.replaceChildren(facts(sub), result, source.node);
}

// Open the dialog on submission `id` (its details read now); errors are said in it.
export async function openSubmission(id) {
  dialog ??= create();
  const { node, title, raw, body } = dialog;
  title.replaceChildren("Submission ", el("code", { text: id }));
  raw.href = `/api/v1/submissions/${encodeURIComponent(id)}`;
  body.replaceChildren(el("p", { class: "muted", role: "status", text: "Loading…" }));
  setUrlParams({ submission: id });
  if (!node.open) node.showModal();
  try {
    await fill(dialog, id);
  } catch (error) {
    body.replaceChildren(el("p", { class: "error", role: "alert", text: `Could not read the submission: ${error.message}` }));
  }
}

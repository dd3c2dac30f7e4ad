// This browser's submissions of one problem (ids kept in localStorage, the submissions read
// from GET /api/v1/submissions?ids=…), newest first, each with "Load" (its code back into the
// editor) and "Resubmit".
import { api, button, el } from "./dom.js";
import { pretty } from "./result.js";
import { history } from "./storage.js";

const when = (iso) => new Date(iso).toLocaleString(undefined, { dateStyle: "short", timeStyle: "medium" });

function row(sub, languages, { onLoad, onResubmit }) {
  const name = languages.find((l) => l.id === sub.language)?.name ?? sub.language;
  const verdict = sub.verdict ?? sub.status;
  const short = sub.id.slice(0, 8);
  const result = sub.result;
  return el(
    "tr",
    { "data-id": sub.id },
    el("td", {}, el("time", { datetime: sub.queued_at, text: when(sub.queued_at) })),
    el("td", { text: name }),
    el("td", {}, el("span", { class: `verdict-word ${verdict}`, text: pretty(verdict) })),
    el("td", { text: result ? `${result.passed}/${result.total} · ${result.time_ms} ms` : "" }),
    el("td", { class: "actions" },
      button("Load", { "aria-label": `Load submission ${short} into the editor`, disabled: sub.code === undefined,
        onclick: () => onLoad(sub) }),
      button("Resubmit", { "aria-label": `Resubmit submission ${short}`, disabled: sub.code === undefined,
        onclick: () => onResubmit(sub) })),
  );
}

// Fill `panel` with the history of `slug`; handlers get the submission ({id, language, code, …}).
export async function showHistory(panel, slug, languages, handlers) {
  const ids = history.get(slug);
  if (!ids.length) {
    panel.replaceChildren(el("p", { class: "muted", text: "No submissions from this browser yet." }));
    return;
  }
  panel.replaceChildren(el("p", { class: "muted", role: "status", text: "Loading…" }));
  let items;
  try {
    ({ items } = await api(`/api/v1/submissions?ids=${ids.map(encodeURIComponent).join(",")}`));
  } catch (error) {
    panel.replaceChildren(el("p", { class: "error", role: "alert", text: `Could not load the history: ${error.message}` }));
    return;
  }
  const order = new Map(ids.map((id, i) => [id, i]));
  items.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  panel.replaceChildren(el(
    "table",
    { class: "history", "aria-label": "Your submissions" },
    el("thead", {}, el("tr", {}, ["Submitted", "Language", "Verdict", "Tests", "Code"].map((h) => el("th", { scope: "col", text: h })))),
    el("tbody", {}, items.map((sub) => row(sub, languages, handlers))),
  ));
}

// This browser's submissions of one problem (ids kept in localStorage, the submissions read
// from GET /api/v1/submissions?ids=…), newest first, each with "Load" (its code back into the
// editor), "Resubmit", and its verdict showing its result in the result panel.
import { api, button, el } from "./dom.js";
import { pretty } from "./result.js";
import { history } from "./storage.js";

// "14:05" today, "3/4/26, 14:05" before.
function when(iso) {
  const date = new Date(iso);
  const today = date.toDateString() === new Date().toDateString();
  return today ? date.toLocaleTimeString(undefined, { timeStyle: "short" })
    : date.toLocaleString(undefined, { dateStyle: "short", timeStyle: "short" });
}

function row(sub, languages, { onShow, onLoad, onResubmit }) {
  const name = languages.find((l) => l.id === sub.language)?.name ?? sub.language;
  const verdict = sub.verdict ?? sub.status;
  const short = sub.id.slice(0, 8);
  const result = sub.result;
  return el(
    "tr",
    { "data-id": sub.id },
    el("td", {}, button(pretty(verdict), { class: `line-link verdict-word ${verdict}`,
      "aria-label": `Show the result of submission ${short}`, onclick: () => onShow(sub) }), el("br"),
      el("time", { class: "muted", datetime: sub.queued_at, text: when(sub.queued_at) })),
    el("td", { text: name }),
    el("td", { class: "numbers", text: result ? `${result.passed}/${result.total} · ${result.time_ms} ms` : "" }),
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
    el("thead", {}, el("tr", {}, ["Verdict", "Language", "Tests", "Code"].map((h) => el("th", { scope: "col", text: h })))),
    el("tbody", {}, items.map((sub) => row(sub, languages, handlers))),
  ));
}

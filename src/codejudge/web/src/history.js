// This browser's submissions of one problem (ids kept in localStorage), newest first, each with
// "Load" (its code back into the editor), "Resubmit", and its verdict showing its result in the
// result panel. The list comes from GET /api/v1/submissions?ids=…, whose items are summaries
// (no code; `result` only {verdict, passed, total, time_ms, memory_kb}): each button first
// reads the whole submission, GET /api/v1/submissions/{id}, and hands that to its handler.
import { api, button, el } from "./dom.js";
import { pretty } from "./result.js";
import { history } from "./storage.js";

// "14:05:09" today, "3/4/26, 14:05:09" before: to the second, as ids do not tell submissions
// apart (a UUIDv7's first digits are the same for a minute).
function when(iso) {
  const date = new Date(iso);
  const today = date.toDateString() === new Date().toDateString();
  return today ? date.toLocaleTimeString(undefined, { timeStyle: "medium" })
    : date.toLocaleString(undefined, { dateStyle: "short", timeStyle: "medium" });
}

// Each row's name in its buttons' accessible names and the messages: "the submission of
// 14:05:09", with its language and verdict when another one has the same time, and a number
// (the oldest #1) when even those are the same. `items` newest first; returns {id: name}.
export function submissionNames(items, languages) {
  const language = (sub) => languages.find((l) => l.id === sub.language)?.name ?? sub.language;
  const base = (sub) => `the submission of ${when(sub.queued_at)}`;
  const detailed = (sub) => `${base(sub)} (${language(sub)}, ${pretty(sub.verdict ?? sub.status)})`;
  const tally = (names) => names.reduce((n, name) => n.set(name, (n.get(name) ?? 0) + 1), new Map());
  const bases = tally(items.map(base));
  const names = items.map((sub) => (bases.get(base(sub)) > 1 ? detailed(sub) : base(sub)));
  const totals = tally(names);
  const left = new Map(totals);
  return Object.fromEntries(items.map((sub, i) => {
    const name = names[i];
    if (totals.get(name) === 1) return [sub.id, name];
    left.set(name, left.get(name) - 1);
    return [sub.id, `${name} #${left.get(name) + 1}`];
  }));
}

// The whole submission (code, tests, compile output…) behind a list item.
export function fullSubmission(id) {
  return api(`/api/v1/submissions/${encodeURIComponent(id)}`);
}

// A handler of the whole submission, called when its button is pressed; a failure to read it
// is said in the panel's alert line (`fail(text)`).
function withFull(summary, name, handler, fail) {
  return async (event) => {
    const control = event.currentTarget;
    control.disabled = true;
    try {
      handler(await fullSubmission(summary.id));
    } catch (error) {
      fail(`Could not read ${name}: ${error.message}`);
    } finally {
      control.disabled = false;
    }
  };
}

function row(sub, name, languages, { onShow, onLoad, onResubmit }, fail) {
  const language = languages.find((l) => l.id === sub.language)?.name ?? sub.language;
  const verdict = sub.verdict ?? sub.status;
  const { passed, total, time_ms: time } = sub.result ?? {};
  const full = (handler) => withFull(sub, name, (whole) => handler(whole, name), fail);
  return el(
    "tr",
    { "data-id": sub.id },
    el("td", {}, button(pretty(verdict), { class: `line-link verdict-word ${verdict}`,
      "aria-label": `Show the result of ${name}`, onclick: full(onShow) }), el("br"),
      el("time", { class: "muted", datetime: sub.queued_at, text: when(sub.queued_at) })),
    el("td", { text: language }),
    el("td", { class: "numbers", text: typeof total === "number" ? `${passed ?? 0}/${total} · ${time ?? 0} ms` : "" }),
    el("td", { class: "actions" },
      button("Load", { "aria-label": `Load ${name} into the editor`, onclick: full(onLoad) }),
      button("Resubmit", { "aria-label": `Resubmit ${name}`, onclick: full(onResubmit) })),
  );
}

// Fill `panel` with the history of `slug`; handlers get the whole submission ({id, language,
// code, result…}) and its name ("the submission of 14:05:09").
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
  const names = submissionNames(items, languages);
  const alert = el("p", { class: "error", role: "alert" });
  const fail = (text) => { alert.textContent = text; };
  panel.replaceChildren(alert, el(
    "table",
    { class: "history", "aria-label": "Your submissions" },
    el("thead", {}, el("tr", {}, ["Verdict", "Language", "Tests", "Code"].map((h) => el("th", { scope: "col", text: h })))),
    el("tbody", {}, items.map((sub) => row(sub, names[sub.id], languages, handlers, fail))),
  ));
}

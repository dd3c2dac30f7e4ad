// Recent submissions (GET /api/v1/submissions, admin: everyone's, newest first) with search by
// id prefix and filters by problem, language, verdict, status and kind (submissions or runs). The first page is refreshed
// live; "Load older" pages back with the `next` cursor.

import { call, query } from "./dashboard_api.js";
import { setSince, timer } from "./dashboard_live.js";
import {
  VERDICTS,
  el,
  formatDuration,
  humanize,
  section,
  setText,
  syncRows,
  table,
  toMillis,
} from "./dashboard_util.js";

const PAGE = 50;
const STATUSES = ["queued", "running", "finished", "cancelled"];
const KINDS = ["submission", "run"];

function filterSelect(name, label, values, text = humanize) {
  return el(
    "select",
    { name, "aria-label": label },
    el("option", { value: "", text: `Any ${label.toLowerCase()}` }),
    values.map((v) => el("option", { value: v, text: text(v) })),
  );
}

function span(a, b) {
  const start = toMillis(a);
  const end = toMillis(b);
  return start === null || end === null ? "–" : formatDuration(end - start);
}

function build(sub) {
  const cells = Array.from({ length: 10 }, () => el("td"));
  const link = el("a", {
    href: `/api/v1/submissions/${encodeURIComponent(sub.id)}`,
    title: "the raw JSON",
  }, el("code", { text: sub.id }));
  cells[0].append(link);
  if (sub.kind === "run") cells[0].append(el("span", { class: "badge", text: "run" }));
  const problem = `/problems/${encodeURIComponent(sub.problem)}`;
  cells[1].append(el("a", { href: problem, text: sub.problem }));
  cells[7].append(timer("ago", null));
  return el("tr", {}, cells);
}

function update(row, sub) {
  const cells = row.cells;
  const result = sub.result ?? {};
  setText(cells[2], sub.language);
  setText(cells[3], humanize(sub.status));
  setText(cells[4], sub.verdict ? humanize(sub.verdict) : "–");
  cells[4].className = sub.verdict ? `verdict-cell v-${sub.verdict}` : "";
  setText(cells[5], result.total ? `${result.passed ?? 0} / ${result.total}` : "–");
  setText(cells[6], typeof result.time_ms === "number" ? `${result.time_ms} ms` : "–");
  setSince(cells[7].firstChild, toMillis(sub.queued_at));
  setText(cells[8], span(sub.queued_at, sub.started_at));
  setText(cells[9], span(sub.started_at, sub.finished_at));
}

export function submissionsPanel({ onAuth }) {
  const search = el("input", {
    type: "search",
    name: "q",
    placeholder: "Submission id…",
    "aria-label": "Search submissions by id",
    autocomplete: "off",
  });
  const selects = {
    problem: filterSelect("problem", "Problem", []),
    language: filterSelect("language", "Language", []),
    verdict: filterSelect("verdict", "Verdict", VERDICTS),
    status: filterSelect("status", "Status", STATUSES),
    kind: filterSelect("kind", "Kind", KINDS, (k) => (k === "run" ? "Runs" : "Submissions")),
  };
  const headers = ["Submission", "Problem", "Language", "Status", "Verdict", "Tests", "Time"];
  headers.push("Queued", "Wait", "Judged in");
  const { node: tableNode, tbody } = table("Recent submissions", headers);
  const more = el("button", { type: "button", hidden: true, text: "Load older" });
  const message = el("p", { role: "status", class: "message" });
  const node = section(
    "submissions",
    "Recent submissions",
    el(
      "form",
      { class: "filters", role: "search", onsubmit: (e) => e.preventDefault() },
      search,
      Object.values(selects),
    ),
    message,
    el("div", { class: "scroll" }, tableNode),
    more,
  );

  let head = [];
  let older = [];
  let next = null;
  let generation = 0; // answers to an outdated filter are dropped

  const params = () => ({
    q: search.value.trim(),
    ...Object.fromEntries(Object.entries(selects).map(([k, s]) => [k, s.value])),
  });

  function render() {
    const seen = new Set(head.map((s) => s.id));
    const rows = [...head, ...older.filter((s) => !seen.has(s.id))];
    syncRows(tbody, rows, {
      key: (s) => s.id,
      build,
      update,
      empty: "No submissions match.",
      columns: headers.length,
    });
    more.hidden = !next;
  }

  async function refresh() {
    const mine = generation;
    const body = await call(`/api/v1/submissions${query({ ...params(), limit: PAGE })}`);
    if (mine !== generation) return;
    head = body.items;
    if (!older.length) next = body.next;
    setText(message, "");
    render();
  }

  async function loadOlder() {
    const mine = generation;
    const page = query({ ...params(), limit: PAGE, before: next });
    const body = await call(`/api/v1/submissions${page}`);
    if (mine !== generation) return;
    older = [...older, ...body.items];
    next = body.next;
    render();
  }

  function report(error) {
    if (error.needsToken) onAuth(error);
    else setText(message, `Could not load submissions: ${error.message}`);
  }

  function restart() {
    generation += 1;
    older = [];
    next = null;
    refresh().catch(report);
  }

  let typing = null;
  search.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(restart, 250);
  });
  for (const s of Object.values(selects)) s.addEventListener("change", restart);
  more.addEventListener("click", () => loadOlder().catch(report));

  // The problem and language filters' choices, from the public catalogue.
  async function loadChoices() {
    const [problems, languages] = await Promise.all([
      call("/api/v1/problems"),
      call("/api/v1/languages"),
    ]);
    selects.problem.append(...problems.map((p) => el("option", { value: p.slug, text: p.title })));
    selects.language.append(...languages.map((l) => el("option", { value: l.id, text: l.name })));
  }

  return { node, refresh, loadChoices };
}

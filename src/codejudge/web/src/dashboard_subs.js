// Recent submissions (GET /api/v1/submissions, admin: everyone's, newest first) with search by
// id prefix and filters by problem, language, verdict, status and kind (submissions or runs).
// The first page is refreshed live; "Load older" pages back with the `next` cursor. A list
// item is a summary (no code; `result` only {verdict, passed, total, time_ms, memory_kb}):
// the id links to GET /api/v1/submissions/{id} for the rest.

import { call, query } from "./dashboard_api.js";
import { setSince, timer } from "./dashboard_live.js";
import {
  VERDICTS,
  formatDuration,
  humanize,
  section,
  setText,
  syncRows,
  table,
  toMillis,
} from "./dashboard_util.js";
import { el } from "./dom.js";

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

const HEADERS = ["Submission", "Problem", "Language", "Status", "Verdict", "Tests", "Time"];
HEADERS.push("Queued", "Wait", "Judged in");

// The search box and the filter selects (the problem and language choices come later).
function filterForm() {
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
  const form = el(
    "form",
    { class: "filters", role: "search", onsubmit: (e) => e.preventDefault() },
    search,
    Object.values(selects),
  );
  const params = () => ({
    q: search.value.trim(),
    ...Object.fromEntries(Object.entries(selects).map(([k, s]) => [k, s.value])),
  });
  // changed(): after a pause in typing, or at once for a select.
  function onChange(changed) {
    let typing = null;
    search.addEventListener("input", () => {
      clearTimeout(typing);
      typing = setTimeout(changed, 250);
    });
    for (const select of Object.values(selects)) select.addEventListener("change", changed);
  }
  return { form, selects, params, onChange };
}

// The rows shown: the live first page (`head`, replaced by each refresh) then the older pages
// loaded by "Load older" (`older`), and the cursor of the page after them (`next`).
function pages() {
  let head = [];
  let older = [];
  let next = null;
  return {
    get next() {
      return next;
    },
    rows() {
      const seen = new Set(head.map((s) => s.id));
      return [...head, ...older.filter((s) => !seen.has(s.id))];
    },
    // A fresh first page. Rows pushed out of it by newer ones (ids are time-ordered) are kept
    // in front of the older pages already shown, or the list would have a hole.
    first(body) {
      if (older.length) {
        const fresh = new Set(body.items.map((s) => s.id));
        const oldest = body.items.at(-1)?.id;
        const pushed = head.filter((s) => !fresh.has(s.id) && (!oldest || s.id < oldest));
        older = [...pushed, ...older];
      } else next = body.next;
      head = body.items;
    },
    older(body) {
      older = [...older, ...body.items];
      next = body.next;
    },
    reset() {
      head = [];
      older = [];
      next = null;
    },
  };
}

// The problem and language filters' choices, from the public catalogue.
async function loadChoices(selects) {
  const [problems, languages] = await Promise.all([
    call("/api/v1/problems"),
    call("/api/v1/languages"),
  ]);
  selects.problem.append(...problems.map((p) => el("option", { value: p.slug, text: p.title })));
  selects.language.append(...languages.map((l) => el("option", { value: l.id, text: l.name })));
}

export function submissionsPanel({ onAuth }) {
  const filters = filterForm();
  const { node: tableNode, tbody } = table("Recent submissions", HEADERS);
  const more = el("button", { type: "button", hidden: true, text: "Load older" });
  const message = el("p", { role: "status", class: "message" });
  const node = section("submissions", "Recent submissions", filters.form, message,
    el("div", { class: "scroll" }, tableNode), more);
  const shown = pages();
  let generation = 0; // answers to an outdated filter are dropped

  function render() {
    syncRows(tbody, shown.rows(), {
      key: (s) => s.id, build, update, empty: "No submissions match.", columns: HEADERS.length,
    });
    more.hidden = !shown.next;
  }

  // GET one page (`before`: the cursor, or none for the first); null if the filters changed.
  async function page(before) {
    const mine = generation;
    const body = await call(`/api/v1/submissions${query({ ...filters.params(), limit: PAGE, before })}`);
    return mine === generation ? body : null;
  }

  async function refresh() {
    const body = await page(null);
    if (!body) return;
    shown.first(body);
    setText(message, "");
    render();
  }

  function report(error) {
    if (error.needsToken) onAuth(error);
    else setText(message, `Could not load submissions: ${error.message}`);
  }

  function restart() {
    generation += 1;
    shown.reset();
    refresh().catch(report);
  }

  filters.onChange(restart);
  more.addEventListener("click", () => page(shown.next).then((body) => {
    if (body) shown.older(body);
    render();
  }).catch(report));

  return { node, refresh, loadChoices: () => loadChoices(filters.selects) };
}

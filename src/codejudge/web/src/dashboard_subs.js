// Recent submissions (GET /api/v1/submissions, admin: everyone's, newest first) with search by
// id prefix and filters by problem, language, verdict, status and kind (submissions or runs).
// The first page is refreshed live; "Load older" pages back with the `next` cursor. A list
// item is a summary (no code; `result` only {verdict, passed, total, time_ms, memory_kb}):
// its id opens the details dialog (dashboard_detail.js) for the rest. The filters are kept in
// the page's URL (?q=&problem=&language=&verdict=&status=&kind=).

import { call, query } from "./dashboard_api.js";
import { setSince, timer } from "./dashboard_live.js";
import {
  VERDICTS,
  formatDuration,
  humanize,
  section,
  setText,
  setUrlParams,
  syncRows,
  table,
  toMillis,
  urlParam,
  urlWith,
} from "./dashboard_util.js";
import { el } from "./dom.js";

const PAGE = 50;
const STATUSES = ["queued", "running", "finished", "cancelled"];
const KINDS = ["submission", "run"];

// A filter's select, set to the URL's value (kept as an option of its own until the choices
// that hold it are loaded).
function filterSelect(name, label, values, text = humanize) {
  const wanted = urlParam(name);
  const select = el(
    "select",
    { name, "aria-label": label },
    el("option", { value: "", text: `Any ${label.toLowerCase()}` }),
    values.map((v) => el("option", { value: v, text: text(v) })),
  );
  if (wanted && !values.includes(wanted)) select.append(el("option", { value: wanted, text: wanted }));
  select.value = wanted;
  return select;
}

// Add `choices` ([value, text]) to a select, keeping its value.
function addChoices(select, choices) {
  const keep = select.value;
  const known = new Set(choices.map(([value]) => value));
  for (const option of [...select.options]) if (known.has(option.value)) option.remove();
  select.append(...choices.map(([value, text]) => el("option", { value, text })));
  select.value = keep;
}

function span(a, b) {
  const start = toMillis(a);
  const end = toMillis(b);
  return start === null || end === null ? "–" : formatDuration(end - start);
}

// A row's cells that never change; its id opens the details (onOpen(id)) unless a modifier
// key asks the browser to open the link (the dashboard with that submission open) elsewhere.
function build(sub, onOpen) {
  const cells = Array.from({ length: 10 }, () => el("td"));
  const link = el("a", { class: "open-submission", title: "Details of this submission" }, el("code", { text: sub.id }));
  link.addEventListener("click", (event) => {
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    onOpen(sub.id);
  });
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
  cells[0].firstChild.href = urlWith({ submission: sub.id });
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
    value: urlParam("q"),
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
  // changed(): after a pause in typing, or at once for a select; the URL follows.
  function onChange(changed) {
    let typing = null;
    const save = () => {
      setUrlParams(params());
      changed();
    };
    search.addEventListener("input", () => {
      clearTimeout(typing);
      typing = setTimeout(save, 250);
    });
    for (const select of Object.values(selects)) select.addEventListener("change", save);
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
  addChoices(selects.problem, problems.map((p) => [p.slug, p.title]));
  addChoices(selects.language, languages.map((l) => [l.id, l.name]));
}

export function submissionsPanel({ onAuth, onOpen }) {
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
      key: (s) => s.id, build: (sub) => build(sub, onOpen), update, empty: "No submissions match.",
      columns: HEADERS.length,
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

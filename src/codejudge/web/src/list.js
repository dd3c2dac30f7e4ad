// The problem list: status mark, title, difficulty and tags, filtered in the browser by search,
// difficulty, tag and this browser's status. The filters live in the URL (?q=&difficulty=&tag=
// &status=), so a filtered list can be bookmarked or shared.
import { api, el } from "./dom.js";
import { status } from "./storage.js";

const DIFFICULTIES = ["easy", "medium", "hard"];
const STATUSES = [["solved", "Solved"], ["attempted", "Attempted"], ["todo", "Not tried"]];
const capital = (word) => word.replace(/^./, (c) => c.toUpperCase());

function matches(problem, filters) {
  const haystack = [problem.title, problem.slug, problem.difficulty, ...problem.tags].join(" ");
  const mark = status.get(problem.slug) ?? "todo";
  return (
    haystack.toLowerCase().includes(filters.q.trim().toLowerCase()) &&
    (!filters.difficulty || problem.difficulty === filters.difficulty) &&
    (!filters.tag || problem.tags.includes(filters.tag)) &&
    (!filters.status || mark === filters.status)
  );
}

function mark(slug) {
  const value = status.get(slug);
  if (!value) return el("span", { class: "mark todo" }, el("span", { class: "visually-hidden", text: "Not tried" }));
  const [icon, text] = value === "solved" ? ["✓", "Solved"] : ["◐", "Attempted"];
  return el("span", { class: `mark ${value}`, title: text },
    el("span", { "aria-hidden": "true", text: icon }), el("span", { class: "visually-hidden", text }));
}

function row(problem, onTag) {
  return el(
    "tr",
    { "data-slug": problem.slug },
    el("td", { class: "status-cell" }, mark(problem.slug)),
    el("td", {}, el("a", { href: `/problems/${problem.slug}`, text: problem.title })),
    el("td", {}, el("span", { class: `difficulty ${problem.difficulty}`, text: capital(problem.difficulty) })),
    el("td", {}, problem.tags.map((tag) =>
      el("button", { type: "button", class: "tag", text: tag, title: `Only problems tagged ${tag}`,
        onclick: () => onTag(tag) }))),
  );
}

function select(label, options, value) {
  return el("select", { "aria-label": label },
    el("option", { value: "", text: `Any ${label.toLowerCase()}` }),
    options.map(([v, text]) => el("option", { value: v, text, selected: v === value })));
}

function readFilters() {
  const params = new URLSearchParams(location.search);
  return { q: params.get("q") ?? "", difficulty: params.get("difficulty") ?? "",
    tag: params.get("tag") ?? "", status: params.get("status") ?? "" };
}

function writeFilters(filters) {
  const params = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
  const query = params.toString();
  history.replaceState(null, "", query ? `?${query}` : location.pathname);
}

// Shown instead of the table when no problem passes the filters.
function emptyState(onClear) {
  return el("div", { class: "empty-state", hidden: true },
    el("p", { text: "No problems match." }),
    el("button", { type: "button", text: "Clear filters", onclick: onClear }));
}

async function loadProblems(root) {
  root.replaceChildren(el("h1", { text: "Problems" }), el("p", { class: "muted", text: "Loading…" }));
  try {
    return await api("/api/v1/problems");
  } catch (error) {
    root.replaceChildren(el("h1", { text: "Problems" }),
      el("p", { class: "error", role: "alert", text: `Could not load the problems: ${error.message}` }));
    return null;
  }
}

export async function showList(root) {
  const filters = readFilters();
  const search = el("input", { type: "search", value: filters.q, placeholder: "Search by title, tag or difficulty",
    "aria-label": "Search problems" });
  const body = el("tbody");
  const count = el("p", { class: "muted", role: "status" });
  const table = el("table", { class: "problems", "aria-label": "Problems" },
    el("thead", {}, el("tr", {}, ["Status", "Title", "Difficulty", "Tags"].map((h) => el("th", { scope: "col", text: h })))),
    body);
  const problems = await loadProblems(root);
  if (!problems) return;
  const tags = [...new Set(problems.flatMap((p) => p.tags))].sort();
  const controls = {
    difficulty: select("Difficulty", DIFFICULTIES.map((d) => [d, capital(d)]), filters.difficulty),
    tag: select("Tag", tags.map((t) => [t, t]), filters.tag),
    status: select("Status", STATUSES, filters.status),
  };
  const empty = emptyState(() => {
    search.value = "";
    for (const control of Object.values(controls)) control.value = "";
    render();
    search.focus();
  });
  const render = () => {
    filters.q = search.value;
    for (const [key, control] of Object.entries(controls)) filters[key] = control.value;
    writeFilters(filters);
    const shown = problems.filter((p) => matches(p, filters));
    body.replaceChildren(...shown.map((p) => row(p, (tag) => { controls.tag.value = tag; render(); })));
    table.hidden = !shown.length;
    empty.hidden = shown.length > 0;
    const solved = problems.filter((p) => status.get(p.slug) === "solved").length;
    count.textContent = `${shown.length} of ${problems.length} problems · ${solved} solved`;
  };
  search.addEventListener("input", render);
  for (const control of Object.values(controls)) control.addEventListener("change", render);
  const bar = el("div", { class: "filters", role: "search", "aria-label": "Filter problems" },
    search, controls.difficulty, controls.tag, controls.status);
  root.replaceChildren(el("h1", { text: "Problems" }), bar, count, table, empty);
  render();
}

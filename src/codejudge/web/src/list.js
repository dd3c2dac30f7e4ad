// The problem list: title, difficulty, tags, and a search box filtering in the browser.
import { api, el } from "./dom.js";

function matches(problem, query) {
  const haystack = [problem.title, problem.slug, problem.difficulty, ...problem.tags];
  return haystack.join(" ").toLowerCase().includes(query.trim().toLowerCase());
}

function row(problem) {
  return el(
    "tr",
    {},
    el("td", {}, el("a", { href: `/problems/${problem.slug}`, text: problem.title })),
    el("td", {}, el("span", { class: `difficulty ${problem.difficulty}`, text: problem.difficulty })),
    el("td", {}, problem.tags.map((tag) => el("span", { class: "tag", text: tag }))),
  );
}

export async function showList(root) {
  const search = el("input", {
    type: "search",
    placeholder: "Search by title, tag or difficulty",
    "aria-label": "Search problems",
  });
  const body = el("tbody");
  const count = el("p", { class: "muted", "aria-live": "polite" });
  const table = el(
    "table",
    { class: "problems" },
    el("thead", {}, el("tr", {}, el("th", { text: "Title" }), el("th", { text: "Difficulty" }), el("th", { text: "Tags" }))),
    body,
  );
  root.replaceChildren(el("h1", { text: "Problems" }), search, count, table);
  let problems = [];
  const render = () => {
    const shown = problems.filter((p) => matches(p, search.value));
    body.replaceChildren(...shown.map(row));
    count.textContent = `${shown.length} of ${problems.length} problems`;
  };
  search.addEventListener("input", render);
  try {
    problems = await api("/api/v1/problems");
    render();
  } catch (error) {
    count.textContent = `Could not load the problems: ${error.message}`;
  }
}

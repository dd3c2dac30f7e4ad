// The practice page: the problem (statement, this browser's submissions) beside the editor, a
// language select, Run (sample tests) and Submit (every test) with live progress, then the
// result panel. Panes are resizable; drafts are kept per problem and language.
import { api, button, el } from "./dom.js";
import { createEditor } from "./editor.js";
import { showHistory } from "./history.js";
import { judge } from "./judge.js";
import { showError, showProgress, showResult } from "./result.js";
import { splitter } from "./splitter.js";
import { statement } from "./statement.js";
import { draft, history, lastLanguage, status } from "./storage.js";
import { tabs } from "./tabs.js";

const PLACEHOLDER = "Run your code on the sample tests (Ctrl/Cmd+Enter) or submit it (Ctrl/Cmd+Shift+Enter).";

function languageSelect(problem, languages) {
  const offered = languages.filter((l) => l.id in problem.starter_code);
  const select = el("select", { "aria-label": "Language" }, offered.map((l) =>
    el("option", { value: l.id, text: l.available === false ? `${l.name} (no worker)` : l.name })));
  const saved = lastLanguage.get();
  select.value = offered.some((l) => l.id === saved) ? saved : offered[0]?.id ?? "";
  return select;
}

function toolbar(select, actions) {
  const run = button("Run", { class: "secondary", title: "Run the sample tests (Ctrl/Cmd+Enter)",
    "aria-keyshortcuts": "Control+Enter Meta+Enter", onclick: actions.run });
  const submit = button("Submit", { class: "primary", title: "Submit (Ctrl/Cmd+Shift+Enter)",
    "aria-keyshortcuts": "Control+Shift+Enter Meta+Shift+Enter", onclick: actions.submit });
  const reset = button("Reset", { class: "quiet", title: "Replace the code with the starter code", onclick: actions.reset });
  const bar = el("div", { class: "toolbar", role: "group", "aria-label": "Editor actions" }, select, reset,
    el("span", { class: "spacer" }), run, submit);
  return { bar, run, submit };
}

// Ctrl/Cmd+Enter and Ctrl/Cmd+Shift+Enter anywhere on the page (the editor handles its own).
function shortcuts(actions) {
  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
    event.preventDefault();
    (event.shiftKey ? actions.submit : actions.run)();
  });
}

function layout(main, left, workspace, editorBox, panel) {
  const split = splitter({ container: main, variable: "--left", name: "left", label: "Resize the problem and code panes",
    orientation: "vertical", initial: 42, min: 20, max: 75 });
  const bottom = splitter({ container: workspace, variable: "--bottom", name: "bottom",
    label: "Resize the editor and result panes", orientation: "horizontal", initial: 40, min: 10, max: 80, from: "end" });
  workspace.append(editorBox, bottom, panel);
  main.replaceChildren(left, split, workspace);
}

// Run or Submit the editor's code, one at a time, showing progress then the result.
async function start(page, kind) {
  const { problem, select, editor, controls, panel } = page;
  if (page.busy || !select.value) return;
  page.busy = controls.run.disabled = controls.submit.disabled = true;
  editor.showDiagnostics([]);
  const body = { problem: problem.slug, language: select.value, code: editor.text };
  const total = kind === "run" ? problem.samples.length : problem.test_count;
  try {
    const finished = await judge({ kind, body, total, onProgress: (p) => showProgress(panel, p),
      onAccepted: (id) => kind === "submit" && history.add(problem.slug, id) });
    showResult(panel, finished, { problem, onLine: page.onLine });
    editor.showDiagnostics(finished.result?.compile_errors ?? []);
    if (kind === "submit" && finished.verdict) status.record(problem.slug, finished.verdict);
    if (kind === "submit") page.refreshHistory(false);
  } catch (error) {
    showError(panel, `${kind === "run" ? "Run" : "Submission"} failed: ${error.message}`);
  } finally {
    page.busy = controls.run.disabled = controls.submit.disabled = false;
  }
}

// The draft of the selected language, or its starter code.
function loadDraft({ problem, select, editor }) {
  lastLanguage.set(select.value);
  editor.load(select.value, draft.get(problem.slug, select.value) ?? problem.starter_code[select.value] ?? "");
}

// A submission of the history back into the editor (its language selected).
function loadSubmission({ problem, select, editor, panel }, sub, name) {
  if ([...select.options].some((o) => o.value === sub.language)) select.value = sub.language;
  lastLanguage.set(select.value);
  editor.load(sub.language, sub.code);
  draft.set(problem.slug, sub.language, sub.code);
  panel.replaceChildren(el("p", { role: "status", text: `Loaded ${name} into the editor.` }));
}

function resetCode(page) {
  if (!window.confirm("Replace your code with the starter code? Your draft for this language is lost.")) return;
  draft.set(page.problem.slug, page.select.value, null);
  loadDraft(page);
}

// The left pane's tabs: the statement and this browser's submissions (loaded when shown).
async function problemPane(page, languages) {
  const historyPanel = el("div", { class: "history-panel" });
  const handlers = {
    onShow: (sub) => showResult(page.panel, sub, { problem: page.problem, onLine: page.onLine }),
    onLoad: (sub, name) => loadSubmission(page, sub, name),
    onResubmit: (sub, name) => (loadSubmission(page, sub, name), start(page, "submit")),
  };
  const left = tabs("Problem", [
    { id: "description", name: "Description", panel: el("div", { class: "statement" }, await statement(page.problem)) },
    { id: "submissions", name: "Submissions", panel: historyPanel },
  ], (id) => id === "submissions" && showHistory(historyPanel, page.problem.slug, languages, handlers));
  page.refreshHistory = (force = true) => {
    if (force || !left.panels[1].hidden) showHistory(historyPanel, page.problem.slug, languages, handlers);
  };
  return el("section", { class: "pane problem-pane", "aria-label": "Problem" }, left.list, left.panels);
}

export async function showProblem(root, { slug }) {
  const [problem, languages] = await Promise.all([
    api(`/api/v1/problems/${encodeURIComponent(slug)}`),
    api("/api/v1/languages"),
  ]);
  document.title = `${problem.title} · codejudge`;
  const page = {
    problem, busy: false, select: languageSelect(problem, languages),
    panel: el("section", { class: "result", "aria-label": "Result" },
      el("p", { class: "muted", text: PLACEHOLDER })),
    onLine: (line, column) => page.editor.goTo(line, column),
  };
  const actions = { run: () => start(page, "run"), submit: () => start(page, "submit"), reset: () => resetCode(page) };
  page.controls = toolbar(page.select, actions);
  const editorBox = el("div", { class: "editor" });
  page.editor = createEditor(editorBox, {
    onChange: (text) => draft.set(slug, page.select.value, text),
    onRun: actions.run,
    onSubmit: actions.submit,
  });
  page.select.addEventListener("change", () => loadDraft(page));
  shortcuts(actions);
  loadDraft(page);
  const workspace = el("section", { class: "workspace", "aria-label": "Code" }, page.controls.bar);
  layout(root, await problemPane(page, languages), workspace, editorBox, page.panel);
  window.codejudgeEditor = page.editor; // for tests and the console
  window.codejudgeProblem = problem;
}

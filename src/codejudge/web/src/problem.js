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
  const bar = el("div", { class: "toolbar", role: "toolbar", "aria-label": "Editor" }, select, reset,
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

export async function showProblem(root, { slug }) {
  const [problem, languages] = await Promise.all([
    api(`/api/v1/problems/${encodeURIComponent(slug)}`),
    api("/api/v1/languages"),
  ]);
  document.title = `${problem.title} · codejudge`;
  const select = languageSelect(problem, languages);
  const panel = el("section", { class: "result", "aria-label": "Result", "aria-live": "polite" },
    el("p", { class: "muted", text: PLACEHOLDER }));
  const editorBox = el("div", { class: "editor" });
  const historyPanel = el("div", { class: "history-panel" });
  let busy = false;
  const onLine = (line, column) => editor.goTo(line, column);
  const refreshHistory = () => showHistory(historyPanel, slug, languages, {
    onShow: (sub) => showResult(panel, sub, { problem, onLine }),
    onLoad: loadSubmission,
    onResubmit: resubmit,
  });
  const left = tabs("Problem", [
    { id: "description", name: "Description", panel: el("div", { class: "statement" }, await statement(problem)) },
    { id: "submissions", name: "Submissions", panel: historyPanel },
  ], (id) => id === "submissions" && refreshHistory());

  async function start(kind) {
    if (busy || !select.value) return;
    busy = true;
    controls.run.disabled = controls.submit.disabled = true;
    editor.showDiagnostics([]);
    const body = { problem: slug, language: select.value, code: editor.text };
    const total = kind === "run" ? problem.samples.length : problem.test_count;
    try {
      const finished = await judge({ kind, body, total, onProgress: (p) => showProgress(panel, p),
        onAccepted: (id) => kind === "submit" && history.add(slug, id) });
      showResult(panel, finished, { problem, onLine });
      editor.showDiagnostics(finished.result?.compile_errors ?? []);
      if (kind === "submit" && finished.verdict) status.record(slug, finished.verdict);
      if (kind === "submit" && !left.panels[1].hidden) refreshHistory();
    } catch (error) {
      showError(panel, `${kind === "run" ? "Run" : "Submission"} failed: ${error.message}`);
    } finally {
      busy = false;
      controls.run.disabled = controls.submit.disabled = false;
    }
  }
  const load = () => {
    lastLanguage.set(select.value);
    editor.load(select.value, draft.get(slug, select.value) ?? problem.starter_code[select.value] ?? "");
  };
  function loadSubmission(sub) {
    if ([...select.options].some((o) => o.value === sub.language)) select.value = sub.language;
    lastLanguage.set(select.value);
    editor.load(sub.language, sub.code);
    draft.set(slug, sub.language, sub.code);
    panel.replaceChildren(el("p", { role: "status", text: `Loaded submission ${sub.id.slice(0, 8)} into the editor.` }));
  }
  function resubmit(sub) {
    loadSubmission(sub);
    start("submit");
  }
  const actions = {
    run: () => start("run"),
    submit: () => start("submit"),
    reset: () => {
      if (!window.confirm("Replace your code with the starter code? Your draft for this language is lost.")) return;
      draft.set(slug, select.value, null);
      load();
    },
  };
  const controls = toolbar(select, actions);
  const editor = createEditor(editorBox, {
    onChange: (text) => draft.set(slug, select.value, text),
    onRun: actions.run,
    onSubmit: actions.submit,
  });
  select.addEventListener("change", load);
  shortcuts(actions);
  load();
  const leftPane = el("section", { class: "pane problem-pane", "aria-label": "Problem" }, left.list, left.panels);
  const workspace = el("section", { class: "workspace", "aria-label": "Code" }, controls.bar);
  layout(root, leftPane, workspace, editorBox, panel);
  window.codejudgeEditor = editor; // for tests and the console
  window.codejudgeProblem = problem;
}

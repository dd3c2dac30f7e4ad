// The practice page: the statement beside the editor, a language select, Submit with live
// progress over the submission's server-sent events, then the result panel.
import DOMPurify from "dompurify";
import { marked } from "marked";
import { api, el } from "./dom.js";
import { createEditor } from "./editor.js";
import { showProgress, showResult } from "./result.js";

const draftKey = (slug, language) => `codejudge:draft:${slug}:${language}`;
const languageKey = "codejudge:language";

function statement(problem) {
  const html = DOMPurify.sanitize(marked.parse(problem.statement, { async: false }));
  const body = el("div", { class: "markdown" });
  body.innerHTML = html;
  return el(
    "section",
    { class: "statement", "aria-label": "Statement" },
    el("p", {}, el("a", { href: "/", text: "← All problems" })),
    /^#\s/.test(problem.statement.trimStart()) ? null : el("h1", { text: problem.title }),
    el("p", {}, el("span", { class: `difficulty ${problem.difficulty}`, text: problem.difficulty }),
      problem.tags.map((tag) => el("span", { class: "tag", text: tag }))),
    body,
  );
}

function languageSelect(problem, languages) {
  const offered = languages.filter((l) => l.id in problem.starter_code);
  const select = el("select", { "aria-label": "Language" },
    offered.map((l) => el("option", { value: l.id, text: l.name })));
  const saved = localStorage.getItem(languageKey);
  select.value = offered.some((l) => l.id === saved) ? saved : offered[0]?.id ?? "";
  return select;
}

async function follow(submission, panel) {
  const done = new Promise((resolve) => {
    const source = new EventSource(submission.links.events);
    const tests = [];
    source.addEventListener("running", () => showProgress(panel, "Running…", tests));
    source.addEventListener("test", (event) => {
      tests.push(JSON.parse(event.data));
      showProgress(panel, `Test ${tests.length} done…`, tests);
    });
    source.addEventListener("finished", (event) => {
      source.close();
      resolve(JSON.parse(event.data));
    });
    source.onerror = async () => {
      if (source.readyState !== EventSource.CLOSED) return; // it reconnects by itself
      resolve(await api(`${submission.links.self}?wait=60`));
    };
  });
  showResult(panel, await done);
}

export async function showProblem(root, slug) {
  const [problem, languages] = await Promise.all([
    api(`/api/v1/problems/${encodeURIComponent(slug)}`),
    api("/api/v1/languages"),
  ]);
  document.title = `${problem.title} · codejudge`;
  const select = languageSelect(problem, languages);
  const panel = el("section", { class: "result", "aria-label": "Result", "aria-live": "polite" });
  const submit = el("button", { type: "button", class: "primary", text: "Submit",
    title: "Submit (Ctrl/Cmd+Shift+Enter)" });
  const editorBox = el("div", { class: "editor" });
  const onSubmit = async () => {
    if (submit.disabled) return;
    submit.disabled = true;
    showProgress(panel, "Queued…", []);
    try {
      const body = JSON.stringify({ problem: slug, language: select.value, code: editor.text });
      await follow(await api("/api/v1/submissions", { method: "POST", body }), panel);
    } catch (error) {
      panel.replaceChildren(el("p", { class: "error", text: `Submission failed: ${error.message}` }));
    } finally {
      submit.disabled = false;
    }
  };
  const editor = createEditor(editorBox, {
    onChange: (text) => localStorage.setItem(draftKey(slug, select.value), text),
    onSubmit,
  });
  const load = () => {
    localStorage.setItem(languageKey, select.value);
    const draft = localStorage.getItem(draftKey(slug, select.value));
    editor.load(select.value, draft ?? problem.starter_code[select.value] ?? "");
  };
  select.addEventListener("change", load);
  submit.addEventListener("click", onSubmit);
  load();
  const toolbar = el("div", { class: "toolbar" }, select, submit);
  root.replaceChildren(statement(problem),
    el("section", { class: "workspace", "aria-label": "Code" }, toolbar, editorBox, panel));
  window.codejudgeEditor = editor; // for tests and the console
}

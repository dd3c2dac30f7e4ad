// The code editor: CodeMirror 6. Language modes load on demand (one chunk per mode), the colours
// come from the page's theme (CSS variables; tokens get "tok-*" classes), compile errors show as
// diagnostics at the user's lines, and Ctrl/Cmd+Enter runs, Ctrl/Cmd+Shift+Enter submits.
// Tab indents; Escape then Tab leaves the editor (CodeMirror's tab focus mode).
import { basicSetup } from "codemirror";
import { indentWithTab } from "@codemirror/commands";
import { syntaxHighlighting } from "@codemirror/language";
import { lintGutter, setDiagnostics } from "@codemirror/lint";
import { Compartment, EditorState, Prec } from "@codemirror/state";
import { EditorView, keymap } from "@codemirror/view";
import { classHighlighter } from "@lezer/highlight";
import { currentTheme } from "./theme.js";

const MODES = {
  python: () => import("@codemirror/lang-python").then((m) => m.python()),
  c: () => import("@codemirror/lang-cpp").then((m) => m.cpp()),
  cpp: () => import("@codemirror/lang-cpp").then((m) => m.cpp()),
  java: () => import("@codemirror/lang-java").then((m) => m.java()),
  javascript: () => import("@codemirror/lang-javascript").then((m) => m.javascript()),
  typescript: () => import("@codemirror/lang-javascript").then((m) => m.javascript({ typescript: true })),
  go: () => import("@codemirror/lang-go").then((m) => m.go()),
  rust: () => import("@codemirror/lang-rust").then((m) => m.rust()),
};

// A language's CodeMirror mode; a plain editor for a language without one.
export async function modeFor(language) {
  const make = MODES[language];
  return make ? make() : [];
}

// Editor colours: CSS variables of style.css, so both themes apply without rebuilding the editor.
const look = EditorView.theme({
  "&": { color: "var(--fg)", backgroundColor: "var(--bg)" },
  ".cm-content": { caretColor: "var(--fg)" },
  ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--fg)" },
  "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection":
    { backgroundColor: "var(--selection)" },
  ".cm-activeLine": { backgroundColor: "var(--active-line)" },
  ".cm-gutters": { backgroundColor: "var(--soft)", color: "var(--muted)", borderRight: "1px solid var(--line)" },
  ".cm-activeLineGutter": { backgroundColor: "var(--active-line)", color: "var(--fg)" },
  ".cm-matchingBracket, &.cm-focused .cm-matchingBracket": { backgroundColor: "var(--match)", color: "inherit" },
  ".cm-searchMatch": { backgroundColor: "var(--match)" },
  ".cm-tooltip": { backgroundColor: "var(--soft)", color: "var(--fg)", border: "1px solid var(--line)" },
  ".cm-panels": { backgroundColor: "var(--soft)", color: "var(--fg)" },
  ".cm-lintRange-error": { backgroundImage: "none", textDecoration: "underline wavy var(--bad)" },
  ".cm-lintRange-warning": { backgroundImage: "none", textDecoration: "underline wavy var(--warn)" },
});

function diagnosticsFor(doc, errors) {
  return errors.filter((e) => Number.isInteger(e.line)).map((e) => {
    const line = doc.line(Math.min(Math.max(e.line, 1), doc.lines));
    const from = line.from + Math.min(Math.max((e.column ?? 1) - 1, 0), line.length);
    return { from, to: Math.max(line.to, from), severity: e.severity === "warning" ? "warning" : "error",
      message: e.message };
  });
}

// The editor's extensions: the run/submit keys first, then CodeMirror's basic setup, Tab to
// indent, the theme's colours and the (re)configurable `dark` and `mode` compartments.
function extensions({ mode, dark, onChange, onRun, onSubmit }) {
  return [
    Prec.highest(keymap.of([
      { key: "Mod-Shift-Enter", preventDefault: true, run: () => (onSubmit(), true) },
      { key: "Mod-Enter", preventDefault: true, run: () => (onRun(), true) },
    ])),
    basicSetup,
    keymap.of([indentWithTab]),
    syntaxHighlighting(classHighlighter),
    lintGutter(),
    look,
    dark.of(EditorView.darkTheme.of(currentTheme() === "dark")),
    mode.of([]),
    EditorView.contentAttributes.of({ "aria-label": "Code editor",
      "aria-description": "Tab indents; press Escape then Tab to leave the editor" }),
    EditorView.updateListener.of((update) => {
      if (update.docChanged) onChange(update.state.doc.toString());
    }),
  ];
}

// onChange(text) after every edit; onRun() on Ctrl/Cmd+Enter; onSubmit() on Ctrl/Cmd+Shift+Enter.
export function createEditor(parent, { onChange, onRun, onSubmit }) {
  const mode = new Compartment();
  const dark = new Compartment();
  const view = new EditorView({
    parent,
    state: EditorState.create({ doc: "", extensions: extensions({ mode, dark, onChange, onRun, onSubmit }) }),
  });
  document.addEventListener("codejudge:theme", (event) =>
    view.dispatch({ effects: dark.reconfigure(EditorView.darkTheme.of(event.detail === "dark")) }));
  let loading = 0;
  return {
    view,
    get text() {
      return view.state.doc.toString();
    },
    // The cursor's 1-based line and column.
    get cursor() {
      const head = view.state.selection.main.head;
      const line = view.state.doc.lineAt(head);
      return { line: line.number, column: head - line.from + 1 };
    },
    // Replace the text (no "changed" callback for it) and switch to `language`'s mode.
    async load(language, text) {
      const ticket = ++loading;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text },
        effects: mode.reconfigure([]) });
      const extension = await modeFor(language).catch(() => []);
      if (ticket === loading) view.dispatch({ effects: mode.reconfigure(extension) });
    },
    // Put the cursor at a 1-based line (and column), scroll it into view and focus the editor.
    goTo(line, column = 1) {
      const doc = view.state.doc;
      const target = doc.line(Math.min(Math.max(line, 1), doc.lines));
      const head = target.from + Math.min(Math.max(column - 1, 0), target.length);
      view.dispatch({ selection: { anchor: head }, scrollIntoView: true });
      view.focus();
    },
    // Compile errors [{line, column, message, severity}] as diagnostics; [] clears them.
    showDiagnostics(errors) {
      view.dispatch(setDiagnostics(view.state, diagnosticsFor(view.state.doc, errors)));
    },
  };
}

// The code editor: CodeMirror 6 with a mode per language id (a plain editor where none exists).
import { basicSetup } from "codemirror";
import { Compartment, EditorState } from "@codemirror/state";
import { EditorView, keymap } from "@codemirror/view";
import { cpp } from "@codemirror/lang-cpp";
import { go } from "@codemirror/lang-go";
import { java } from "@codemirror/lang-java";
import { javascript } from "@codemirror/lang-javascript";
import { python } from "@codemirror/lang-python";
import { rust } from "@codemirror/lang-rust";

const MODES = {
  python: () => python(),
  c: () => cpp(),
  cpp: () => cpp(),
  java: () => java(),
  javascript: () => javascript(),
  typescript: () => javascript({ typescript: true }),
  go: () => go(),
  rust: () => rust(),
};

export function modeFor(language) {
  const make = MODES[language];
  return make ? make() : [];
}

// onChange(text) after every edit; onSubmit() on Ctrl/Cmd+Shift+Enter.
export function createEditor(parent, { onChange, onSubmit }) {
  const mode = new Compartment();
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: "",
      extensions: [
        keymap.of([{ key: "Mod-Shift-Enter", preventDefault: true, run: () => (onSubmit(), true) }]),
        basicSetup,
        mode.of([]),
        EditorView.contentAttributes.of({ "aria-label": "Code editor" }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) onChange(update.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    view,
    get text() {
      return view.state.doc.toString();
    },
    load(language, text) {
      view.dispatch({
        changes: { from: 0, to: view.state.doc.length, insert: text },
        effects: mode.reconfigure(modeFor(language)),
      });
    },
  };
}

// One accessible confirmation dialog (a modal <dialog>: focus is trapped in it, Escape cancels,
// focus goes back to the button that opened it). Cancel has the focus first, so Enter on a
// destructive prompt does nothing destructive.

import { el } from "./dom.js";

let dialog = null;

function create() {
  const title = el("h2", { id: "confirm-title" });
  const body = el("div", { id: "confirm-body" });
  const cancel = el("button", { type: "submit", value: "cancel", autofocus: true, text: "Cancel" });
  const ok = el("button", { type: "submit", value: "confirm", class: "primary" });
  const actions = el("div", { class: "actions" }, cancel, ok);
  const form = el("form", { method: "dialog" }, title, body, actions);
  const node = el(
    "dialog",
    { class: "confirm", "aria-labelledby": "confirm-title", "aria-describedby": "confirm-body" },
    form,
  );
  document.body.append(node);
  return { node, title, body, ok };
}

// Ask; resolves true when the person confirms. `items` (strings) are listed, at most 10.
export function confirmAction({ title, text, items = [], action, danger = false }) {
  dialog ??= create();
  const { node, body, ok } = dialog;
  dialog.title.textContent = title;
  const shown = items.slice(0, 10);
  const more = items.length - shown.length;
  body.replaceChildren(el("p", { text }));
  if (shown.length) {
    const list = shown.map((id) => el("li", {}, el("code", { text: id })));
    body.append(el("ul", { class: "ids" }, list));
  }
  if (more > 0) body.append(el("p", { class: "muted", text: `and ${more} more` }));
  ok.textContent = action;
  ok.classList.toggle("danger", danger);
  node.returnValue = "";
  return new Promise((resolve) => {
    node.addEventListener("close", () => resolve(node.returnValue === "confirm"), { once: true });
    node.showModal();
  });
}

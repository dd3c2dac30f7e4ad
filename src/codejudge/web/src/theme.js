// Light and dark themes, one for every page (the practice pages and the dashboard):
// <html data-theme="light|dark">, chosen by the toggle in the header and remembered
// (localStorage "codejudge:theme", so every tab and page follows it); until a person chooses,
// it follows the system's prefers-color-scheme. The shells set data-theme before the first
// paint (an inline script in <head>); initTheme() does it again for a page without that
// script. Whoever draws with theme colours (the editor, the dashboard's charts) listens for
// the "codejudge:theme" event on document (detail: "light" | "dark"), sent on each change.
import { button } from "./dom.js";
import { theme as stored } from "./storage.js";

const system = () => window.matchMedia("(prefers-color-scheme: dark)");
let chosen = null; // the toggle's choice when localStorage refuses to keep it

function remembered() {
  const value = stored.get();
  return value === "light" || value === "dark" ? value : null;
}

// The theme a page should show now: the person's choice, else the system's.
function wanted() {
  return chosen ?? remembered() ?? (system().matches ? "dark" : "light");
}

export function currentTheme() {
  return document.documentElement.dataset.theme === "dark" ? "dark" : "light";
}

function apply(value) {
  const root = document.documentElement;
  const changed = root.dataset.theme !== value;
  root.dataset.theme = value;
  root.style.colorScheme = value;
  if (changed) document.dispatchEvent(new CustomEvent("codejudge:theme", { detail: value }));
}

// Apply the theme now, and again when the system's setting or another tab's choice changes.
export function initTheme() {
  apply(wanted());
  system().addEventListener("change", () => apply(wanted()));
  window.addEventListener("storage", (event) => {
    if (event.key !== "codejudge:theme" && event.key !== null) return; // null: storage cleared
    chosen = null;
    apply(wanted());
  });
}

// The toggle: a button named "Dark theme", pressed while the dark theme is on.
export function themeToggle() {
  const toggle = button("Dark theme", { class: "theme-toggle", "aria-pressed": "false" });
  const sync = () => toggle.setAttribute("aria-pressed", String(currentTheme() === "dark"));
  toggle.addEventListener("click", () => {
    chosen = currentTheme() === "dark" ? "light" : "dark";
    stored.set(chosen);
    apply(chosen);
  });
  document.addEventListener("codejudge:theme", sync);
  sync();
  return toggle;
}

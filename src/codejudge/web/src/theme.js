// Light and dark themes: <html data-theme="light|dark">, chosen by the toggle in the header and
// remembered; until a person chooses, it follows the system's prefers-color-scheme. The shells
// set data-theme before the first paint (an inline script in <head>); initTheme() does it again
// for a page without that script. Whoever draws with theme colours (the editor) listens for
// the "codejudge:theme" event on document.
import { button } from "./dom.js";
import { theme as stored } from "./storage.js";

const system = () => window.matchMedia("(prefers-color-scheme: dark)");

export function currentTheme() {
  return document.documentElement.dataset.theme === "dark" ? "dark" : "light";
}

function apply(value) {
  document.documentElement.dataset.theme = value;
  document.documentElement.style.colorScheme = value;
  document.dispatchEvent(new CustomEvent("codejudge:theme", { detail: value }));
}

export function initTheme() {
  apply(stored.get() ?? (system().matches ? "dark" : "light"));
  system().addEventListener("change", (event) => {
    if (!stored.get()) apply(event.matches ? "dark" : "light");
  });
}

// The toggle: a button named "Dark theme", pressed while the dark theme is on.
export function themeToggle() {
  const toggle = button("Dark theme", { class: "theme-toggle", "aria-pressed": "false" });
  const sync = () => toggle.setAttribute("aria-pressed", String(currentTheme() === "dark"));
  toggle.addEventListener("click", () => {
    const next = currentTheme() === "dark" ? "light" : "dark";
    stored.set(next);
    apply(next);
  });
  document.addEventListener("codejudge:theme", sync);
  sync();
  return toggle;
}

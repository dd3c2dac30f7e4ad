// Tabs (the ARIA tabs pattern): a tablist of buttons, arrow keys move between them, one panel
// shown at a time. onSelect(id) after a tab is chosen.
import { el } from "./dom.js";

export function tabs(label, entries, onSelect = () => {}) {
  const buttons = entries.map(({ id, name }) => el("button", {
    type: "button", role: "tab", id: `tab-${id}`, "aria-controls": `panel-${id}`, text: name,
  }));
  const panels = entries.map(({ id, panel }) => el("div", {
    role: "tabpanel", id: `panel-${id}`, "aria-labelledby": `tab-${id}`, class: "tabpanel",
  }, panel));
  const select = (index, focus = false, notify = true) => {
    buttons.forEach((b, i) => {
      b.setAttribute("aria-selected", String(i === index));
      b.tabIndex = i === index ? 0 : -1;
      panels[i].hidden = i !== index;
    });
    if (focus) buttons[index].focus();
    if (notify) onSelect(entries[index].id);
  };
  buttons.forEach((b, i) => {
    b.addEventListener("click", () => select(i));
    b.addEventListener("keydown", (event) => {
      const moves = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: buttons.length - 1 };
      if (!(event.key in moves)) return;
      event.preventDefault();
      select((moves[event.key] + buttons.length) % buttons.length, true);
    });
  });
  select(0, false, false);
  return {
    list: el("div", { role: "tablist", "aria-label": label, class: "tabs" }, buttons),
    panels,
    select: (id) => select(entries.findIndex((e) => e.id === id)),
  };
}

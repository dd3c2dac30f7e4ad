// A resizable split: a focusable separator (role "separator") between two panes, dragged with
// the pointer or moved with the arrow keys (Home/End for the limits). The size is a percentage
// of the container, written to a CSS variable on it and remembered per name.
import { el } from "./dom.js";
import { layout } from "./storage.js";

const STEP = 2;

// container: the element whose CSS variable `variable` holds the first pane's size (in %).
// orientation "vertical" splits left|right, "horizontal" splits top|bottom; `from` "end" measures
// the second pane (the bottom one) instead of the first.
export function splitter({ container, variable, name, label, orientation, initial, min = 15, max = 85, from = "start" }) {
  const handle = el("div", {
    role: "separator", tabindex: "0", class: `splitter ${orientation}`, "aria-label": label,
    "aria-orientation": orientation, "aria-valuemin": String(min), "aria-valuemax": String(max),
  });
  const set = (value) => {
    const size = Math.round(Math.min(max, Math.max(min, value)) * 10) / 10;
    container.style.setProperty(variable, `${size}%`);
    handle.setAttribute("aria-valuenow", String(Math.round(size)));
    handle.dataset.size = String(size);
    return size;
  };
  let size = set(layout.get(name) ?? initial);
  const save = () => layout.set(name, size);
  const measure = (event) => {
    const box = container.getBoundingClientRect();
    const share = orientation === "vertical" ? (event.clientX - box.left) / box.width
      : (event.clientY - box.top) / box.height;
    return (from === "end" ? 1 - share : share) * 100;
  };
  handle.addEventListener("pointerdown", (event) => {
    handle.setPointerCapture(event.pointerId);
    handle.classList.add("dragging");
    event.preventDefault();
  });
  handle.addEventListener("pointermove", (event) => {
    if (handle.hasPointerCapture(event.pointerId)) size = set(measure(event));
  });
  handle.addEventListener("pointerup", (event) => {
    handle.releasePointerCapture(event.pointerId);
    handle.classList.remove("dragging");
    save();
  });
  handle.addEventListener("keydown", (event) => {
    const grow = orientation === "vertical" ? "ArrowRight" : "ArrowDown";
    const shrink = orientation === "vertical" ? "ArrowLeft" : "ArrowUp";
    const sign = from === "end" ? -1 : 1;
    const moves = { [grow]: size + sign * STEP, [shrink]: size - sign * STEP, Home: min, End: max };
    if (!(event.key in moves)) return;
    event.preventDefault();
    size = set(moves[event.key]);
    save();
  });
  return handle;
}

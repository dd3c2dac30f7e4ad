// The browser UI's entry point: each HTML shell names its page in <body data-page>. The pages are
// loaded on demand (esbuild --splitting), so the problem list does not download the editor.
import "./style.css";
import { el } from "./dom.js";
import { initTheme, themeToggle } from "./theme.js";

const PAGES = {
  list: () => import("./list.js").then((m) => m.showList),
  problem: () => import("./problem.js").then((m) => m.showProblem),
  tester: () => import("./tester.js").then((m) => m.showTester),
};

async function start() {
  initTheme();
  document.querySelector("header")?.append(themeToggle());
  const root = document.getElementById("app");
  const load = PAGES[document.body.dataset.page];
  if (!load) return; // the 404 page: static text only
  try {
    const show = await load();
    await show(root, document.body.dataset);
  } catch (error) {
    root.replaceChildren(
      el("h1", { text: "Something went wrong" }),
      el("p", { class: "error", role: "alert", text: error.message }),
      el("p", {}, el("a", { href: "/", text: "All problems" })),
    );
  }
}

start();

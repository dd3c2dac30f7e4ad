// The operator dashboard's entry point (/dashboard): a bundle of its own, so the practice
// page does not ship the chart library. Everything is read from the public admin API by
// polling (the snapshot every 2 s, submissions every 5 s, history every 30 s); no reloads.
// A 401/403 shows a token form; the token is kept in sessionStorage and sent as Bearer.
// The filters, the history window (?minutes=) and the submission open in the details dialog
// (?submission=) are in the URL: a reload or a shared link shows the same.
import "./style.css";
import "uplot/dist/uPlot.min.css";
import "./dashboard.css";

import { adminToken, call, setAdminToken } from "./dashboard_api.js";
import { historyPanel } from "./dashboard_chart.js";
import { deadLetters } from "./dashboard_dead.js";
import { openSubmission } from "./dashboard_detail.js";
import { clock, queueCards, runningTable, tick, workersTable } from "./dashboard_live.js";
import { submissionsPanel } from "./dashboard_subs.js";
import { formatClock, setText, setUrlParams, urlParam } from "./dashboard_util.js";
import { ApiError, el } from "./dom.js";
import { initTheme, themeToggle } from "./theme.js";

const SNAPSHOT_MS = 2000;
const SUBMISSIONS_MS = 5000;
const HISTORY_MS = 30_000;

initTheme();
const root = document.getElementById("app");
const status = el("p", { id: "live-status", class: "live-status", text: "Connecting…" });
const forget = el("button", { type: "button", class: "small", hidden: true, text: "Forget token" });
const gate = el("div", { id: "gate" });
const content = el("div", { class: "dashboard-grid" });

let locked = false; // waiting for a token: every loop stops until one is given
const loops = [];

function fail(error) {
  if (error instanceof ApiError && error.needsToken) return askToken(error);
  setText(status, `Reconnecting… ${error.message}`);
  status.classList.add("error");
}

// Run fn now and then every ms while the page is visible and unlocked; one call at a time.
function loop(ms, fn) {
  let timer = null;
  let busy = false;
  async function run() {
    clearTimeout(timer);
    if (busy || locked || document.hidden) return;
    busy = true;
    try {
      await fn();
    } catch (error) {
      fail(error);
    } finally {
      busy = false;
    }
    if (!locked) timer = setTimeout(run, ms);
  }
  loops.push(run);
  return run;
}

// The form asking for the admin token, with the server's refusal `error` as its alert.
function tokenForm(error, onToken) {
  const input = el("input", {
    id: "admin-token",
    type: "password",
    name: "token",
    autocomplete: "current-password",
    required: true,
  });
  const form = el(
    "form",
    { class: "card token-form", "aria-labelledby": "token-title" },
    el("h2", { id: "token-title", text: "Admin token required" }),
    el("p", { role: "alert", class: "error", text: `${error.status}: ${error.detail}` }),
    el(
      "p",
      { class: "muted" },
      "The dashboard reads the admin API. Enter the server's CODEJUDGE_ADMIN_TOKEN; " +
        "it is kept for this tab only.",
    ),
    el("label", { for: "admin-token", text: "Admin token" }),
    el(
      "div",
      { class: "row" },
      input,
      el("button", { type: "submit", class: "primary", text: "Use token" }),
    ),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    onToken(input.value.trim());
  });
  return { form, input };
}

function askToken(error) {
  const shown = gate.querySelector("[role=alert]");
  if (locked && shown) {
    // several loops were refused at once: one form, the latest message
    setText(shown, `${error.status}: ${error.detail}`);
    return;
  }
  locked = true;
  content.hidden = true;
  setText(status, "Waiting for an admin token");
  status.classList.add("waiting");
  const { form, input } = tokenForm(error, (token) => {
    setAdminToken(token);
    unlock();
  });
  gate.replaceChildren(form);
  input.focus();
}

function unlock() {
  locked = false;
  gate.replaceChildren();
  content.hidden = false;
  forget.hidden = !adminToken();
  setText(status, "Connecting…");
  status.classList.remove("waiting");
  for (const run of loops) run();
if (urlParam("submission")) openSubmission(urlParam("submission"));
}

const cards = queueCards();
const workers = workersTable();
const running = runningTable();
const history = historyPanel({
  minutes: Number(urlParam("minutes")) || 60,
  onWindow: (minutes) => {
    history.setMinutes(minutes);
    setUrlParams({ minutes: minutes === 60 ? "" : minutes });
    historyLoop();
  },
});
const subs = submissionsPanel({ onAuth: askToken, onOpen: openSubmission });
const dead = deadLetters({ onAuth: askToken, onChange: () => snapshotLoop() });

let lastQueue = "";
const snapshotLoop = loop(SNAPSHOT_MS, async () => {
  const snap = await call("/api/v1/admin/dashboard");
  const queue = JSON.stringify(snap.queue);
  if (lastQueue && queue !== lastQueue) subsLoop(); // the queue moved: so did submissions
  lastQueue = queue;
  clock.sync(snap.at);
  cards.update(snap);
  workers.update(snap);
  running.update(snap);
  history.snapshot(snap);
  await dead.snapshot(snap);
  setText(status, `Live · updated ${formatClock(Date.now())}`);
  status.classList.remove("error");
});
const historyLoop = loop(HISTORY_MS, async () => {
  history.history(await call(`/api/v1/admin/history?minutes=${history.minutes}`));
});
const subsLoop = loop(SUBMISSIONS_MS, () => subs.refresh());

document.addEventListener("codejudge:theme", () => history.repaint()); // the charts' colours
const themeButton = themeToggle();
themeButton.classList.add("small");
document.querySelector("header")?.append(themeButton);

forget.addEventListener("click", () => {
  setAdminToken("");
  forget.hidden = true;
  for (const run of loops) run();
if (urlParam("submission")) openSubmission(urlParam("submission"));
});

content.append(cards.node, history.node, workers.node, running.node, dead.node, subs.node);
root.replaceChildren(
  el("div", { class: "topbar" }, el("h1", { text: "Operator dashboard" }), status, forget),
  gate,
  content,
);
forget.hidden = !adminToken();

document.addEventListener("visibilitychange", () => {
  if (!document.hidden) for (const run of loops) run();
if (urlParam("submission")) openSubmission(urlParam("submission"));
});
setInterval(() => tick(content), 1000);
subs.loadChoices().catch(() => {}); // the filters still work by typing; the lists are a help
for (const run of loops) run();
if (urlParam("submission")) openSubmission(urlParam("submission"));

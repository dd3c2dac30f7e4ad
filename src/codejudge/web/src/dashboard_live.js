// The live part of the dashboard, redrawn from each GET /api/v1/admin/dashboard snapshot: the
// queue's numbers, the workers and the running jobs. Ages and elapsed times tick every second
// between polls, measured on the server's clock (the snapshot's `at`), not the browser's.

import {
  PRIORITIES,
  formatAgo,
  formatDuration,
  humanize,
  priorityName,
  section,
  setText,
  shortId,
  syncRows,
  table,
  toMillis,
} from "./dashboard_util.js";
import { el } from "./dom.js";

const STALE_MS = 30_000; // a worker not seen for this long is flagged

// The server's "now" from the last snapshot: Date.now() minus the measured skew.
export const clock = {
  skew: 0,
  sync(at) {
    const ms = toMillis(at);
    if (ms !== null) this.skew = Date.now() - ms;
  },
  now() {
    return Date.now() - this.skew;
  },
};

// A cell showing the time since `since` (server ms), kept current by tick().
export function timer(kind, since) {
  const node = el("span", { class: "timer", dataset: { kind } });
  setSince(node, since);
  return node;
}

export function setSince(node, since) {
  node.dataset.since = since === null ? "" : String(since);
  renderTimer(node);
}

function renderTimer(node) {
  const since = node.dataset.since === "" ? null : Number(node.dataset.since);
  const now = clock.now();
  if (node.dataset.kind === "heartbeat") {
    setText(node, formatAgo(since, now));
    node.classList.toggle("stale", since !== null && now - since > STALE_MS);
  } else if (node.dataset.kind === "ago") setText(node, formatAgo(since, now));
  else setText(node, since === null ? "–" : formatDuration(now - since));
}

export function tick(root) {
  for (const node of root.querySelectorAll(".timer")) renderTimer(node);
}

const CARDS = [
  ["ready", "Ready"],
  ...PRIORITIES.map((p) => [p, humanize(p)]),
  ["delayed", "Delayed"],
  ["running", "Running"],
  ["dead", "Dead"],
  ["workers", "Workers"],
];

export function queueCards() {
  const values = {};
  const items = CARDS.map(([key, label]) => {
    values[key] = el("dd", { id: `q-${key}`, text: "–" });
    const term = el("dt", { text: label });
    return el("div", { class: `stat stat-${key}` }, term, values[key]);
  });
  const node = section("queue", "Queue", el("dl", { class: "stats" }, items));
  function update(snapshot) {
    const q = snapshot.queue;
    const ready = PRIORITIES.map((p) => q.ready?.[p] ?? 0);
    setText(values.ready, ready.reduce((a, b) => a + b, 0));
    PRIORITIES.forEach((p, i) => setText(values[p], ready[i]));
    setText(values.delayed, q.delayed ?? 0);
    setText(values.running, q.running ?? 0);
    setText(values.dead, q.dead ?? 0);
    setText(values.workers, snapshot.workers.length);
    values.dead.closest(".stat").classList.toggle("alert", (q.dead ?? 0) > 0);
  }
  return { node, update };
}

function jobLabel(job) {
  const what = [job.problem, job.language].filter(Boolean).join(" · ");
  return what ? `${shortId(job.job_id)} ${what}` : shortId(job.job_id);
}

function currentJobs(worker, at) {
  if (!worker.current_jobs?.length) return el("span", { class: "muted", text: "idle" });
  return el(
    "ul",
    { class: "jobs" },
    worker.current_jobs.map((job) =>
      el(
        "li",
        { title: job.job_id },
        `#${job.slot} ${jobLabel(job)} `,
        timer("elapsed", at - (job.elapsed_ms ?? 0)),
        job.stuck ? stuckBadge() : "",
      ),
    ),
  );
}

export function workersTable() {
  const headers = ["Worker", "Host", "PID", "Busy", "Languages", "Current jobs", "Heartbeat"];
  const { node: tableNode, tbody } = table("Workers", headers);
  const node = section("workers", "Workers", el("div", { class: "scroll" }, tableNode));
  function build(worker) {
    const cells = headers.map(() => el("td"));
    cells[0].append(el("code", { text: worker.id }));
    cells[4].className = "wrap";
    cells[6].append(timer("heartbeat", null));
    return el("tr", {}, cells);
  }
  function update(row, worker, at) {
    const cells = row.cells;
    setText(cells[1], worker.host ?? "–");
    setText(cells[2], worker.pid ?? "–");
    setText(cells[3], `${worker.current_jobs?.length ?? 0} / ${worker.concurrency ?? "?"}`);
    setText(cells[4], worker.languages?.length ? worker.languages.join(", ") : "–");
    cells[5].replaceChildren(currentJobs(worker, at));
    setSince(cells[6].firstChild, toMillis(worker.last_seen));
    cells[6].title = `up since ${worker.started_at ?? "?"}`;
  }
  return {
    node,
    update(snapshot) {
      const at = toMillis(snapshot.at) ?? clock.now();
      syncRows(tbody, snapshot.workers, {
        key: (w) => w.id,
        build,
        update: (row, w) => update(row, w, at),
        empty: "No live workers: start `codejudge worker` or `codejudge serve --workers N`.",
        columns: headers.length,
      });
    },
  };
}

// A job past its budget (a multiple of its problem's limits): its worker recycles it, or any
// worker's maintenance takes it away after the grace (docs/operations.md, stuck jobs).
function stuckBadge() {
  return el("span", {
    class: "badge stuck",
    text: "stuck",
    title: "Running past its budget: it will be recycled",
  });
}

export function runningTable() {
  const headers = [
    "Job", "Problem", "Language", "Priority", "Delivery", "Worker", "Elapsed", "Budget",
  ];
  const { node: tableNode, tbody } = table("Running jobs", headers);
  const node = section("running", "Running jobs", el("div", { class: "scroll" }, tableNode));
  function build(job) {
    const cells = headers.map(() => el("td"));
    cells[0].append(el("code", { text: job.job_id }));
    cells[6].append(timer("elapsed", null), stuckBadge());
    return el("tr", {}, cells);
  }
  function update(row, job, at) {
    const cells = row.cells;
    setText(cells[1], job.problem ?? "–");
    setText(cells[2], job.language ?? "–");
    setText(cells[3], humanize(priorityName(job.priority)));
    setText(cells[4], job.delivery ?? "–");
    setText(cells[5], job.worker ?? "–");
    setSince(cells[6].firstChild, at - (job.elapsed_ms ?? 0));
    cells[6].lastChild.hidden = !job.stuck;
    row.classList.toggle("stuck", Boolean(job.stuck));
    setText(cells[7], formatDuration(job.budget_ms));
  }
  return {
    node,
    update(snapshot) {
      const at = toMillis(snapshot.at) ?? clock.now();
      syncRows(tbody, snapshot.running, {
        key: (job) => `${job.job_id}/${job.delivery}`,
        build,
        update: (row, job) => update(row, job, at),
        empty: "Nothing running.",
        columns: headers.length,
      });
    },
  };
}

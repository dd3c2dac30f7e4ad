// Dead letters: jobs that failed every delivery (GET /api/v1/admin/dead-letters), with
// Re-drive and Delete per row and for the selection (or every dead letter), each behind the
// confirmation dialog. Rows are keyed, so a poll keeps the checkboxes and the focus.

import { call } from "./dashboard_api.js";
import { confirmAction } from "./dashboard_confirm.js";
import { setSince, timer } from "./dashboard_live.js";
import { humanize, section, setText, syncRows, table, toMillis } from "./dashboard_util.js";
import { ApiError, el } from "./dom.js";

const BASE = "/api/v1/admin/dead-letters";
const LIST_LIMIT = 500;
const RELOAD_MS = 10_000; // the list is read again at least this often
const HEADERS = ["", "Job", "Problem", "Language", "Status", "Deliveries", "Last error", "Died"];
HEADERS.push(""); // the row's actions
const ACTIONS = {
  redrive: {
    verb: "Re-drive",
    done: "Re-drove",
    danger: false,
    explain: "Each job goes back to the queue with a fresh delivery count and is judged again.",
  },
  delete: {
    verb: "Delete",
    done: "Deleted",
    danger: true,
    explain:
      "Deleted jobs are removed from the queue for good, with their events, and never judged. " +
      "A submission not finished yet is finished now with the verdict Internal error; " +
      "one already finished keeps its result.",
  },
};

function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function outcomeText(kind, done, failed) {
  const parts = [];
  if (done.length) parts.push(`${ACTIONS[kind].done} ${plural(done.length, "dead letter")}.`);
  if (!done.length && !failed.length) parts.push("Nothing to do.");
  for (const f of failed) parts.push(`${f.id}: ${f.detail}`);
  return parts.join(" ");
}

// One action on one row (its own route) or on a selection (the bulk route): {done, failed}.
async function run(kind, target) {
  if (target.all || target.ids.length > 1) {
    return call(`${BASE}/${kind}`, { method: "POST", body: target });
  }
  const [id] = target.ids;
  const one = `${BASE}/${encodeURIComponent(id)}`;
  try {
    if (kind === "redrive") await call(`${one}/redrive`, { method: "POST" });
    else await call(one, { method: "DELETE" });
    return { done: [id], failed: [] };
  } catch (error) {
    if (!(error instanceof ApiError) || error.needsToken || error.status === 0) throw error;
    return { done: [], failed: [{ id, detail: error.detail }] };
  }
}

// The section: bulk buttons, the selection's count, the outcome line and the table with its
// select-all checkbox.
function deadSection() {
  const { node: tableNode, tbody } = table("Dead letters", HEADERS);
  const all = el("input", { type: "checkbox", "aria-label": "Select all dead letters" });
  tableNode.tHead.rows[0].cells[0].replaceChildren(all);
  tableNode.tHead.rows[0].cells[8].append(el("span", { class: "sr-only", text: "Actions" }));
  tableNode.tHead.rows[0].cells[8].className = "actions-cell";
  tableNode.classList.add("dead-table");
  const count = el("span", { class: "muted", text: "" });
  const everything = el("button", { type: "button", hidden: true });
  const bulk = {
    redrive: el("button", { type: "button", disabled: true, text: "Re-drive selected" }),
    delete: el("button", { type: "button", class: "danger", disabled: true }, "Delete selected"),
  };
  const message = el("p", { role: "status", class: "message" });
  const node = section(
    "dead",
    "Dead letters",
    el("div", { class: "controls" }, bulk.redrive, bulk.delete, count, everything),
    message,
    el("div", { class: "scroll" }, tableNode),
  );
  return { node, tbody, all, count, everything, bulk, message };
}

// A row's cells that never change: its checkbox (onToggle(id, checked)), its id, its timer and
// its Re-drive and Delete buttons (onAct(kind, [id])).
function buildRow(dead, { onToggle, onAct }) {
  const label = `Select ${dead.id}`;
  const box = el("input", { type: "checkbox", value: dead.id, "aria-label": label });
  box.addEventListener("change", () => onToggle(dead.id, box.checked));
  const cells = HEADERS.map(() => el("td"));
  cells[0].append(box);
  cells[1].append(el("code", { text: dead.id }));
  cells[6].className = "error-cell";
  cells[6].append(el("div", { class: "error-text" }));
  cells[7].append(timer("ago", null));
  const buttons = Object.entries(ACTIONS).map(([kind, a]) =>
    el("button", {
      type: "button",
      class: a.danger ? "danger small" : "small",
      "aria-label": `${a.verb} ${dead.id}`,
      text: a.verb,
      onclick: () => onAct(kind, [dead.id]),
    }),
  );
  cells[8].className = "actions-cell";
  cells[8].append(el("div", { class: "row-actions" }, buttons));
  return el("tr", {}, cells);
}

function updateRow(row, dead) {
  const cells = row.cells;
  setText(cells[2], dead.problem ?? "–");
  setText(cells[3], dead.language ?? "–");
  setText(cells[4], humanize(dead.submission_status));
  setText(cells[5], dead.deliveries ?? "–");
  setText(cells[6].firstChild, dead.error ?? "");
  cells[6].title = dead.error ?? "";
  setSince(cells[7].firstChild, toMillis(dead.died_at));
}

// What is selected: some listed rows, or (allMode) every dead letter, `total` of them, listed
// or not. show(ui) draws it on the checkboxes, the count and the bulk buttons.
function selection() {
  return {
    items: [],
    total: 0, // the queue's dead count: may be more than the rows listed
    allMode: false, // "every dead letter" chosen, not just the rows shown
    ids: new Set(),
    show({ tbody, all, count, everything, bulk }) {
      const { items, ids, total, allMode } = this;
      for (const id of [...ids]) if (!items.some((d) => d.id === id)) ids.delete(id);
      for (const box of tbody.querySelectorAll("input[type=checkbox]")) {
        box.checked = allMode || ids.has(box.value);
      }
      const n = allMode ? total : ids.size;
      all.checked = items.length > 0 && (allMode || ids.size === items.length);
      all.indeterminate = !all.checked && ids.size > 0;
      all.disabled = items.length === 0;
      setText(count, n ? `${n} selected` : "");
      bulk.redrive.disabled = bulk.delete.disabled = n === 0;
      const offer = !allMode && all.checked && total > items.length;
      everything.hidden = !offer;
      if (offer) setText(everything, `Select all ${total} dead letters`);
    },
  };
}

// Confirm, then do `kind` on `ids` (or on every dead letter); the outcome goes to `message`.
async function confirmAndRun(kind, ids, everyOne, { picked, message, onAuth }) {
  const a = ACTIONS[kind];
  const n = everyOne ? picked.total : ids.length;
  const ok = await confirmAction({
    title: `${a.verb} ${plural(n, "dead letter")}?`,
    text: a.explain,
    items: everyOne ? [] : ids,
    action: `${a.verb} ${plural(n, "job")}`,
    danger: a.danger,
  });
  if (!ok) return false;
  try {
    const { done, failed } = await run(kind, everyOne ? { all: true } : { ids });
    for (const id of done) picked.ids.delete(id);
    if (everyOne) picked.allMode = false;
    setText(message, outcomeText(kind, done, failed));
    message.classList.toggle("error", failed.length > 0);
  } catch (error) {
    if (error instanceof ApiError && error.needsToken) onAuth(error);
    else {
      setText(message, `${a.verb} failed: ${error.message}`);
      message.classList.add("error");
    }
  }
  return true;
}

// The select-all checkbox, "Select all N dead letters" and the bulk buttons.
function wireBulk(ui, picked, show, act) {
  ui.all.addEventListener("change", () => {
    picked.allMode = false;
    picked.ids.clear();
    if (ui.all.checked) for (const d of picked.items) picked.ids.add(d.id);
    show();
  });
  ui.everything.addEventListener("click", () => {
    picked.allMode = true;
    show();
  });
  for (const kind of Object.keys(ACTIONS)) {
    ui.bulk[kind].addEventListener("click", () => act(kind, [...picked.ids], picked.allMode));
  }
}

export function deadLetters({ onAuth, onChange }) {
  const ui = deadSection();
  const picked = selection();
  const show = () => picked.show(ui);

  async function act(kind, ids, everyOne = false) {
    if (!(await confirmAndRun(kind, ids, everyOne, { picked, message: ui.message, onAuth }))) {
      return;
    }
    await load().catch(() => {});
    onChange();
  }

  const handlers = {
    onToggle(id, checked) {
      picked.allMode = false;
      if (checked) picked.ids.add(id);
      else picked.ids.delete(id);
      show();
    },
    onAct: act,
  };

  async function load() {
    picked.items = await call(`${BASE}?limit=${LIST_LIMIT}`);
    syncRows(ui.tbody, picked.items, {
      key: (d) => d.id,
      build: (dead) => buildRow(dead, handlers),
      update: updateRow,
      empty: "No dead letters.",
      columns: HEADERS.length,
    });
    if (picked.allMode && picked.items.length === 0) picked.allMode = false;
    show();
  }

  wireBulk(ui, picked, show, act);
  let seenDead = null;
  let loadedAt = 0;
  return {
    node: ui.node,
    load,
    // Reload when the snapshot's dead count moved, else every RELOAD_MS.
    async snapshot(snap) {
      picked.total = snap.queue.dead ?? 0;
      if (seenDead !== picked.total || Date.now() - loadedAt > RELOAD_MS) {
        seenDead = picked.total;
        loadedAt = Date.now();
        await load();
      } else show();
    },
  };
}

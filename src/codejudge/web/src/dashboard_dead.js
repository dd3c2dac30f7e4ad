// Dead letters: jobs that failed every delivery (GET /api/v1/admin/dead-letters), with
// Re-drive and Delete per row and for the selection (or every dead letter), each behind the
// confirmation dialog. Rows are keyed, so a poll keeps the checkboxes and the focus.

import { ApiError, call } from "./dashboard_api.js";
import { confirmAction } from "./dashboard_confirm.js";
import { setSince, timer } from "./dashboard_live.js";
import { el, humanize, section, setText, syncRows, table, toMillis } from "./dashboard_util.js";

const BASE = "/api/v1/admin/dead-letters";
const LIST_LIMIT = 500;
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
      "Deleted jobs are removed from the queue for good, with their events; " +
      "their submissions keep their status.",
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

export function deadLetters({ onAuth, onChange }) {
  const headers = ["", "Job", "Problem", "Language", "Status", "Deliveries", "Last error", "Died"];
  headers.push(""); // the row's actions
  const { node: tableNode, tbody } = table("Dead letters", headers);
  const all = el("input", { type: "checkbox", "aria-label": "Select all dead letters" });
  tableNode.tHead.rows[0].cells[0].replaceChildren(all);
  tableNode.tHead.rows[0].cells[8].append(el("span", { class: "sr-only", text: "Actions" }));
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

  let items = [];
  let total = 0; // the queue's dead count: may be more than the rows listed
  let allMode = false; // "every dead letter" chosen, not just the rows shown
  const selected = new Set();

  function refreshSelection() {
    for (const id of [...selected]) if (!items.some((d) => d.id === id)) selected.delete(id);
    for (const box of tbody.querySelectorAll("input[type=checkbox]")) {
      box.checked = allMode || selected.has(box.value);
    }
    const n = allMode ? total : selected.size;
    all.checked = items.length > 0 && (allMode || selected.size === items.length);
    all.indeterminate = !all.checked && selected.size > 0;
    all.disabled = items.length === 0;
    setText(count, n ? `${n} selected` : "");
    bulk.redrive.disabled = bulk.delete.disabled = n === 0;
    const offer = !allMode && all.checked && total > items.length;
    everything.hidden = !offer;
    if (offer) setText(everything, `Select all ${total} dead letters`);
  }

  function build(dead) {
    const label = `Select ${dead.id}`;
    const box = el("input", { type: "checkbox", value: dead.id, "aria-label": label });
    box.addEventListener("change", () => {
      allMode = false;
      if (box.checked) selected.add(dead.id);
      else selected.delete(dead.id);
      refreshSelection();
    });
    const cells = headers.map(() => el("td"));
    cells[0].append(box);
    cells[1].append(el("code", { text: dead.id }));
    cells[7].append(timer("ago", null));
    const buttons = Object.entries(ACTIONS).map(([kind, a]) =>
      el("button", {
        type: "button",
        class: a.danger ? "danger small" : "small",
        "aria-label": `${a.verb} ${dead.id}`,
        text: a.verb,
        onclick: () => act(kind, [dead.id]),
      }),
    );
    cells[8].append(el("div", { class: "row-actions" }, buttons));
    return el("tr", {}, cells);
  }

  function update(row, dead) {
    const cells = row.cells;
    setText(cells[2], dead.problem ?? "–");
    setText(cells[3], dead.language ?? "–");
    setText(cells[4], humanize(dead.submission_status));
    setText(cells[5], dead.deliveries ?? "–");
    setText(cells[6], dead.error ?? "");
    cells[6].title = dead.error ?? "";
    cells[6].className = "error-text";
    setSince(cells[7].firstChild, toMillis(dead.died_at));
  }

  async function load() {
    items = await call(`${BASE}?limit=${LIST_LIMIT}`);
    syncRows(tbody, items, {
      key: (d) => d.id,
      build,
      update,
      empty: "No dead letters.",
      columns: headers.length,
    });
    if (allMode && items.length === 0) allMode = false;
    refreshSelection();
  }

  // One action on one row (its own route) or on a selection (the bulk route).
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

  async function act(kind, ids, everyOne = false) {
    const a = ACTIONS[kind];
    const n = everyOne ? total : ids.length;
    const ok = await confirmAction({
      title: `${a.verb} ${plural(n, "dead letter")}?`,
      text: a.explain,
      items: everyOne ? [] : ids,
      action: `${a.verb} ${plural(n, "job")}`,
      danger: a.danger,
    });
    if (!ok) return;
    try {
      const target = everyOne ? { all: true } : { ids };
      const { done, failed } = await run(kind, target);
      for (const id of done) selected.delete(id);
      if (everyOne) allMode = false;
      setText(message, outcomeText(kind, done, failed));
      message.classList.toggle("error", failed.length > 0);
    } catch (error) {
      if (error instanceof ApiError && error.needsToken) return onAuth(error);
      setText(message, `${a.verb} failed: ${error.message}`);
      message.classList.add("error");
    }
    await load().catch(() => {});
    onChange();
  }

  all.addEventListener("change", () => {
    allMode = false;
    selected.clear();
    if (all.checked) for (const d of items) selected.add(d.id);
    refreshSelection();
  });
  everything.addEventListener("click", () => {
    allMode = true;
    refreshSelection();
  });
  for (const kind of Object.keys(ACTIONS)) {
    bulk[kind].addEventListener("click", () => act(kind, [...selected], allMode));
  }

  let seenDead = null;
  let loadedAt = 0;
  return {
    node,
    load,
    // Reload when the snapshot's dead count moved, else every 10 s.
    async snapshot(snap) {
      total = snap.queue.dead ?? 0;
      if (seenDead !== total || Date.now() - loadedAt > 10_000) {
        seenDead = total;
        loadedAt = Date.now();
        await load();
      } else refreshSelection();
    },
  };
}

// Small helpers of the dashboard: keyed table rows that keep focus and checkboxes across
// polls, sections and tables, number/time formatting and the theme's CSS colours (the element
// builder is dom.js's el, the theme theme.js's, as on the practice pages).
import { el } from "./dom.js";

// Replace a node's text only when it changed (a poll every 2 s must not disturb a reader).
export function setText(node, text) {
  const value = String(text);
  if (node.textContent !== value) node.textContent = value;
}

// Make tbody's rows the items, in order, one row per key: a row is built once by
// build(item) -> <tr> and refreshed by update(row, item) afterwards, so focus, selection and
// checkboxes inside it survive each poll. `empty` is the text of the row shown when none.
export function syncRows(tbody, items, { key, build, update, empty, columns }) {
  const old = new Map();
  for (const row of tbody.rows) if (row.dataset.key) old.set(row.dataset.key, row);
  const rows = items.map((item) => {
    const id = key(item);
    let row = old.get(id);
    if (!row) {
      row = build(item);
      row.dataset.key = id;
    }
    update(row, item);
    old.delete(id);
    return row;
  });
  if (rows.length === 0) {
    const cell = el("td", { colspan: columns, class: "muted empty", text: empty });
    rows.push(el("tr", { dataset: { key: "" } }, cell));
  }
  rows.forEach((row, i) => {
    if (tbody.rows[i] !== row) tbody.insertBefore(row, tbody.rows[i] || null);
  });
  while (tbody.rows.length > rows.length) tbody.rows[rows.length].remove();
}

export function table(label, headers, { caption = false } = {}) {
  const head = el("tr", {}, headers.map((h) => el("th", { scope: "col" }, h)));
  const tbody = el("tbody");
  const node = el(
    "table",
    { "aria-label": caption ? null : label },
    caption ? el("caption", { class: "sr-only", text: label }) : null,
    el("thead", {}, head),
    tbody,
  );
  return { node, tbody };
}

export function section(id, title, ...children) {
  const heading = el("h2", { id: `${id}-title`, text: title });
  const attrs = { id, class: "card", "aria-labelledby": `${id}-title` };
  return el("section", attrs, heading, ...children);
}

// Seconds since the epoch (the queue's times) or an ISO string (the store's) -> milliseconds.
export function toMillis(value) {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return value * 1000;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

export function formatDuration(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return "–";
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${(ms / 1000).toFixed(s < 10 ? 1 : 0)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, "0")}m`;
}

export function formatAgo(ms, now = Date.now()) {
  if (ms === null) return "–";
  const s = Math.round((now - ms) / 1000);
  if (s < 2) return "just now";
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return new Date(ms).toLocaleDateString();
}

export function formatClock(ms) {
  return ms === null ? "–" : new Date(ms).toLocaleTimeString([], { hour12: false });
}

// Ids are UUIDv7: their first digits are the time, shared by every job of the same minute, so
// a short form keeps the random end.
export function shortId(id) {
  return id.length > 13 ? `…${id.slice(-8)}` : id;
}

export function humanize(word) {
  if (!word) return "–";
  const text = String(word).replaceAll("_", " ");
  return text[0].toUpperCase() + text.slice(1);
}

export const PRIORITIES = ["run", "submit", "rejudge"];

// Final verdicts in the order the filters and the verdict mix list them: accepted first.
export const VERDICTS = [
  "accepted",
  "wrong_answer",
  "runtime_error",
  "time_limit_exceeded",
  "memory_limit_exceeded",
  "output_limit_exceeded",
  "compile_error",
  "internal_error",
];

// The queue's priority as a word, whether the API sends the name or the number.
export function priorityName(value) {
  if (typeof value === "number") return PRIORITIES[value] ?? String(value);
  return String(value).toLowerCase();
}

export function cssVar(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

// The dashboard's state kept in its URL's query (the recent submissions' filters, the history
// window, the submission open in the details dialog), so a reload or a shared link keeps it.
export function urlParam(name) {
  return new URLSearchParams(location.search).get(name) ?? "";
}

// This page's URL with `changes` ({name: value}; "" or null removes one).
export function urlWith(changes) {
  const params = new URLSearchParams(location.search);
  for (const [name, value] of Object.entries(changes)) {
    if (value === "" || value === null || value === undefined) params.delete(name);
    else params.set(name, String(value));
  }
  const query = params.toString();
  return `${location.pathname}${query ? `?${query}` : ""}`;
}

export function setUrlParams(changes) {
  const url = urlWith(changes);
  if (url !== `${location.pathname}${location.search}`) history.replaceState(null, "", url);
}

// History: GET /api/v1/admin/history (per-minute buckets kept in the store) drawn with uPlot:
// queue depth per priority (the current minute filled in live from the 2 s snapshots),
// throughput per minute with queue wait p50/p95, and the verdict mix of the window.

import uPlot from "uplot";

import {
  PRIORITIES,
  VERDICTS,
  cssVar,
  formatDuration,
  humanize,
  section,
  setText,
  toMillis,
} from "./dashboard_util.js";
import { el } from "./dom.js";

export const WINDOWS = [
  [15, "Last 15 minutes"],
  [60, "Last hour"],
  [360, "Last 6 hours"],
  [1440, "Last 24 hours"],
];
const LIVE_KEEP_S = 180; // live depth points kept past the newest history bucket
const PLOT_HEIGHT = 200; // px

function axis(scale, side, label, values, size = 56) {
  const muted = cssVar("--muted");
  const line = cssVar("--grid");
  return {
    scale,
    side,
    label,
    stroke: muted,
    grid: { stroke: line, width: 1 },
    ticks: { stroke: line, width: 1 },
    values,
    size,
  };
}

function lineSeries(label, colour, scale, dash) {
  // uPlot shows the points only while they are sparse: a lone minute's value stays visible
  return { label, stroke: colour, width: 2, scale, dash, spanGaps: false };
}

function depthOptions(width) {
  return {
    width,
    height: PLOT_HEIGHT,
    scales: { x: { time: true }, n: { range: (u, min, max) => [0, Math.max(4, max)] } },
    axes: [axis("x", 2), axis("n", 3, "jobs")],
    series: [
      {},
      ...PRIORITIES.map((p) => lineSeries(`Ready · ${p}`, cssVar(`--p-${p}`), "n")),
      lineSeries("Running", cssVar("--p-running"), "n", [6, 4]),
    ],
    cursor: { drag: { x: false, y: false } },
  };
}

function flowOptions(width) {
  const bar = cssVar("--p-finished");
  const ms = (u, splits) => splits.map((v) => (v === null ? "" : formatDuration(v)));
  return {
    width,
    height: PLOT_HEIGHT,
    scales: {
      x: { time: true },
      n: { range: (u, min, max) => [0, Math.max(4, max)] },
      ms: { range: (u, min, max) => [0, Math.max(1000, max)] },
    },
    axes: [axis("x", 2), axis("n", 3, "per min"), axis("ms", 1, "wait", ms, 76)],
    series: [
      {},
      {
        label: "Finished / min",
        stroke: bar,
        fill: `${bar}66`,
        width: 1,
        scale: "n",
        paths: uPlot.paths.bars({ size: [0.7, 24] }),
        points: { show: false },
      },
      lineSeries("Wait p50", cssVar("--p-p50"), "ms"),
      lineSeries("Wait p95", cssVar("--p-p95"), "ms", [4, 3]),
    ],
    cursor: { drag: { x: false, y: false } },
  };
}

function figure(id, caption) {
  const plot = el("div", { class: "plot" });
  const node = el(
    "figure",
    { class: "chart", "aria-labelledby": `${id}-caption` },
    el("figcaption", { id: `${id}-caption`, text: caption }),
    plot,
  );
  return { node, plot };
}

// The depth series: complete history minutes (each at its peak, so a burst that drained
// within a minute still shows its height), then the live points of the current minute.
function depthData(points, live) {
  const lastAt = points.length ? points[points.length - 1].x : -Infinity;
  const tail = live.filter((p) => p.x >= lastAt);
  const head = tail.length ? points.slice(0, -1) : points;
  const rows = [...head, ...tail];
  return [
    rows.map((r) => r.x),
    ...PRIORITIES.map((p) => rows.map((r) => {
      const depth = r.depth_peak ?? r.depth;
      return depth ? (depth[p] ?? 0) : null;
    })),
    rows.map((r) => r.running ?? null),
  ];
}

function flowData(points) {
  return [
    points.map((r) => r.x),
    points.map((r) => r.finished || null), // no bar (not a flat line) for an idle minute
    points.map((r) => r.wait_p50_ms ?? null),
    points.map((r) => r.wait_p95_ms ?? null),
  ];
}

function verdictMix(points) {
  const totals = new Map();
  for (const point of points) {
    for (const [verdict, n] of Object.entries(point.verdicts ?? {})) {
      totals.set(verdict, (totals.get(verdict) ?? 0) + n);
    }
  }
  const order = (v) => (VERDICTS.includes(v) ? VERDICTS.indexOf(v) : VERDICTS.length);
  return [...totals.entries()].filter(([, n]) => n > 0).sort((a, b) => order(a[0]) - order(b[0]));
}

function renderMix(node, mix) {
  const total = mix.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) {
    node.replaceChildren(el("p", { class: "muted", text: "No verdicts in this window." }));
    return;
  }
  const pct = (n) => `${((100 * n) / total).toFixed(n === total ? 0 : 1)}%`;
  const style = (v) => `--swatch: var(--v-${v}, var(--muted))`;
  const bar = el(
    "div",
    { class: "mix-bar", "aria-hidden": "true" },
    mix.map(([v, n]) => el("span", { style: `${style(v)}; flex-grow: ${n}`, title: humanize(v) })),
  );
  const legend = el(
    "ul",
    { class: "mix-legend" },
    mix.map(([v, n]) =>
      el(
        "li",
        { style: style(v) },
        el("span", { class: "swatch" }),
        `${humanize(v)} ${n} (${pct(n)})`,
      ),
    ),
  );
  node.replaceChildren(bar, legend);
}

const plotWidth = (host) => Math.max(280, host.clientWidth || 280);

// The two uPlot charts, drawn in `depthHost` and `flowHost` once there is data, resized with
// `node` and rebuilt (new colours) by repaint().
function plots(node, depthHost, flowHost) {
  const made = { depth: null, flow: null };
  let data = { points: [], live: [] };

  function build() {
    made.depth?.destroy();
    made.flow?.destroy();
    const { points, live } = data;
    made.depth = new uPlot(depthOptions(plotWidth(depthHost)), depthData(points, live), depthHost);
    made.flow = new uPlot(flowOptions(plotWidth(flowHost)), flowData(points), flowHost);
  }

  new ResizeObserver(() => {
    for (const [key, host] of [["depth", depthHost], ["flow", flowHost]]) {
      const width = plotWidth(host);
      if (made[key] && Math.abs(made[key].width - width) > 1) {
        made[key].setSize({ width, height: PLOT_HEIGHT });
      }
    }
  }).observe(node);

  return {
    draw(points, live) {
      data = { points, live };
      if (!made.depth) build();
      made.depth.setData(depthData(points, live));
      made.flow.setData(flowData(points));
    },
    repaint() {
      if (made.depth) build();
    },
  };
}

// "Finished in the last hour: 12 · queue wait p50 40 ms, p95 1.2 s" for a window's points.
function summaryText(points, minutes) {
  const finished = points.reduce((sum, p) => sum + (p.finished ?? 0), 0);
  const waits = points.filter((p) => p.wait_p50_ms !== null && p.wait_p50_ms !== undefined);
  const last = waits[waits.length - 1];
  const label = WINDOWS.find(([m]) => m === minutes)?.[1].toLowerCase() ?? `${minutes} min`;
  const [p50, p95] = last ? [last.wait_p50_ms, last.wait_p95_ms].map(formatDuration) : [];
  const wait = last ? ` · queue wait p50 ${p50}, p95 ${p95}` : "";
  return `Finished in the ${label}: ${finished}${wait}`;
}

// The section's parts: the window select, the summary line and the three figures.
function historySection(onWindow, minutes) {
  const select = el(
    "select",
    { id: "history-window", "aria-label": "History window" },
    WINDOWS.map(([m, label]) => el("option", { value: m, selected: m === minutes, text: label })),
  );
  select.addEventListener("change", () => onWindow(Number(select.value)));
  const depth = figure("chart-depth", "Queue depth");
  const flow = figure("chart-flow", "Throughput and queue wait");
  const mix = el("div", { class: "mix", id: "verdict-mix" });
  const summary = el("p", { id: "history-summary", class: "muted", text: "Loading history…" });
  const mixFigure = el(
    "figure",
    { class: "chart", "aria-labelledby": "mix-caption" },
    el("figcaption", { id: "mix-caption", text: "Verdict mix" }),
    mix,
  );
  const node = section(
    "history",
    "History",
    el("div", { class: "controls" }, select, summary),
    el("div", { class: "charts" }, depth.node, flow.node, mixFigure),
  );
  return { node, summary, mix, depthHost: depth.plot, flowHost: flow.plot };
}

// `minutes`: the window shown first (one of WINDOWS; else the last hour).
export function historyPanel({ onWindow, minutes: first = 60 }) {
  let minutes = WINDOWS.some(([m]) => m === first) ? first : 60;
  const { node, summary, mix, depthHost, flowHost } = historySection(onWindow, minutes);
  const charts = plots(node, depthHost, flowHost);
  let points = [];
  let live = [];

  return {
    node,
    get minutes() {
      return minutes;
    },
    setMinutes(value) {
      minutes = value;
    },
    // One GET …/history answer.
    history(body) {
      points = body.points.map((p) => ({ ...p, x: toMillis(p.at) / 1000 }));
      setText(summary, summaryText(points, minutes));
      renderMix(mix, verdictMix(points));
      charts.draw(points, live);
    },
    // One snapshot: the live depth of the current minute.
    snapshot(snap) {
      const x = toMillis(snap.at) / 1000;
      live.push({ x, depth: { ...snap.queue.ready }, running: snap.queue.running });
      const newest = points.length ? points[points.length - 1].x : x - LIVE_KEEP_S;
      live = live.filter((p) => p.x >= Math.min(newest, x - LIVE_KEEP_S));
      charts.draw(points, live);
    },
    // The theme changed: rebuild with its colours.
    repaint() {
      charts.repaint();
    },
  };
}

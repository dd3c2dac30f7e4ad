// The result panel: progress while judging, then verdict, passed/total, time, memory, the
// first failing test, compile output and per-test rows.
import { el } from "./dom.js";

const label = (verdict) => (verdict ? verdict.replaceAll("_", " ") : "");
const pretty = (verdict) => label(verdict).replace(/^./, (c) => c.toUpperCase());

function testRows(tests) {
  if (!tests.length) return null;
  return el(
    "table",
    { class: "tests", "aria-label": "Tests" },
    el("thead", {}, el("tr", {}, ["#", "Verdict", "Time", "Memory"].map((h) => el("th", { text: h })))),
    el("tbody", {}, tests.map((t) => el(
      "tr",
      { class: `test ${t.verdict}` },
      el("td", { text: String(t.index) }),
      el("td", { text: label(t.verdict) }),
      el("td", { text: `${t.time_ms} ms` }),
      el("td", { text: `${Math.round(t.memory_kb / 1024)} MB` }),
    ))),
  );
}

function block(title, text) {
  if (text === null || text === undefined) return null;
  return el("div", { class: "block" }, el("h3", { text: title }), el("pre", { text }));
}

function failing(test) {
  if (!test) return null;
  if (test.hidden) return el("p", { text: `Failed on hidden test ${test.index}.` });
  return el(
    "div",
    { class: "failing" },
    el("h2", { text: `Test ${test.index} failed` }),
    block("Input", test.input),
    block("Expected", test.expected),
    block("Actual", test.actual),
    block("Message", test.message),
  );
}

export function showProgress(panel, text, tests) {
  panel.replaceChildren(el("p", { class: "progress", role: "status", text }), testRows(tests) ?? "");
}

export function showResult(panel, submission) {
  const result = submission.result ?? {};
  const verdict = submission.verdict ?? submission.status;
  const parts = [
    el("h2", { class: `verdict ${verdict}`, text: pretty(verdict) }),
    el("p", { class: "summary", text: `${result.passed ?? 0} / ${result.total ?? 0} tests passed · ` +
      `${result.time_ms ?? 0} ms · ${Math.round((result.memory_kb ?? 0) / 1024)} MB` }),
    result.compile_output ? block("Compile output", result.compile_output) : null,
    failing(result.failing_test),
    testRows(result.tests ?? []),
  ];
  panel.replaceChildren(...parts.filter((part) => part !== null));
}

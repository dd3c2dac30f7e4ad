// The result panel: live progress while judging, then the verdict, passed/total, time and
// memory, compile errors that move the editor to their line, the first failing test (or each
// sample of a run) with a line diff of expected against actual, and the per-test rows.
import { lineDiff } from "./diff.js";
import { announce, button, el } from "./dom.js";

const label = (verdict) => (verdict ? verdict.replaceAll("_", " ") : "");
export const pretty = (verdict) => label(verdict).replace(/^./, (c) => c.toUpperCase());
const megabytes = (kb) => `${(kb / 1024).toFixed(1)} MB`;

// KiB for people: "64 KB", "1 MB", "1.5 MB".
export function kilobytes(kb) {
  if (kb < 1024) return `${kb} KB`;
  const mb = kb / 1024;
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}

// A limit verdict said with the problem's limit ({time_ms, memory_mb, output_kb}, from GET
// /api/v1/problems/{slug}) and the test that hit it: "Time limit exceeded: over 1000 ms on test 3".
const LIMITS = {
  time_limit_exceeded: (l) => l.time_ms && `over ${l.time_ms} ms`,
  memory_limit_exceeded: (l) => l.memory_mb && `over ${l.memory_mb} MB`,
  output_limit_exceeded: (l) => l.output_kb && `over ${kilobytes(l.output_kb)} of output`,
};

export function limitText(verdict, limits, index) {
  if (!(verdict in LIMITS)) return null;
  const over = limits ? LIMITS[verdict](limits) : null;
  return `${pretty(verdict)}${over ? `: ${over}` : ""}${index ? ` on test ${index}` : ""}.`;
}

// The sandbox's word for a killed program ("killed by signal 9 (SIGKILL: Killed)") says nothing
// a limit verdict does not say better: it is left out beside one.
function message(verdict, text) {
  return verdict in LIMITS && /^killed by signal \d+( \([^)]*\))?\.?$/i.test(text ?? "") ? null : text;
}

const note = (text) => (text ? el("p", { class: "limit-note", text }) : null);

const hasOutput = (actual) => actual !== null && actual !== undefined && actual !== "";

// Expected against actual: a line diff when the program printed something; else the expected
// output alone (a wrong answer says it printed nothing; a crash or a limit has its message).
function comparison(expected, actual, verdict) {
  if (expected === null || expected === undefined) return null;
  if (hasOutput(actual)) return diffTable(expected, actual);
  return el("div", { class: "no-output" }, block("Expected", expected),
    verdict === "wrong_answer" ? el("p", { class: "muted", text: "Your code printed nothing." }) : null);
}

// A function problem's input as "nums = [2,7]" / "target = 9": the API sends one argument per
// line ("[2,7]\n9", as LeetCode shows it); the problem's stored samples are one JSON array of
// the arguments ("[[2,7],9]", `stored`).
function formatInput(problem, input, stored = false) {
  const params = problem?.signature?.params;
  if (!params || input === null || input === undefined) return input;
  let values = String(input).replace(/\n$/, "").split("\n");
  if (stored) {
    try {
      values = JSON.parse(input).map((v) => JSON.stringify(v));
    } catch {
      return input;
    }
  }
  if (values.length !== params.length) return input;
  return params.map((p, i) => `${p.name} = ${values[i]}`).join("\n");
}

function block(title, text, preClass = undefined) {
  if (text === null || text === undefined || text === "") return null;
  return el("div", { class: "block" }, el("h3", { text: title }), el("pre", { class: preClass, text }));
}

function cell(side, kind) {
  const changed = kind !== "same" && side !== null;
  return [
    el("td", { class: "n", text: side ? String(side.n) : "" }),
    el("td", { class: changed ? `line ${kind}` : "line" }, side ? side.text || " " : ""),
  ];
}

// Expected beside actual, line by line; lines that differ are highlighted (and named so).
export function diffTable(expected, actual) {
  const rows = lineDiff(expected, actual);
  const differing = rows.filter((r) => r.kind !== "same").length;
  return el(
    "div",
    { class: "diff-box" },
    el("h3", { text: differing ? `Expected and actual differ on ${differing} line${differing > 1 ? "s" : ""}`
      : "Expected and actual" }),
    el("table", { class: "diff", "aria-label": "Line diff of expected and actual output" },
      el("thead", {}, el("tr", {}, el("th", { scope: "col", class: "n", text: "#" }),
        el("th", { scope: "col", text: "Expected" }), el("th", { scope: "col", class: "n", text: "#" }),
        el("th", { scope: "col", text: "Actual" }))),
      el("tbody", {}, rows.map((r) => el("tr", { class: `row ${r.kind}` }, cell(r.left, r.kind), cell(r.right, r.kind))))),
  );
}

function compileErrors(errors, onLine) {
  if (!errors?.length) return null;
  return el(
    "section",
    { class: "compile-errors", "aria-label": "Compile errors" },
    el("h3", { text: "Compile errors" }),
    el("ul", {}, errors.map((e) => el("li", { class: e.severity === "warning" ? "warning" : "error" },
      button(`Line ${e.line}${e.column ? `:${e.column}` : ""}`, {
        class: "line-link", "aria-label": `Go to line ${e.line}${e.column ? ` column ${e.column}` : ""}`,
        onclick: () => onLine(e.line, e.column ?? 1),
      }),
      el("span", { class: "severity", text: e.severity === "warning" ? "warning" : "error" }),
      el("span", { class: "message", text: e.message })))),
  );
}

function failing(test, problem, verdict) {
  if (!test) return null;
  if (test.hidden) return el("p", { class: "failing", text: `Failed on hidden test ${test.index}.` });
  return el(
    "section",
    { class: "failing", "aria-label": "Failing test" },
    el("h3", { class: "failing-title", text: `Test ${test.index} failed` }),
    block("Input", formatInput(problem, test.input)),
    comparison(test.expected, test.actual, verdict),
    block("Message", message(verdict, test.message)),
    block("Standard output", test.stdout),
  );
}

// A run's samples, each with its input and expected against actual (when the API sends them).
function samples(result, problem) {
  const tests = result.tests ?? [];
  return el("section", { class: "samples", "aria-label": "Sample tests" }, tests.map((t) => {
    const known = problem?.samples?.[t.index - 1] ?? {};
    const failed = result.failing_test?.index === t.index ? result.failing_test : {};
    const input = t.input ?? failed.input;
    const expected = t.expected ?? failed.expected ?? known.expected;
    const actual = t.actual ?? failed.actual;
    // A passed sample starts folded; a failed one open, with its diff.
    return el("article", { class: `sample ${t.verdict}`, "aria-label": `Sample ${t.index}` },
      el("details", { open: t.verdict !== "accepted" },
        el("summary", {}, el("strong", { text: `Sample ${t.index}: ` }),
          el("span", { class: `verdict-word ${t.verdict}`, text: label(t.verdict) })),
        block("Input", input === undefined ? formatInput(problem, known.input, true) : formatInput(problem, input)),
        t.verdict === "accepted" && !hasOutput(actual) ? block("Expected", expected) : comparison(expected, actual, t.verdict),
        note(limitText(t.verdict, problem?.limits)),
        block("Message", message(t.verdict, t.message ?? failed.message)),
        block("Standard output", t.stdout ?? failed.stdout)));
  }));
}

function testRows(tests, caption) {
  if (!tests.length) return null;
  return el(
    "table",
    { class: "tests", "aria-label": "Tests" },
    el("caption", { class: "visually-hidden", text: caption }),
    el("thead", {}, el("tr", {}, ["#", "Verdict", "Time", "Memory"].map((h) => el("th", { scope: "col", text: h })))),
    el("tbody", {}, tests.map((t) => el(
      "tr",
      { class: `test ${t.verdict}` },
      el("td", { text: String(t.index) }),
      el("td", { class: `verdict-word ${t.verdict}`, text: label(t.verdict) }),
      el("td", { text: `${t.time_ms} ms` }),
      el("td", { text: megabytes(t.memory_kb) }),
    ))),
  );
}

// While judging: a status line, a progress bar over `total` tests, the rows finished so far.
// A screen reader hears the stages, not every test.
export function showProgress(panel, { text, tests = [], total = 0 }) {
  if (!tests.length) announce(text);
  panel.replaceChildren(
    el("p", { class: "progress", text }),
    total ? el("progress", { max: String(total), value: String(tests.length), "aria-label": "Tests done" }) : null,
    testRows(tests, "Tests finished so far") ?? "",
  );
}

// The finished submission (or run); ctx = {problem, onLine(line, column)}.
export function showResult(panel, submission, { problem, onLine }) {
  const result = submission.result ?? {};
  const verdict = submission.verdict ?? submission.status;
  const run = submission.kind === "run";
  const tests = result.tests ?? [];
  const ran = tests.some((t) => t.verdict !== "skipped"); // none did after a compile error
  const hit = result.failing_test?.index ?? tests.find((t) => t.verdict === verdict)?.index;
  const limit = limitText(verdict, problem?.limits, hit);
  const parts = [
    el("h2", { class: `verdict ${verdict}`, text: pretty(verdict) }),
    ran ? el("p", { class: "summary", text: `${run ? "Sample tests: " : ""}${result.passed ?? 0} / ${result.total ?? 0} tests passed · ` +
      `${result.time_ms ?? 0} ms · ${megabytes(result.memory_kb ?? 0)}` }) : null,
    note(limit),
    result.error ? block("Error", result.error) : null,
    compileErrors(result.compile_errors, onLine),
    block("Compile output", result.compile_output, "compiler"),
    run && ran ? samples(result, problem) : failing(result.failing_test, problem, verdict),
    ran ? testRows(tests, run ? "Sample tests" : "Tests") : null,
  ];
  panel.replaceChildren(...parts.filter((part) => part !== null));
  announce(limit ?? `${pretty(verdict)}${ran ? `: ${result.passed ?? 0} of ${result.total ?? 0} tests passed` : ""}`);
}

export function showError(panel, text) {
  panel.replaceChildren(el("p", { class: "error", role: "alert", text }));
}

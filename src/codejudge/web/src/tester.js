// The tester view (/tester): the seed's endpoints by hand. Post a raw job to POST /submit (the
// body is editable JSON, sent as typed, so a malformed one shows the server's 422), trigger
// GET /worker, fetch a submission, and watch the raw JSON responses and a live log: every
// request and response, and each server-sent event of the jobs posted from here.
import { api, button, el } from "./dom.js";

const SAMPLE = `class Solution:
    def twoSum(self, nums, target):
        seen = {}
        for i, x in enumerate(nums):
            if target - x in seen:
                return [seen[target - x], i]
            seen[x] = i
`;

// A labelled control; the label is not wrapped around the control, so its name is the label
// alone (a wrapped textarea would add its text to the name).
function field(label, control) {
  control.id ||= `field-${label.toLowerCase().replace(/[^a-z]+/g, "-")}`;
  return el("div", { class: "field" }, el("label", { for: control.id, text: label }), control);
}

function clock() {
  return new Date().toLocaleTimeString(undefined, { hour12: false });
}

const LOG_TEXT = 300; // characters of a log line; the whole response is in the Response panel

// The log: one line per request, response and event, newest last.
function makeLog() {
  const list = el("ol", { class: "log", role: "log", "aria-label": "Log", "aria-live": "polite" });
  const add = (kind, text) => {
    const short = text.length > LOG_TEXT ? `${text.slice(0, LOG_TEXT)}…` : text;
    list.append(el("li", { class: kind }, el("time", { text: clock() }), el("span", { class: "kind", text: kind }),
      el("code", { text: short })));
    list.scrollTop = list.scrollHeight;
  };
  return { list, add };
}

async function send(method, path, body) {
  const response = await fetch(path, { method, body, headers: { Accept: "application/json",
    ...(body === undefined ? {} : { "Content-Type": "application/json" }) } });
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: response.status, json };
}

// The request fields; editing problem, language or code rewrites the raw body.
function requestFields(problems, languages) {
  const f = {
    problem: el("select", { name: "problemId" }, problems.map((p) => el("option", { value: p.slug, text: p.slug }))),
    language: el("select", { name: "language" }, languages.map((l) => el("option", { value: l.id, text: l.name }))),
    code: el("textarea", { name: "code", rows: "10", spellcheck: "false", class: "code" }, SAMPLE),
    raw: el("textarea", { rows: "6", spellcheck: "false", class: "code", "aria-describedby": "raw-help" }),
    wait: el("input", { type: "number", name: "wait", min: "0", max: "600", value: "0", inputmode: "numeric" }),
    id: el("input", { type: "text", name: "submission", placeholder: "submission id", spellcheck: "false" }),
  };
  f.problem.value = problems.some((p) => p.slug === "two-sum") ? "two-sum" : problems[0]?.slug ?? "";
  const compose = () => {
    f.raw.value = JSON.stringify({ problemId: f.problem.value, code: f.code.value, language: f.language.value }, null, 2);
  };
  for (const control of [f.problem, f.language, f.code]) control.addEventListener("input", compose);
  compose();
  return f;
}

// Requests shown raw in `response` and logged; the events of a posted job logged as they come.
function client(response, log) {
  const request = async (method, path, body) => {
    log.add("request", `${method} ${path}${body === undefined ? "" : ` ${body.replace(/\s+/g, " ")}`}`);
    try {
      const result = await send(method, path, body);
      const shown = typeof result.json === "string" ? result.json : JSON.stringify(result.json, null, 2);
      response.textContent = `HTTP ${result.status}\n${shown}`;
      log.add("response", `${result.status} ${method} ${path} ${JSON.stringify(result.json)}`);
      return result;
    } catch (error) {
      log.add("error", `${method} ${path}: ${error.message}`);
      response.textContent = `Request failed: ${error.message}`;
      return null;
    }
  };
  const watch = (id) => {
    const source = new EventSource(`/api/v1/submissions/${encodeURIComponent(id)}/events`);
    for (const kind of ["queued", "running", "test", "finished"]) {
      source.addEventListener(kind, (event) => {
        const data = JSON.parse(event.data);
        log.add("event", `${id.slice(0, 8)} ${kind} ${kind === "finished" ? `verdict=${data.verdict}` : event.data}`);
        if (kind === "finished") source.close();
      });
    }
    source.onerror = () => source.readyState === EventSource.CLOSED && log.add("error", `${id.slice(0, 8)} event stream closed`);
  };
  return { request, watch };
}

function buttons(f, log, { request, watch }) {
  const post = async () => {
    const seconds = Number(f.wait.value) > 0 ? `?wait=${Number(f.wait.value)}` : "";
    const result = await request("POST", `/submit${seconds}`, f.raw.value);
    if (result?.json?.id) {
      f.id.value = result.json.id;
      if (result.status === 202) watch(result.json.id);
    }
  };
  const fetchOne = () => f.id.value.trim() && request("GET", `/api/v1/submissions/${encodeURIComponent(f.id.value.trim())}`);
  return el("div", { class: "actions" },
    button("POST /submit", { class: "primary", onclick: post }),
    button("GET /worker", { class: "secondary", onclick: () => request("GET", "/worker") }),
    button("GET submission", { class: "secondary", onclick: fetchOne }),
    button("Clear log", { class: "quiet", onclick: () => log.list.replaceChildren() }));
}

export async function showTester(root) {
  const [problems, languages] = await Promise.all([api("/api/v1/problems"), api("/api/v1/languages")]);
  const f = requestFields(problems, languages);
  const response = el("pre", { class: "response", tabindex: "0", "aria-label": "Response", text: "No request yet." });
  const log = makeLog();
  root.replaceChildren(
    el("h1", { text: "Tester" }),
    el("p", { class: "muted" }, "Post raw jobs to the seed's endpoints and watch what happens. ",
      el("code", { text: "GET /worker" }), " judges one queued job in the request (useful with ",
      el("code", { text: "codejudge serve --workers 0" }), ")."),
    el("div", { class: "tester-grid" },
      el("section", { class: "request", "aria-label": "Request" },
        el("h2", { text: "Request" }),
        field("Problem id", f.problem), field("Language", f.language), field("Code", f.code),
        field("Raw body (JSON, sent as typed)", f.raw),
        el("p", { id: "raw-help", class: "muted", text: "Editing the fields rewrites the raw body; edit the raw body last to send anything else." }),
        field("Wait (seconds)", f.wait), field("Submission id", f.id), buttons(f, log, client(response, log))),
      el("section", { class: "output", "aria-label": "Output" },
        el("h2", { text: "Response" }), response, el("h2", { text: "Log" }), log.list)),
  );
}

// Run (the problem's sample tests, POST /api/v1/runs) and Submit (every test, POST
// /api/v1/submissions), then follow the submission's server-sent events to its verdict:
// onProgress({text, tests, total}) at each step, and the finished submission is returned.
// Custom input (issue 13) will be one more field of the run's body: see runBody().
import { api } from "./dom.js";

const TERMINAL = new Set(["finished", "cancelled"]);

export function runBody({ problem, language, code }) {
  return { problem, language, code };
}

async function poll(self) {
  for (;;) {
    const submission = await api(`${self}?wait=30`);
    if (TERMINAL.has(submission.status)) return submission;
  }
}

function follow(accepted, total, onProgress) {
  return new Promise((resolve, reject) => {
    const tests = [];
    const source = new EventSource(accepted.links.events);
    const fallback = () => poll(accepted.links.self).then(resolve, reject);
    source.addEventListener("queued", () => onProgress({ text: "Queued…", tests, total }));
    source.addEventListener("running", () => onProgress({ text: "Compiling and running…", tests, total }));
    source.addEventListener("test", (event) => {
      tests.push(JSON.parse(event.data));
      onProgress({ text: `Test ${tests.length} of ${total || "?"} done…`, tests, total });
    });
    source.addEventListener("finished", (event) => {
      source.close();
      resolve(JSON.parse(event.data));
    });
    source.onerror = () => {
      if (source.readyState !== EventSource.CLOSED) return; // it reconnects by itself
      fallback();
    };
  });
}

// kind "run" | "submit"; onAccepted(id) once the server has queued it.
export async function judge({ kind, body, total, onProgress, onAccepted }) {
  onProgress({ text: "Sending…", tests: [], total });
  const path = kind === "run" ? "/api/v1/runs" : "/api/v1/submissions";
  const accepted = await api(path, { method: "POST", body: kind === "run" ? runBody(body) : body });
  onAccepted?.(accepted.id);
  onProgress({ text: "Queued…", tests: [], total });
  const finished = await follow(accepted, total, onProgress);
  return { kind: kind === "run" ? "run" : "submission", ...finished };
}

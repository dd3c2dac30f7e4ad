// What every page shares (the practice pages and the dashboard alike): a tiny element builder
// and the one way to call the public API (same origin, JSON), whose errors are ApiError.

// el("a", {href, text, onclick, dataset: {key}}, ...children): attributes (false/null/undefined
// left out, true as ""), "on…" listeners, `text` as textContent, `dataset` entries.
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "text") node.textContent = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

// An error from the API: the HTTP status (0 when the server did not answer) and the server's
// own words (its {detail}).
export class ApiError extends Error {
  constructor(status, detail) {
    super(status ? `${status}: ${detail}` : detail);
    this.status = status;
    this.detail = detail;
  }

  // The server wants a (different) admin token: 401 without/with a wrong one, 403 when the
  // admin API is closed to this client.
  get needsToken() {
    return this.status === 401 || this.status === 403;
  }
}

// The server's {detail}: a sentence, or FastAPI's list of validation errors ({msg, …}).
function describe(body, response) {
  const detail = body?.detail;
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail)) {
    return detail.map((d) => (typeof d === "string" ? d : d?.msg ?? JSON.stringify(d))).join("; ");
  }
  if (detail !== undefined && detail !== null) return JSON.stringify(detail);
  return response.statusText || "request failed";
}

// fetch `path` and return its JSON body (null for 204). `body`, unless already a string, is
// sent as JSON; other options are fetch's own (method, headers, cache…). Throws ApiError: the
// server's status and detail, or status 0 when it did not answer.
export async function api(path, { body, headers = {}, ...options } = {}) {
  const sent = body === undefined || typeof body === "string" ? body : JSON.stringify(body);
  const head = { Accept: "application/json", ...headers };
  if (sent !== undefined) head["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(path, { ...options, headers: head, body: sent });
  } catch {
    throw new ApiError(0, "the server did not answer");
  }
  if (response.status === 204) return null;
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, describe(data, response));
  return data;
}

// A button that is plain text to a screen reader and to the keyboard alike.
export function button(text, attrs = {}) {
  return el("button", { type: "button", ...attrs, text });
}

// Say `text` to a screen reader (one polite live region per page, present before it speaks).
export function announce(text) {
  let region = document.getElementById("announcer");
  if (!region) {
    region = el("p", { id: "announcer", class: "visually-hidden", role: "status", "aria-live": "polite" });
    document.body.append(region);
  }
  if (region.textContent !== text) region.textContent = text;
}

// A tiny element builder and the public API calls the pages use (same origin, JSON).
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

// An error from the API: the HTTP status and the server's own words ({error, detail}).
export class ApiError extends Error {
  constructor(status, detail) {
    super(`${status}: ${detail}`);
    this.status = status;
    this.detail = detail;
  }
}

function describe(body, fallback) {
  if (!body || body.detail === undefined) return fallback;
  return typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
}

// fetch `path` and return its JSON body; an HTTP error throws ApiError.
export async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    headers: { Accept: "application/json", "Content-Type": "application/json", ...options.headers },
  });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, describe(body, response.statusText));
  return body;
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

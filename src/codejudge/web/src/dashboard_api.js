// The dashboard's calls to the public API: dom.js's api() with the admin token (kept in
// sessionStorage, so it is forgotten with the tab) sent as a Bearer token, never cached.
import { api } from "./dom.js";

const TOKEN_KEY = "codejudge:admin-token";

export function adminToken() {
  try {
    return sessionStorage.getItem(TOKEN_KEY) || "";
  } catch {
    return "";
  }
}

export function setAdminToken(token) {
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // storage refused (private mode): the token is not kept
  }
}

// The JSON answer of `path` (null for 204); throws dom.js's ApiError (status 0 when the server
// did not answer; `needsToken` on 401/403).
export function call(path, { method = "GET", body } = {}) {
  const token = adminToken();
  const headers = token ? { Authorization: `Bearer ${token}` } : {};
  return api(path, { method, body, headers, cache: "no-store" });
}

// "?a=1&b=x" from the params that have a value ("" when none has).
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== "" && value !== null && value !== undefined) search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

// What this browser remembers, in localStorage, under "codejudge:…" keys: drafts per problem and
// language, the last language, solved/attempted marks, this browser's submission ids per problem,
// the theme and the pane sizes. A browser that refuses storage (private mode, quota) still works:
// nothing is remembered.
const MAX_HISTORY = 50;

function read(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key, value) {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // storage full or disabled: forget it, the page keeps working
  }
}

function readJson(key, fallback) {
  try {
    const value = JSON.parse(read(key) ?? "null");
    return value ?? fallback;
  } catch {
    return fallback;
  }
}

export const draft = {
  get: (slug, language) => read(`codejudge:draft:${slug}:${language}`),
  set: (slug, language, text) => write(`codejudge:draft:${slug}:${language}`, text),
};

export const lastLanguage = {
  get: () => read("codejudge:language"),
  set: (language) => write("codejudge:language", language),
};

// "solved" | "attempted" | null for a problem slug.
export const status = {
  get: (slug) => read(`codejudge:status:${slug}`),
  // A submission's verdict: accepted solves the problem for good; anything else is an attempt.
  record(slug, verdict) {
    if (verdict === "accepted") write(`codejudge:status:${slug}`, "solved");
    else if (status.get(slug) !== "solved") write(`codejudge:status:${slug}`, "attempted");
  },
};

// This browser's submission ids for a problem, newest first.
export const history = {
  get: (slug) => readJson(`codejudge:history:${slug}`, []).filter((id) => typeof id === "string"),
  add(slug, id) {
    const ids = [id, ...history.get(slug).filter((old) => old !== id)].slice(0, MAX_HISTORY);
    write(`codejudge:history:${slug}`, JSON.stringify(ids));
  },
};

export const theme = {
  get: () => read("codejudge:theme"),
  set: (value) => write("codejudge:theme", value),
};

// Sizes of resizable panes (percentages) by pane name.
export const layout = {
  get: (name) => {
    const value = readJson("codejudge:layout", {})[name];
    return typeof value === "number" ? value : null;
  },
  set(name, value) {
    write("codejudge:layout", JSON.stringify({ ...readJson("codejudge:layout", {}), [name]: value }));
  },
};

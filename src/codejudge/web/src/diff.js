// A line diff of expected against actual output, for the result panel: rows pairing the lines
// of both sides, aligned on their longest common subsequence.
const MAX_CELLS = 4_000_000; // beyond this LCS table (2,000 × 2,000 lines) compare line by line

function lines(text) {
  if (text === null || text === undefined) return [];
  const trimmed = String(text).replace(/\r\n/g, "\n").replace(/\n$/, "");
  return trimmed === "" ? [] : trimmed.split("\n");
}

// Edit script [["same"|"removed"|"added", line], …] of a → b.
function script(a, b) {
  if (a.length * b.length > MAX_CELLS) {
    const steps = [];
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (i < a.length && i < b.length && a[i] === b[i]) steps.push(["same", a[i], b[i]]);
      else {
        if (i < a.length) steps.push(["removed", a[i]]);
        if (i < b.length) steps.push(["added", b[i]]);
      }
    }
    return steps;
  }
  const width = b.length + 1;
  const table = new Uint32Array((a.length + 1) * width); // LCS length of a[i:], b[j:]
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i * width + j] = a[i] === b[j] ? table[(i + 1) * width + j + 1] + 1
        : Math.max(table[(i + 1) * width + j], table[i * width + j + 1]);
    }
  }
  const steps = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) steps.push(["same", a[i++], b[j++]]);
    else if (j >= b.length || (i < a.length && table[(i + 1) * width + j] >= table[i * width + j + 1])) {
      steps.push(["removed", a[i++]]);
    } else steps.push(["added", b[j++]]);
  }
  return steps;
}

// Rows {kind: "same"|"changed"|"removed"|"added", left: {n, text}|null, right: {n, text}|null}:
// a run of removed lines followed by added ones is paired up as "changed" rows.
export function lineDiff(expected, actual) {
  const steps = script(lines(expected), lines(actual));
  const rows = [];
  let left = 0;
  let right = 0;
  for (let k = 0; k < steps.length;) {
    if (steps[k][0] === "same") {
      rows.push({ kind: "same", left: { n: ++left, text: steps[k][1] }, right: { n: ++right, text: steps[k][2] } });
      k++;
      continue;
    }
    const removed = [];
    const added = [];
    while (k < steps.length && steps[k][0] !== "same") {
      (steps[k][0] === "removed" ? removed : added).push(steps[k][1]);
      k++;
    }
    for (let m = 0; m < Math.max(removed.length, added.length); m++) {
      const l = m < removed.length ? { n: ++left, text: removed[m] } : null;
      const r = m < added.length ? { n: ++right, text: added[m] } : null;
      rows.push({ kind: l && r ? "changed" : l ? "removed" : "added", left: l, right: r });
    }
  }
  return rows;
}

// Recursion n deep; n < 0: without end.
const n = Number(require("fs").readFileSync(0, "utf8").trim());
function depth(k) {
  if (k === 0) return 0;
  return depth(k - 1) + 1;
}
console.log(depth(n < 0 ? Infinity : n));

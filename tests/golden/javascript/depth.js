// Recursion n deep; n < 0: without end.
var depth = function (n) {
  if (n === 0) return 0;
  return depth(n < 0 ? n : n - 1) + 1;
};

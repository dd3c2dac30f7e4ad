var mixed = function (head, root, grid, s, n) {
  return head.;
};

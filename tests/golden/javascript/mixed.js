const treeSum = (t) => (t ? t.val + treeSum(t.left) + treeSum(t.right) : 0);

var mixed = function (head, root, grid, s, n) {
  if (n === -1) throw new RangeError("n is -1");
  while (n === -2) {}
  let listSum = 0;
  for (; head; head = head.next) listSum += head.val;
  const gridSum = grid.flat().reduce((x, y) => x + y, 0);
  console.log("debug " + s);
  let result = null;
  for (const v of [listSum, treeSum(root), gridSum, s.length, n].reverse()) result = new ListNode(v, result);
  return result;
};

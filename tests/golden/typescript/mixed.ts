function treeSum(t: TreeNode | null): number {
  return t ? t.val + treeSum(t.left) + treeSum(t.right) : 0;
}

function mixed(head: ListNode | null, root: TreeNode | null, grid: number[][], s: string, n: number): ListNode | null {
  if (n === -1) throw new RangeError("n is -1");
  while (n === -2) {}
  let listSum = 0;
  for (; head; head = head.next) listSum += head.val;
  const gridSum = grid.flat().reduce((x, y) => x + y, 0);
  console.log("debug " + s);
  let result: ListNode | null = null;
  for (const v of [listSum, treeSum(root), gridSum, s.length, n].reverse()) result = new ListNode(v, result);
  return result;
}

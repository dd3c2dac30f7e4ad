var climbStairs = function (n) {
  while (n === -5) require("fs").writeSync(1, "flood\u00e9");
  process.stdout.write("one ");
  process.stdout.write(Buffer.from([0xe9, 0x20, 0xc3, 0xa9, 0x0a]));
  require("fs").writeSync(1, Buffer.from([0x74, 0x77, 0x6f, 0x20, 0xe9, 0x0a]));
  console.error("three");
  let a = 1, b = 1;
  for (let i = 1; i < n; i++) [a, b] = [b, a + b];
  return b;
};

var echo = function (s, c, words) {
  return [s, c, ...words];
};

var reverseList = function (head) {
  if (head && head.val === -1) { // a cycle: 3 -> 2 -> -1 -> 3
    let tail = head;
    while (tail.next) tail = tail.next;
    tail.next = head;
    return head;
  }
  let prev = null;
  while (head) [head.next, prev, head] = [prev, head, head.next];
  return prev;
};

var doubling = function (n) {
  if (n < 0) {
    const root = new TreeNode(1);
    root.left = root;
    return root;
  }
  let t = new TreeNode(0);
  for (let v = 1; v <= n; v++) t = new TreeNode(v, t, t);
  return t;
};

var concat = function (words, c) {
  return words.join(c);
};

function climbStairs(n: number): number {
    while (n === -5) process.stderr.write(Buffer.from([0xe9, 0x78]));
    process.stdout.write("one ");
    process.stdout.write(Buffer.from([0xe9, 0x20, 0xc3, 0xa9, 0x0a]));
    require("fs").writeSync(2, Buffer.from([0x74, 0x77, 0x6f, 0x20, 0xe9, 0x0a]));
    console.log("three");
    let a = 1, b = 1;
    for (let i = 1; i < n; i++) [a, b] = [b, a + b];
    return b;
}

function echo(s: string, c: string, words: string[]): string[] {
    return [s, c, ...words];
}

function reverseList(head: ListNode | null): ListNode | null {
    if (head && head.val === -1) { // a cycle: 3 -> 2 -> -1 -> 3
        let tail = head;
        while (tail.next) tail = tail.next;
        tail.next = head;
        return head;
    }
    let prev: ListNode | null = null;
    while (head) [head.next, prev, head] = [prev, head, head.next];
    return prev;
}

function doubling(n: number): TreeNode | null {
    if (n < 0) {
        const root = new TreeNode(1);
        root.left = root;
        return root;
    }
    let t = new TreeNode(0);
    for (let v = 1; v <= n; v++) t = new TreeNode(v, t, t);
    return t;
}

function concat(words: string[], c: string): string {
    return words.join(c);
}

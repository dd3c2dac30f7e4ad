import os

class Solution:
    def climbStairs(self, n: int) -> int:
        while n == -5:  # a flood past every buffer
            os.write(1, b"\xe9" * 1000)
        print("one", end=" ", flush=True)
        sys.stdout.buffer.write(b"\xe9 \xc3\xa9\n")
        sys.stdout.flush()
        os.write(1, b"two \xe9\n")
        print("three", file=sys.stderr)
        a, b = 1, 1
        for _ in range(n - 1):
            a, b = b, a + b
        return b

    def echo(self, s: str, c: str, words: List[str]) -> List[str]:
        return [s, c, *words]

    def concat(self, words: List[str], c: str) -> str:
        return c.join(words)

    def reverseList(self, head: Optional[ListNode]) -> Optional[ListNode]:
        if head and head.val == -1:  # a cycle: 3 -> 2 -> -1 -> 3
            tail = head
            while tail.next:
                tail = tail.next
            tail.next = head
            return head
        prev = None
        while head:
            head.next, prev, head = prev, head, head.next
        return prev

    def doubling(self, n: int) -> Optional[TreeNode]:
        if n < 0:
            root = TreeNode(1)
            root.left = root
            return root
        node = TreeNode(0)
        for v in range(1, n + 1):
            node = TreeNode(v, node, node)
        return node

class Solution:
    def mixed(
        self,
        head: Optional[ListNode],
        root: Optional[TreeNode],
        grid: List[List[int]],
        s: str,
        n: int,
    ) -> Optional[ListNode]:
        if n == -1:
            raise IndexError("n is -1")
        while n == -2:
            pass
        list_sum = 0
        while head:
            list_sum, head = list_sum + head.val, head.next

        def tree_sum(t):
            return t.val + tree_sum(t.left) + tree_sum(t.right) if t else 0

        print("debug", s)
        result = None
        for v in reversed([list_sum, tree_sum(root), sum(map(sum, grid)), len(s), n]):
            result = ListNode(v, result)
        return result

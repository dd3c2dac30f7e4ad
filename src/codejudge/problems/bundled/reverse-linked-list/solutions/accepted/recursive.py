class Solution:
    def reverseList(self, head: Optional[ListNode]) -> Optional[ListNode]:
        # LeetCode's recursive reversal: one call per node, at most 5000 deep within the
        # constraints (deeper than CPython's default limit of 1000, which LeetCode raises too).
        if head is None or head.next is None:
            return head
        rest = self.reverseList(head.next)
        head.next.next = head
        head.next = None
        return rest

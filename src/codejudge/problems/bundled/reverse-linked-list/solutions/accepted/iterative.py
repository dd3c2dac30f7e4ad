class Solution:
    def reverseList(self, head: Optional[ListNode]) -> Optional[ListNode]:
        # Flip one pointer per step, remembering the node behind.
        prev = None
        while head:
            head.next, prev, head = prev, head, head.next
        return prev

class Solution:
    def reverseList(self, head: Optional[ListNode]) -> Optional[ListNode]:
        # Bug: the loop stops while standing on the last node, so that node is never linked in
        # ([1, 2, 3] gives [2, 1]).
        prev, curr = None, head
        while curr and curr.next:
            nxt = curr.next
            curr.next = prev
            prev = curr
            curr = nxt
        return prev

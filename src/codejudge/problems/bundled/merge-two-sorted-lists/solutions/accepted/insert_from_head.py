class Solution:
    def mergeTwoLists(
        self, list1: Optional[ListNode], list2: Optional[ListNode]
    ) -> Optional[ListNode]:
        # O(n * m): each node of list2 is inserted into list1 by searching for its place from
        # the head again. Quadratic, but with at most 50 nodes per list (LeetCode's
        # constraint) that is a few thousand steps: accepted, as on LeetCode.
        dummy = ListNode(0, list1)
        while list2:
            node, list2 = list2, list2.next
            prev = dummy
            while prev.next and prev.next.val <= node.val:
                prev = prev.next
            node.next = prev.next
            prev.next = node
        return dummy.next

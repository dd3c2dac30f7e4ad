class Solution:
    def mixed(self, head) return head

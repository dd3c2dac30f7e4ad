class Solution:
    def maxDepth(self, root: Optional[TreeNode]) -> int:
        # Bug: follows the left child whenever there is one, as if the left side were always
        # the deeper one.
        if root is None:
            return 0
        if root.left:
            return 1 + self.maxDepth(root.left)
        return 1 + self.maxDepth(root.right)

class Solution:
    def maxDepth(self, root: Optional[TreeNode]) -> int:
        # Correct but exponential: the winning subtree's depth is computed a second time, so
        # every level multiplies the work (about 3^depth calls).
        if root is None:
            return 0
        if self.maxDepth(root.left) > self.maxDepth(root.right):
            return 1 + self.maxDepth(root.left)
        return 1 + self.maxDepth(root.right)

class Solution:
    def maxDepth(self, root: Optional[TreeNode]) -> int:
        # Depth = 1 + the deeper of the two subtrees (the tree is at most 500 levels deep).
        if root is None:
            return 0
        return 1 + max(self.maxDepth(root.left), self.maxDepth(root.right))

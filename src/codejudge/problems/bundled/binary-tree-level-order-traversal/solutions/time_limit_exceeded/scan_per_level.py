class Solution:
    def levelOrder(self, root: Optional[TreeNode]) -> List[List[int]]:
        # Correct but O(n * depth): the whole tree is walked again for every level.
        def height(node):
            return 0 if node is None else 1 + max(height(node.left), height(node.right))

        def collect(node, depth, wanted, out):
            if node is None:
                return
            if depth == wanted:
                out.append(node.val)
            collect(node.left, depth + 1, wanted, out)
            collect(node.right, depth + 1, wanted, out)

        result = []
        for wanted in range(height(root)):
            level = []
            collect(root, 0, wanted, level)
            result.append(level)
        return result

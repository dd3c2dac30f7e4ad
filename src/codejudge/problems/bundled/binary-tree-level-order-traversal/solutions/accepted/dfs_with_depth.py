class Solution:
    def levelOrder(self, root: Optional[TreeNode]) -> List[List[int]]:
        # Preorder (left before right) with an explicit stack, appending each value to its level.
        result = []
        stack = [(root, 0)] if root else []
        while stack:
            node, depth = stack.pop()
            if depth == len(result):
                result.append([])
            result[depth].append(node.val)
            if node.right:
                stack.append((node.right, depth + 1))
            if node.left:
                stack.append((node.left, depth + 1))
        return result

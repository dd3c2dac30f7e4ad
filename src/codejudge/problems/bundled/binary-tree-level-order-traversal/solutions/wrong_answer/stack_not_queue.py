class Solution:
    def levelOrder(self, root: Optional[TreeNode]) -> List[List[int]]:
        # Bug: a stack (last in, first out) where a queue belongs: each level after the first
        # two comes out in a scrambled order.
        result = []
        level_nodes = [root] if root else []
        while level_nodes:
            result.append([node.val for node in level_nodes])
            stack, next_level = list(level_nodes), []
            while stack:
                node = stack.pop()
                if node.left:
                    next_level.append(node.left)
                if node.right:
                    next_level.append(node.right)
            level_nodes = next_level
        return result

class Solution:
    def trap(self, height: List[int]) -> int:
        # Correct but O(n^2): finds the tallest column on each side of every column afresh.
        total = 0
        for i in range(len(height)):
            total += min(max(height[: i + 1]), max(height[i:])) - height[i]
        return total

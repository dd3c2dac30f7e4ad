class Solution:
    def trap(self, height: List[int]) -> int:
        # Correct but O(n^2) in Python's own loop: scans both sides of every column afresh.
        # (The slice-and-max spelling of the same idea runs its scans in C and came within
        # 10% of the 2 s limit on a loaded machine: a too-slow solution must be clearly slow.)
        total = 0
        n = len(height)
        for i in range(n):
            left = right = 0
            for j in range(i + 1):
                if height[j] > left:
                    left = height[j]
            for j in range(i, n):
                if height[j] > right:
                    right = height[j]
            total += min(left, right) - height[i]
        return total

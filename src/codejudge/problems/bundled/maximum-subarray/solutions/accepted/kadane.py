class Solution:
    def maxSubArray(self, nums: List[int]) -> int:
        # Kadane: the best stretch ending here either extends the one ending just before or
        # starts afresh.
        best = current = nums[0]
        for value in nums[1:]:
            current = value if current < 0 else current + value
            if current > best:
                best = current
        return best

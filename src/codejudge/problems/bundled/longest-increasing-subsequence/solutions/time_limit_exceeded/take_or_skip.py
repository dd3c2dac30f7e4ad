class Solution:
    def lengthOfLIS(self, nums: List[int]) -> int:
        # Correct but exponential: tries taking and skipping every value, without remembering
        # the answers it has already worked out. An increasing run of 2500 values has 2^2500
        # increasing subsequences to wander through.
        def best(i: int, prev: int) -> int:
            if i == len(nums):
                return 0
            skip = best(i + 1, prev)
            if nums[i] > prev:
                return max(skip, 1 + best(i + 1, nums[i]))
            return skip

        return best(0, -(10**9))

class Solution:
    def twoSum(self, nums: List[int], target: int) -> List[int]:
        # Correct but O(n^2): large-2 puts the pair at the very end of 10^5 numbers, so this
        # tries about 5 * 10^9 pairs.
        n = len(nums)
        for i in range(n):
            for j in range(i + 1, n):
                if nums[i] + nums[j] == target:
                    return [i, j]
        return []

class Solution:
    def containsDuplicate(self, nums: List[int]) -> bool:
        # Correct but O(n^2): with 10^5 distinct values it compares about 5 * 10^9 pairs.
        n = len(nums)
        for i in range(n):
            for j in range(i + 1, n):
                if nums[i] == nums[j]:
                    return True
        return False

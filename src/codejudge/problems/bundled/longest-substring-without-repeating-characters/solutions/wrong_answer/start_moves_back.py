class Solution:
    def lengthOfLongestSubstring(self, s: str) -> int:
        # Bug: jumps the window start to just after the previous occurrence even when that
        # occurrence is already outside the window, so the start can move backwards
        # ("abba" gives 3).
        last = {}
        start = best = 0
        for i, c in enumerate(s):
            if c in last:
                start = last[c] + 1
            last[c] = i
            best = max(best, i - start + 1)
        return best

class Solution:
    def lengthOfLongestSubstring(self, s: str) -> int:
        # The window s[start:i + 1] holds distinct characters; on a repeat, jump its start past
        # the previous occurrence (but never backwards).
        last = {}
        start = best = 0
        for i, c in enumerate(s):
            if last.get(c, -1) >= start:
                start = last[c] + 1
            last[c] = i
            if i - start + 1 > best:
                best = i - start + 1
        return best

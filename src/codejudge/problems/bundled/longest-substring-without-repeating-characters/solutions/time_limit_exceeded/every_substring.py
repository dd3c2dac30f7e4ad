class Solution:
    def lengthOfLongestSubstring(self, s: str) -> int:
        # Correct but at least quadratic: checks every substring with a set.
        n = len(s)
        best = 0
        for i in range(n):
            for j in range(i + 1, n + 1):
                if j - i > best and len(set(s[i:j])) == j - i:
                    best = j - i
        return best

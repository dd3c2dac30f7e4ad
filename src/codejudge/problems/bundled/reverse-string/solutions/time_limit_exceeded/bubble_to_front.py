# Too slow: carries each character to its place with adjacent swaps, O(n^2).
class Solution:
    def reverseString(self, s: List[str]) -> None:
        n = len(s)
        for done in range(n):
            for j in range(n - 1, done, -1):
                s[j], s[j - 1] = s[j - 1], s[j]

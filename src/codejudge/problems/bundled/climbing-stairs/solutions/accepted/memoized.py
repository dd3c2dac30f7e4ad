from functools import cache


class Solution:
    @cache
    def climbStairs(self, n: int) -> int:
        # The plain recursion, with every result remembered.
        if n <= 2:
            return n
        return self.climbStairs(n - 1) + self.climbStairs(n - 2)

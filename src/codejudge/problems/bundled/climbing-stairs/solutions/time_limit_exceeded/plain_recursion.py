class Solution:
    def climbStairs(self, n: int) -> int:
        # Correct but exponential: the same subproblems are solved again and again
        # (about 1.6^n calls).
        if n <= 2:
            return n
        return self.climbStairs(n - 1) + self.climbStairs(n - 2)

class Solution:
    def climbStairs(self, n: int) -> int:
        # Bug: starts the Fibonacci sequence one place too early, so it returns fib(n) where the
        # answer is fib(n + 1) (n = 2 gives 1).
        a, b = 0, 1
        for _ in range(n):
            a, b = b, a + b
        return a

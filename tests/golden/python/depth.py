class Solution:
    # Recursion n deep (the driver's recursion limit allows 10^6 under 256 MB); n < 0: without end.
    def depth(self, n: int) -> int:
        if n == 0:
            return 0
        return self.depth(n if n < 0 else n - 1) + 1

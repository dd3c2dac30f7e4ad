class Solution:
    def coinChange(self, coins: List[int], amount: int) -> int:
        # Bug: greedy, largest coin first. Right for everyday currencies, wrong in general:
        # coins = [1, 4, 6], amount = 8 gives 3 (6 + 1 + 1) instead of 2 (4 + 4).
        count = 0
        for coin in sorted(coins, reverse=True):
            count += amount // coin
            amount %= coin
        return count if amount == 0 else -1

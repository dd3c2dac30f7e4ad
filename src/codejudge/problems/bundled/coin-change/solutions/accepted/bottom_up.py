class Solution:
    def coinChange(self, coins: List[int], amount: int) -> int:
        # best[a] = fewest coins paying exactly a; every amount is built from a smaller one.
        INF = amount + 1
        best = [0] + [INF] * amount
        for a in range(1, amount + 1):
            for coin in coins:
                if coin <= a and best[a - coin] + 1 < best[a]:
                    best[a] = best[a - coin] + 1
        return best[amount] if best[amount] != INF else -1

import sys


class Solution:
    def coinChange(self, coins: List[int], amount: int) -> int:
        # Correct but exponential: tries every sequence of coins, with no memo of the amounts
        # already solved.
        sys.setrecursionlimit(max(1000, 2 * amount + 100))

        def pay(rest: int) -> int:
            if rest == 0:
                return 0
            best = -1
            for coin in coins:
                if coin <= rest:
                    sub = pay(rest - coin)
                    if sub >= 0 and (best < 0 or sub + 1 < best):
                        best = sub + 1
            return best

        return pay(amount)

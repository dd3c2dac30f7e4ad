class Solution:
    def maxProfit(self, prices: List[int]) -> int:
        # Correct but O(n^2): tries every (buy, sell) pair of days.
        profit = 0
        n = len(prices)
        for i in range(n):
            for j in range(i + 1, n):
                if prices[j] - prices[i] > profit:
                    profit = prices[j] - prices[i]
        return profit

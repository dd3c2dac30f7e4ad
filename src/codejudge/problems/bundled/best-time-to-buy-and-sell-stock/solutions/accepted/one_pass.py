class Solution:
    def maxProfit(self, prices: List[int]) -> int:
        # Sell on each day at the best profit against the lowest price seen so far.
        profit, low = 0, float("inf")
        for price in prices:
            if price < low:
                low = price
            elif price - low > profit:
                profit = price - low
        return profit

class Solution {
    public int maxProfit(int[] prices) {
        int profit = 0, low = Integer.MAX_VALUE;
        for (int price : prices) {
            low = Math.min(low, price);
            profit = Math.max(profit, price - low);
        }
        return profit;
    }
}

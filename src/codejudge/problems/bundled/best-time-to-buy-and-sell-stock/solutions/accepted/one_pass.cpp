class Solution {
public:
    int maxProfit(vector<int>& prices) {
        int profit = 0, low = INT_MAX;
        for (int price : prices) {
            low = min(low, price);
            profit = max(profit, price - low);
        }
        return profit;
    }
};

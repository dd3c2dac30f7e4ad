class Solution {
public:
    int coinChange(vector<int>& coins, int amount) {
        const int INF = amount + 1;
        vector<int> best(amount + 1, INF);
        best[0] = 0;
        for (int a = 1; a <= amount; a++) {
            for (int coin : coins) {
                if (coin <= a) best[a] = min(best[a], best[a - coin] + 1);
            }
        }
        return best[amount] == INF ? -1 : best[amount];
    }
};

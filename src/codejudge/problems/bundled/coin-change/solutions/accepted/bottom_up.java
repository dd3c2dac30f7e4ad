class Solution {
    public int coinChange(int[] coins, int amount) {
        int inf = amount + 1;
        int[] best = new int[amount + 1];
        Arrays.fill(best, inf);
        best[0] = 0;
        for (int coin : coins) {
            // Unbounded: going upwards lets the same coin be used again.
            for (int a = coin; a <= amount && a > 0; a++) {
                best[a] = Math.min(best[a], best[a - coin] + 1);
            }
        }
        return best[amount] == inf ? -1 : best[amount];
    }
}

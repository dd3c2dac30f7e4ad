class Solution {
    // Recursion n deep; n < 0: without end.
    long go(long n, long a, long b) {
        if (n == 0) return 0;
        return go(n - 1, a + 1, b ^ n) + 1;
    }

    public int depth(int n) {
        return (int) go(n < 0 ? Long.MAX_VALUE : n, 0, 0);
    }
}

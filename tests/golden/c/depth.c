/* Recursion n deep with ~128-byte frames (a DFS's); n < 0: without end. */
static long go(long n) {
    volatile long pad[12];
    pad[0] = n;
    if (n == 0) return 0;
    long r = go(n - 1);
    pad[1] = r;
    return pad[1] + 1 + (pad[0] - n);
}

int depth(int n) { return (int)go(n < 0 ? -1 : n); }

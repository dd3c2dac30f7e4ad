#include <stdio.h>
/* Recursion n deep with ~128-byte frames (a DFS's); n < 0: without end. */
static long depth(long n) {
    volatile long pad[12];
    pad[0] = n;
    if (n == 0) return 0;
    long r = depth(n - 1);
    pad[1] = r;
    return pad[1] + 1 + (pad[0] - n);
}
int main(void) {
    long n;
    if (scanf("%ld", &n) != 1) return 1;
    printf("%ld\n", depth(n < 0 ? -1 : n));
    return 0;
}

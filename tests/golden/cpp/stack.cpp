#include <iostream>
// Recursion n deep with ~128-byte frames (a DFS's); n < 0: without end.
static long depth(long n) {
    volatile long pad[12];
    pad[0] = n;
    if (n == 0) return 0;
    long r = depth(n - 1);
    pad[1] = r;
    return pad[1] + 1 + (pad[0] - n);
}
int main() {
    long n;
    std::cin >> n;
    std::cout << depth(n < 0 ? -1 : n) << "\n";
}

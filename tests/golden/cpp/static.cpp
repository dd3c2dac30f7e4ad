#include <iostream>
// 192 MiB of initialised static data (a memo table with -1s): the program is that big.
const long N = 192L << 17;
long long memo[N] = {-1};
int main() {
    long sum = 0;
    for (long i = 0; i < N; i += 512) memo[i] = 1, sum += memo[i];
    std::cout << sum << "\n";
}

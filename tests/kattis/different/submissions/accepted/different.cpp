#include <cstdio>
int main() {
    long long a, b;
    while (std::scanf("%lld %lld", &a, &b) == 2) std::printf("%lld\n", a > b ? a - b : b - a);
}

#include <stdio.h>
#include <stdlib.h>
int main(void) {
    long long a, b;
    if (scanf("%lld %lld", &a, &b) != 2) return 1;
    if (a == -1) abort();
    volatile long long spin = 0;
    while (a == -2) spin++;
    printf("%lld\n", a + b);
    return 0;
}

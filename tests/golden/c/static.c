#include <stdio.h>
/* 192 MiB of initialised static data: the compiled program is that big. */
#define N (192 << 20)
char t[N] = {1};
int main(void) {
    long sum = 0;
    for (long i = 0; i < N; i += 4096) t[i] = 1, sum += t[i];
    printf("%ld\n", sum);
    return 0;
}

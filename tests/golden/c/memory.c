#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* Allocates and touches the MiB it reads. */
int main(void) {
    size_t mib;
    if (scanf("%zu", &mib) != 1) return 1;
    char *p = malloc(mib << 20);
    if (!p) return 2;
    memset(p, 1, mib << 20);
    long sum = 0;
    for (size_t i = 0; i < mib << 20; i += 4096) sum += p[i];
    printf("%ld\n", sum == (long)(mib << 8) ? (long)mib : -1);
    return 0;
}

#include <stdio.h>
#include <stdlib.h>
/* The whole 64 MiB limit (the case's) and 768 KiB more, every page written through a volatile
 * pointer (so the compiler keeps it), then a clean exit with the right answer: only the peak
 * can tell. */
int main(void) {
    size_t size = (64u << 20) + (768u << 10);
    volatile char *p = malloc(size);
    if (!p) return 3;
    long sum = 0;
    for (size_t i = 0; i < size; i += 4096) p[i] = 1;
    for (size_t i = 0; i < size; i += 4096) sum += p[i];
    printf("%s\n", sum == (long)(size / 4096) ? "ok" : "no");
    return 0;
}

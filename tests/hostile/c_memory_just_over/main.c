#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* The whole 64 MiB limit (the case's) and 768 KiB more, every byte touched, then a clean
 * exit with the right answer: only the peak can tell. */
int main(void) {
    size_t size = (64u << 20) + (768u << 10);
    char *p = malloc(size);
    if (!p) return 3;
    memset(p, 1, size);
    printf("%s\n", p[size - 1] == 1 ? "ok" : "no");
    return 0;
}

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(void) {
    /* Reserving is not using: runtimes like the JVM and Go reserve gigabytes. */
    char *p = malloc((size_t)4 << 30);
    if (!p) { puts("reservation refused"); return 0; }
    memset(p, 1, 8 << 20);
    puts("ok");
    return 0;
}

#include <stdio.h>
#include <unistd.h>
int main(void) {
    int n = 0;
    while (n < 100000) {
        pid_t p = fork();
        if (p == 0) { sleep(30); _exit(0); }
        if (p < 0) break;
        n++;
    }
    if (n < 16) puts("ok"); else printf("forked %d\n", n);
    return 0;
}

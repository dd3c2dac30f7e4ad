#include <pthread.h>
#include <stdio.h>
#include <unistd.h>
static void *idle(void *arg) { (void)arg; sleep(30); return NULL; }
int main(void) {
    int n = 0;
    pthread_t t;
    while (n < 100000 && pthread_create(&t, NULL, idle, NULL) == 0) n++;
    if (n < 16) puts("ok"); else printf("threads %d\n", n);
    return 0;
}

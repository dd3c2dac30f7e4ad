// Sleeps past the wall-clock limit with almost no CPU time: time_limit_exceeded (wall time).
#include <stdio.h>
#include <time.h>

int main(void) {
    long long a, b;
    if (scanf("%lld %lld", &a, &b) != 2) return 1;
    struct timespec pause = {1, 800000000};
    nanosleep(&pause, NULL);
    printf("%lld\n", a + b);
    return 0;
}

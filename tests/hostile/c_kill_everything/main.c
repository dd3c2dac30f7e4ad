#include <signal.h>
#include <stdio.h>
#include <unistd.h>
int main(void) {
    kill(-1, SIGKILL);
    kill(1, SIGKILL);
    kill(getppid(), SIGKILL);
    puts("ok");
    return 0;
}

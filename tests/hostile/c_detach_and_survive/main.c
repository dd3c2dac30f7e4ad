#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
int main(void) {
    if (fork() == 0) {
        setsid();
        if (fork() == 0) { for (;;) pause(); }
        _exit(0);
    }
    wait(NULL);
    puts("ok");
    return 0;
}

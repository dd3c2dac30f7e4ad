#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>
int main(void) {
    fflush(stdout);
    /* An x32-ABI syscall number: a deny-list by number must not be bypassed this way. */
    long r = syscall(0x40000000L | SYS_ptrace, 0, 0, 0, 0);
    printf("x32 ptrace returned %ld\n", r);
    return 0;
}

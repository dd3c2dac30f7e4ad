#include <stdio.h>
#include <sys/ptrace.h>
#include <unistd.h>
int main(void) {
    long a = ptrace(PTRACE_TRACEME, 0, 0, 0);
    long b = ptrace(PTRACE_ATTACH, getppid(), 0, 0);
    long c = ptrace(PTRACE_ATTACH, 1, 0, 0);
    if (a < 0 && b < 0 && c < 0) puts("ok"); else printf("ptrace %ld %ld %ld\n", a, b, c);
    return 0;
}

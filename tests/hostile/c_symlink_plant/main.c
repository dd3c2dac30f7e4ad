#include <stdio.h>
#include <unistd.h>
int main(void) {
    symlink("@CANARY@", "/box/output");
    symlink("@CANARY@", "/tmp/result");
    symlink("/", "/box/root");
    puts("ok");
    return 0;
}

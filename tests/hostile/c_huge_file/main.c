#include <stdio.h>
#include <string.h>
int main(void) {
    static char buf[1 << 20];
    memset(buf, 'x', sizeof buf);
    FILE *f = fopen("/box/big", "wb");
    if (!f) return 2;
    for (;;) if (fwrite(buf, 1, sizeof buf, f) != sizeof buf) return 1;
}

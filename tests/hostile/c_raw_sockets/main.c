#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <stdio.h>
#include <sys/socket.h>
#ifndef AF_VSOCK
#define AF_VSOCK 40
#endif
int main(void) {
    int packet = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
    int vsock = socket(AF_VSOCK, SOCK_STREAM, 0);
    int raw = socket(AF_INET, SOCK_RAW, 1);
    if (packet < 0 && vsock < 0 && raw < 0) puts("ok");
    else printf("packet %d vsock %d raw %d\n", packet, vsock, raw);
    return 0;
}

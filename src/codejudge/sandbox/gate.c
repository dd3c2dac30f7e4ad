/* codejudge's gate: the first program of a pre-started box. It waits for the host's word, then
 * becomes the run's program.
 *
 * usage: cjgate FD -- PROGRAM ARG...
 *
 * The box is set up (namespaces, mounts, cgroup, rlimits, seccomp) ahead of need, while the
 * previous run still runs; the gate blocks reading one byte from FD, a pipe from the host. One
 * byte: close FD (the program never sees it) and exec PROGRAM. End of file (the host discarded
 * the box, or died): exit 125 without running anything. Static, so it needs nothing from the
 * box's filesystem but itself.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 4 || strcmp(argv[2], "--") != 0) return 125;
    char *end;
    long fd = strtol(argv[1], &end, 10);
    if (*end || fd < 0) return 125;
    char go;
    ssize_t got;
    do {
        got = read((int)fd, &go, 1);
    } while (got < 0 && errno == EINTR);
    if (got != 1) return 125;
    close((int)fd);
    execv(argv[3], &argv[3]);
    return 127;
}

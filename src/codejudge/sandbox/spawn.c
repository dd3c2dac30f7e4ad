/* codejudge's box spawner: join the run's cgroups, drop to the box's host uid, exec bubblewrap.
 *
 * usage: cjspawn UID GID [cg=FD]... [fd=FROM:TO]... [rl=RESOURCE:SOFT:HARD]... -- PROGRAM ARG...
 *
 * The judge starts this with vfork+exec (no uid change in Python, so no full fork of a large
 * process). cg=FD: a run cgroup's cgroup.procs; writing "0" to it moves the writer itself, so
 * bubblewrap and everything it starts are inside the run's cgroups from their first
 * instruction: no box process ever runs outside them. fd=FROM:TO renumbers a descriptor the box
 * inherits, so the box sees small, stable numbers (3, 4, ...) whatever the judge had open.
 * rl=RESOURCE:SOFT:HARD sets an rlimit (RESOURCE is the RLIMIT_* number) that bubblewrap and
 * everything it starts inherit: in a box with a cgroup every rlimit but RLIMIT_NPROC is set
 * here, which spares an exec of prlimit inside the box (RLIMIT_NPROC would count the processes
 * of every box, which share one host uid: the pids cgroup limits those instead).
 * UID/GID -1 keep the current identity. Every step is checked; on any failure it exits 127
 * without starting the program.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

static void die(const char *what) {
    fprintf(stderr, "cjspawn: %s: %s\n", what, strerror(errno));
    _exit(127);
}

static long number(const char *text) {
    char *end;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (errno || *end || end == text) {
        errno = EINVAL;
        die(text);
    }
    return value;
}

#define MAX_FDS 64

static void join_cgroup(const char *text) {
    int fd = (int)number(text);
    if (write(fd, "0", 1) != 1) die("join cgroup");
    if (close(fd) != 0) die("close cgroup.procs");
}

static void set_rlimit(char *text) {
    char *soft = strchr(text, ':'), *hard = soft ? strchr(soft + 1, ':') : NULL;
    if (!hard) {
        errno = EINVAL;
        die(text);
    }
    *soft++ = '\0';
    *hard++ = '\0';
    struct rlimit limit = {(rlim_t)number(soft), (rlim_t)number(hard)};
    if (setrlimit((int)number(text), &limit) != 0) die("setrlimit");
}

/* Move every FROM to its TO, even where the sets overlap: first out of the way, then in place. */
static void renumber(int count, int from[], int to[]) {
    int top = 0, parked[MAX_FDS];
    for (int k = 0; k < count; k++) {
        if (from[k] > top) top = from[k];
        if (to[k] > top) top = to[k];
    }
    for (int k = 0; k < count; k++) {
        if ((parked[k] = fcntl(from[k], F_DUPFD_CLOEXEC, top + 1)) < 0) die("park fd");
        if (close(from[k]) != 0) die("close fd");
    }
    for (int k = 0; k < count; k++) {
        if (dup2(parked[k], to[k]) < 0) die("dup2");  /* dup2's copy is inherited by exec */
        if (close(parked[k]) != 0) die("close parked fd");
    }
}

int main(int argc, char **argv) {
    if (argc < 5) {
        errno = EINVAL;
        die("usage: cjspawn UID GID [cg=FD]... [fd=FROM:TO]... -- PROGRAM ARG...");
    }
    long uid = number(argv[1]), gid = number(argv[2]);
    int from[MAX_FDS], to[MAX_FDS], count = 0, nlimits = 0, i = 3;
    char *limits[MAX_FDS];
    for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
        char *colon;
        if (strncmp(argv[i], "cg=", 3) == 0) {
            join_cgroup(argv[i] + 3);
        } else if (strncmp(argv[i], "fd=", 3) == 0 && (colon = strchr(argv[i], ':')) &&
                   count < MAX_FDS) {
            *colon = '\0';
            from[count] = (int)number(argv[i] + 3);
            to[count++] = (int)number(colon + 1);
        } else if (strncmp(argv[i], "rl=", 3) == 0 && nlimits < MAX_FDS) {
            limits[nlimits++] = argv[i] + 3;
        } else {
            errno = EINVAL;
            die(argv[i]);
        }
    }
    renumber(count, from, to);
    /* After renumbering: RLIMIT_NOFILE may be below the descriptors it parks fds at. */
    for (int k = 0; k < nlimits; k++) set_rlimit(limits[k]);
    if (i + 1 >= argc) {
        errno = EINVAL;
        die("no program after --");
    }
    if (gid >= 0) {
        if (setgroups(0, NULL) != 0) die("setgroups");
        if (setresgid((gid_t)gid, (gid_t)gid, (gid_t)gid) != 0) die("setresgid");
    }
    if (uid >= 0 && setresuid((uid_t)uid, (uid_t)uid, (uid_t)uid) != 0) die("setresuid");
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) die("no_new_privs");
    execv(argv[i + 1], &argv[i + 1]);
    die(argv[i + 1]);
}

/* codejudge's stack guard, compiled beside every C and C++ program (stdio and function
 * problems) as a file of its own: nothing in it is visible to the program.
 *
 * A program that overflows the main thread's stack (RLIMIT_STACK, see base.stack_kb) gets a
 * SIGSEGV like any other bad access. This handler, on an alternate stack since the real one
 * is full, writes one line naming the overflow to stderr when the faulting address lies at
 * the stack's limit, then lets the same signal kill the program as it would have: the host
 * sees the signal, and the line turns "killed by signal 11" into "stack overflow (stack
 * limit N MiB)". Any other fault, and a program's own SIGSEGV handler, are left as they are.
 * Valid C and C++ (g++ compiles it as C++).
 */
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

static uintptr_t cj_stack_top;   /* about the main stack's highest address */
static uintptr_t cj_stack_limit; /* RLIMIT_STACK in bytes */
static char cj_alt_stack[64 * 1024];
/* The box's stderr as it was at start: a function problem's driver later points fd 2 at its
 * capture of the program's prints, which the host reads as the program's output, not as the
 * run's stderr (where the host looks for this line). */
static int cj_stderr = 2;

static void cj_on_segv(int sig, siginfo_t *info, void *context) {
    (void)context;
    uintptr_t addr = (uintptr_t)info->si_addr;
    uintptr_t depth = cj_stack_top - addr;
    /* The stack cannot grow past top - limit: a fault from 1 MiB above that to 64 MiB below
     * it (one huge frame) is the stack running out. The gap the kernel keeps below a stack
     * this large is free, so nothing else is mapped there. */
    if (addr < cj_stack_top && depth + (1u << 20) >= cj_stack_limit &&
        depth <= cj_stack_limit + (64u << 20)) {
        static const char line[] = "\ncodejudge: stack overflow\n";
        ssize_t ignored = write(cj_stderr, line, sizeof line - 1);
        (void)ignored;
    }
    /* SA_RESETHAND restored the default action: returning re-runs the access, which kills. */
    (void)sig;
}

__attribute__((constructor)) static void cj_stack_guard(void) {
    volatile char here = 0;
    struct rlimit limit;
    if (getrlimit(RLIMIT_STACK, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return;
    int saved = fcntl(2, F_DUPFD_CLOEXEC, 3); /* the lowest free: RLIMIT_NOFILE is small */
    if (saved >= 0) cj_stderr = saved;
    cj_stack_top = (uintptr_t)&here;
    cj_stack_limit = (uintptr_t)limit.rlim_cur;
    stack_t alt;
    memset(&alt, 0, sizeof alt);
    alt.ss_sp = cj_alt_stack;
    alt.ss_size = sizeof cj_alt_stack;
    if (sigaltstack(&alt, NULL) != 0) return;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = cj_on_segv;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESETHAND;
    sigemptyset(&action.sa_mask);
    sigaction(SIGSEGV, &action, NULL);
}

package main

// codejudge's stack setting, compiled beside every Go program (stdio and function problems).
// Goroutine stacks grow until Go's maximum, 1 GB by default: far past any memory limit, so a
// runaway recursion would be an out-of-memory kill. The maximum is set to the run's stack
// limit instead (RLIMIT_STACK, which follows the problem's memory limit), and such a
// recursion ends as Go's own "goroutine stack exceeds" fatal error.

import (
	"runtime/debug"
	"syscall"
)

func init() {
	var limit syscall.Rlimit
	if syscall.Getrlimit(syscall.RLIMIT_STACK, &limit) == nil && limit.Cur > 0 && limit.Cur < 1<<40 {
		debug.SetMaxStack(int(limit.Cur))
	}
}

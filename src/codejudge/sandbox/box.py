"""A running box: reads capped output, enforces time, kills the whole tree. (Its stdin is a
sealed in-memory file the host wrote in full before the start: nothing to feed, and no write
that could wait on a box that stops reading.)

Tool-independent: it needs the process the tool started and, once the tool reports it, the pid
of the box's init process (killing a pid namespace's init kills everything inside it).
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import select
import selectors
import signal
import subprocess
import time
from collections import deque

from codejudge.models.run import RunFacts, RunLimits, Usage
from codejudge.sandbox.cgroups import CgroupUsage, RunCgroup

_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
_CHUNK = 64 * 1024
_SAMPLE_S = 0.02  # how often the host samples the box's CPU time and memory


class _Sink:
    """One pipe read into memory with a byte cap."""

    def __init__(self, fd: int, cap: int) -> None:
        self.fd, self.cap = fd, cap
        self.data = bytearray()


class Box:
    """A started box. Use as a context manager: leaving it kills whatever still runs."""

    def __init__(
        self,
        proc: subprocess.Popen[bytes],
        *,
        limits: RunLimits,
        stdout_fd: int | None,
        stderr_fd: int,
        info_fd: int,
        channel_fd: int | None,
        spawner_rss_kb: int = 0,
        cgroup: RunCgroup | None = None,
        baseline: Usage | None = None,
    ) -> None:
        self._proc, self._limits, self._cgroup = proc, limits, cgroup
        # An empty box's CPU and memory, subtracted from the cgroup's counters.
        self._baseline = baseline or Usage(0, 0)
        self._started = time.monotonic()
        self._sel = selectors.DefaultSelector()
        self._pidfd = os.pidfd_open(proc.pid)
        self._sel.register(self._pidfd, selectors.EVENT_READ, "exit")
        # None: the box's stdout is a pipe the caller handed it (``Sandbox.start(pipes=)``).
        self._stdout = _Sink(stdout_fd, limits.stdout_bytes) if stdout_fd is not None else None
        self._stderr = _Sink(stderr_fd, limits.stderr_bytes)
        self._channel = None
        if channel_fd is not None:
            self._channel = _Sink(channel_fd, limits.channel_line_bytes)
        for sink in (self._stdout, self._stderr, self._channel):
            if sink:
                self._register_read(sink.fd, sink)
        self._info = bytearray()
        self._register_read(info_fd, "info")
        self._lines: deque[bytes] = deque()
        self._lines_bytes = 0  # held in _lines: capped like a line (see _collect)
        self._init_pid: int | None = None
        self._init_pidfd: int | None = None
        self._exited = False
        self._next_sample = 0.0
        self._before_kill = Usage(0, 0)
        self._peak_kb = 0  # the largest resident set sampled from the box's processes
        self._spawner_rss_kb = spawner_rss_kb
        self._facts: RunFacts | None = None
        # time.monotonic() when the box ended: when the judge killed it, else when its end was
        # seen (interactive judging asks whether the validator gave up before the program ended)
        self.ended_at: float | None = None
        self.cpu_limit_hit = self.wall_limit_hit = self.output_limit_hit = False
        # The longest time one of the box's threads has waited for a CPU since the wall clock
        # started (seen so far): the wall deadline moves by it, see _pump.
        self.starved_ms = 0
        self._waited_before: dict[int, int] = {}  # thread id -> its wait (ns) at that start

    # -- context manager ------------------------------------------------------------------

    def __enter__(self) -> Box:
        return self

    def __exit__(self, *exc: object) -> None:
        self.finish()

    def restart_clock(self) -> None:
        """The wall clock of a pre-started box starts when its program is let go."""
        self._started = time.monotonic()

    def restart_starvation(self) -> None:
        """Count waits for a CPU from now on (the start of a test's wall clock) only."""
        self._waited_before = self._waits()
        self.starved_ms = 0

    # -- output ---------------------------------------------------------------------------

    def read_line(self, *, wall_deadline: float, cpu_deadline_ms: int | None) -> bytes | None:
        """The next line of the result channel, or None once the box has ended or was killed.

        ``wall_deadline`` is a ``time.monotonic()`` instant; ``cpu_deadline_ms`` is the box's
        total CPU time at which it is killed. Either kill records the limit that was hit.
        """
        while not self._lines and not self._exited:
            self._pump(wall_deadline, cpu_deadline_ms)
        if not self._lines:
            return None
        line = self._lines.popleft()
        self._lines_bytes -= len(line)
        return line

    def wait(self, *, wall_deadline: float, cpu_deadline_ms: int | None) -> RunFacts:
        """Run to the end (or until a limit kills the box) and report the facts."""
        while not self._exited:
            self._pump(wall_deadline, cpu_deadline_ms)
        return self.finish()

    def usage(self) -> Usage:
        """CPU time and peak memory of the box so far: the cgroup's counters (exact, and they
        include processes already gone), else sampled from the host's /proc. The box cannot
        influence either (beyond its 15-character process name, which the parser skips)."""
        if self._cgroup is not None:
            return self._program_usage(self._cgroup.usage())
        if self._init_pid is None:
            return Usage(0, 0)
        return _tree_usage(self._init_pid)

    # -- ending ---------------------------------------------------------------------------

    def kill(self) -> None:
        """SIGKILL the box's init: the kernel then kills every process in its pid namespace.

        Killing init rather than bwrap keeps the process chain intact, so wait4() on bwrap still
        accounts the CPU time of everything the box ran.
        """
        if self._exited:
            return
        if self.ended_at is None:
            self.ended_at = time.monotonic()  # its output stops now, whenever its exit is seen
        # A dying pid namespace's init auto-reaps its children without adding their CPU time to
        # its own, so wait4() on bwrap under-reports a killed box: keep a sample from just before.
        self._before_kill = self.usage()
        if self._init_pidfd is None:
            self._learn_init()
        if self._init_pidfd is not None:
            with contextlib.suppress(ProcessLookupError):
                signal.pidfd_send_signal(self._init_pidfd, signal.SIGKILL)
        else:
            # Not yet known: kill bwrap itself; --die-with-parent takes the box down with it.
            with contextlib.suppress(ProcessLookupError):
                signal.pidfd_send_signal(self._pidfd, signal.SIGKILL)

    def finish(self) -> RunFacts:
        """Kill whatever still runs, reap it, release every descriptor, and report the facts."""
        if self._facts is not None:
            return self._facts
        if not self._exited:
            self._kill_and_drain()
        _, status, rusage = os.wait4(self._proc.pid, 0)
        self._proc.returncode = os.waitstatus_to_exitcode(status)
        self._await_init()
        wall_ms = int((time.monotonic() - self._started) * 1000)
        counters = None
        if self._cgroup is not None:
            # Every process of the box is gone (bwrap waited for its init, which waited for
            # all): the counters are final, and the cgroup can go as soon as the kernel has
            # detached the exited processes (at once, or at the next box's start).
            counters = self._cgroup.usage()
            self._cgroup.release()
        for key in list(self._sel.get_map().values()):
            os.close(key.fd)
        self._sel.close()
        if self._init_pidfd is not None:
            os.close(self._init_pidfd)
        if counters is not None:
            self._facts = self._cgroup_facts(status, counters, wall_ms)
        else:
            self._facts = self._rusage_facts(status, rusage, wall_ms)
        return self._facts

    def _await_init(self) -> None:
        """Wait until the box's init has exited. bwrap reports the program's exit as soon as
        the program itself ends; its init (killed then by --die-with-parent) exits only once
        every other process of the box's pid namespace is gone, detached ones included. So
        after this, nothing of the box runs, and its cgroup counters are final."""
        if self._init_pidfd is None:
            return
        for attempt in range(2):
            if select.select([self._init_pidfd], [], [], 1.0)[0]:
                return
            if attempt == 0:  # not dying as it should: make it
                with contextlib.suppress(ProcessLookupError):
                    signal.pidfd_send_signal(self._init_pidfd, signal.SIGKILL)

    def _program_usage(self, counters: CgroupUsage) -> Usage:
        return Usage(
            max(0, counters.cpu_ns // 1_000_000 - self._baseline.cpu_ms),
            max(0, counters.peak_bytes // 1024 - self._baseline.memory_kb),
        )

    def _cgroup_facts(self, status: int, counters: CgroupUsage, wall_ms: int) -> RunFacts:
        usage = self._program_usage(counters)
        cpu_ms = usage.cpu_ms
        exit_code, sig = _decode_status(status)
        return RunFacts(
            exit_code=exit_code,
            signal=sig,
            cpu_ms=cpu_ms,
            wall_ms=wall_ms,
            memory_kb=usage.memory_kb,
            cpu_limit_hit=self._cpu_limit_hit(cpu_ms, sig),
            wall_limit_hit=self.wall_limit_hit,
            # The kernel's own word, not a guess from the exit status (137 is any SIGKILL); or
            # a peak over the limit that the cgroup's slack for the box's own processes let
            # through without a kill (the limit is the peak's, not only the OOM killer's).
            memory_limit_hit=counters.oom_kills > 0 or usage.memory_kb > self._limits.memory_kb,
            output_limit_hit=self.output_limit_hit,
            stdout=bytes(self._stdout.data) if self._stdout else b"",
            stderr=bytes(self._stderr.data),
            oom_killed=counters.oom_kills > 0,
            cgroup=self._cgroup.version if self._cgroup else "",
        )

    def _cpu_limit_hit(self, cpu_ms: int, sig: int | None) -> bool:
        return self.cpu_limit_hit or cpu_ms > self._limits.cpu_ms or sig == signal.SIGXCPU

    def _rusage_facts(self, status: int, rusage: resource.struct_rusage, wall_ms: int) -> RunFacts:
        cpu_ms = max(int((rusage.ru_utime + rusage.ru_stime) * 1000), self._before_kill.cpu_ms)
        # bwrap was forked from the judge, and a forked child's ru_maxrss starts at its parent's
        # resident set: the kernel's figure says something about the box only when it is above
        # what the judge had. Below that, the /proc samples are all we know (cgroups: issue 4).
        maxrss = int(rusage.ru_maxrss)
        trusted = maxrss if maxrss > self._spawner_rss_kb + 1024 else 0
        memory_kb = max(trusted, self._peak_kb, self._before_kill.memory_kb)
        exit_code, sig = _decode_status(status)
        limits = self._limits
        return RunFacts(
            exit_code=exit_code,
            signal=sig,
            cpu_ms=cpu_ms,
            wall_ms=wall_ms,
            memory_kb=memory_kb,
            cpu_limit_hit=self._cpu_limit_hit(cpu_ms, sig),
            wall_limit_hit=self.wall_limit_hit,
            memory_limit_hit=memory_kb >= limits.memory_kb,
            output_limit_hit=self.output_limit_hit,
            stdout=bytes(self._stdout.data) if self._stdout else b"",
            stderr=bytes(self._stderr.data),
        )

    # -- the event loop -------------------------------------------------------------------

    def _pump(self, wall_deadline: float, cpu_deadline_ms: int | None) -> None:
        """Wait for one batch of events, at most one CPU-poll interval long."""
        now = time.monotonic()
        if now >= wall_deadline + self.starved_ms / 1000:
            # On a loaded host a busy program waits for a CPU: that wait is the host's, not the
            # program's (a sleep or a blocked read is), so the deadline moves by it. Only a
            # runnable thread waits, and running ones use CPU time, which has its own limit.
            starved = self._starved_now()
            if starved <= self.starved_ms:
                self.wall_limit_hit = True
                return self._kill_and_drain()
            self.starved_ms = starved
        if now >= self._next_sample and self._init_pid is not None:
            self._next_sample = now + _SAMPLE_S
            usage = self.usage()
            self._peak_kb = max(self._peak_kb, usage.memory_kb)
            if cpu_deadline_ms is not None and usage.cpu_ms >= cpu_deadline_ms:
                self.cpu_limit_hit = True
                return self._kill_and_drain()
        for key, _ in self._sel.select(min(wall_deadline - now, _SAMPLE_S)):
            self._dispatch(key)
        return None

    def _starved_now(self) -> int:
        """The longest time (ms) any live thread of the box has spent runnable but waiting for
        a CPU since ``restart_starvation``; 0 if unknown."""
        before = self._waited_before
        waits = self._waits().items()
        return max((ns - before.get(tid, 0) for tid, ns in waits), default=0) // 1_000_000

    def _waits(self) -> dict[int, int]:
        """Each live thread's total wait for a CPU so far (ns: the second field of
        ``/proc/PID/task/TID/schedstat``), by thread id."""
        waits: dict[int, int] = {}
        todo = [self._init_pid] if self._init_pid is not None else []
        while todo:
            pid = todo.pop()
            with contextlib.suppress(OSError, ValueError, IndexError):
                for tid in os.listdir(f"/proc/{pid}/task"):
                    with open(f"/proc/{pid}/task/{tid}/schedstat", "rb") as f:
                        waits[int(tid)] = int(f.read().split()[1])
                with open(f"/proc/{pid}/task/{pid}/children", "rb") as f:
                    todo.extend(int(c) for c in f.read().split())
        return waits

    def _dispatch(self, key: selectors.SelectorKey) -> None:
        if self._exited or self._sel.get_map().get(key.fd) is not key:
            # An earlier event of the same batch (the exit drains and closes everything) has
            # already dealt with it; its descriptor number may even belong to something new.
            return
        if key.data == "exit":
            self._on_exit()
        else:
            self._read(key.fd, key.data)

    def _learn_init(self) -> None:
        """Read what bwrap has written of its info (the init's pid) and not been read yet: a
        box killed before its output was ever read (a prepared box never run) is otherwise
        killed through bwrap, whose --die-with-parent takes the box down only after finish()
        has returned."""
        for key in list(self._sel.get_map().values()):
            if key.data == "info":
                while self._init_pidfd is None and self._read(key.fd, "info"):
                    pass

    def _kill_and_drain(self) -> None:
        self.kill()
        while not self._exited:
            for key, _ in self._sel.select(1.0):
                self._dispatch(key)

    def _on_exit(self) -> None:
        # bwrap has exited, so every process of the box is gone (a pid namespace's init waits
        # for all of them): whatever the pipes still hold is complete. Drain and stop.
        if self.ended_at is None:
            self.ended_at = time.monotonic()
        self._sel.unregister(self._pidfd)
        os.close(self._pidfd)
        for key in list(self._sel.get_map().values()):
            while self._read(key.fd, key.data):
                pass
        self._exited = True

    def _read(self, fd: int, what: object) -> bool:
        """Read one chunk; False at end of file or when nothing is there right now."""
        try:
            data = os.read(fd, _CHUNK)
        except BlockingIOError:
            return False
        if not data:
            self._sel.unregister(fd)
            os.close(fd)
            return False
        if what == "info":
            self._on_info(data)
        elif isinstance(what, _Sink):
            self._collect(what, data)
        return True

    def _collect(self, sink: _Sink, data: bytes) -> None:
        sink.data += data
        if sink is self._channel and b"\n" in data:
            *lines, rest = sink.data.split(b"\n")
            self._lines.extend(bytes(line) for line in lines)
            self._lines_bytes += sum(map(len, lines))
            sink.data = bytearray(rest)
            if self._lines_bytes > 2 * sink.cap:
                # Lines the host has not asked for yet (a driver is ahead by a few tests at
                # most): a program flooding the channel with short lines is stopped too.
                self.output_limit_hit = True
                self.kill()
        if len(sink.data) > sink.cap:
            # Stop at the cap and stop the box: reading on would let it make us buffer forever.
            del sink.data[sink.cap :]
            self.output_limit_hit = True
            self.kill()

    def _on_info(self, data: bytes) -> None:
        self._info += data
        try:
            pid = int(json.loads(self._info)["child-pid"])
        except (ValueError, KeyError, TypeError):
            return  # incomplete yet
        pidfd = os.pidfd_open(pid)
        # The pidfd pins *a* process with that pid; it is the box's init only if its parent is
        # our bwrap (bwrap forks once, so a recycled pid cannot have that parent).
        if _parent_pid(pid) == self._proc.pid:
            self._init_pid, self._init_pidfd = pid, pidfd
        else:
            os.close(pidfd)

    def _register_read(self, fd: int, data: object) -> None:
        os.set_blocking(fd, False)
        self._sel.register(fd, selectors.EVENT_READ, data)


def _decode_status(status: int) -> tuple[int | None, int | None]:
    if os.WIFSIGNALED(status):
        return None, os.WTERMSIG(status)
    code = os.WEXITSTATUS(status)
    # bwrap reports a program killed by signal N as exit code 128 + N (like a shell does), so a
    # program that exits with such a code on purpose is read as killed; both are crashes anyway.
    if 128 < code < 128 + signal.NSIG:
        return None, code - 128
    return code, None


def _parent_pid(pid: int) -> int | None:
    stat = _read_stat(pid)
    return int(stat[1]) if stat else None


def _read_stat(pid: int) -> list[bytes] | None:
    """Fields of /proc/PID/stat after the process name (which may contain spaces and ')')."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            data = f.read()
    except OSError:
        return None
    return data[data.rindex(b")") + 2 :].split()


def _tree_usage(root: int) -> Usage:
    ticks, peak_kb, todo = 0, 0, [root]
    while todo:
        pid = todo.pop()
        stat = _read_stat(pid)
        if stat is None:
            continue
        ticks += sum(int(x) for x in stat[11:15])  # utime stime cutime cstime
        peak_kb = max(peak_kb, _peak_rss_kb(pid))
        try:
            with open(f"/proc/{pid}/task/{pid}/children", "rb") as f:
                todo.extend(int(c) for c in f.read().split())
        except OSError:
            continue
    return Usage(cpu_ms=ticks * 1000 // _CLOCK_TICKS, memory_kb=peak_kb)


def current_rss_kb(pid: int | str = "self") -> int:
    return _peak_rss_kb(pid, b"VmRSS:")


def _peak_rss_kb(pid: int | str, field: bytes = b"VmHWM:") -> int:
    try:
        with open(f"/proc/{pid}/status", "rb") as f:
            for line in f:
                if line.startswith(field):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0

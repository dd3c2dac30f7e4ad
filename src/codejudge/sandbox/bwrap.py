"""The bubblewrap adapter of the ``Sandbox`` Protocol: a ``SandboxPolicy`` enforced by
bubblewrap (namespaces, mounts, seccomp) + prlimit (rlimits) + the run's cgroup (memory,
processes, CPU accounting).

rlimits: in a box with a cgroup, the spawner sets them before it execs bwrap (bwrap and the
program inherit them), all but RLIMIT_NPROC, which would count the processes of every box
against the one host uid they share: the pids cgroup limits processes instead. Without a cgroup,
util-linux ``prlimit`` sets them inside the box (RLIMIT_NPROC and an address-space limit
included) and execs the program: one exec more, about 0.8 ms.

A box is started by the spawner helper (``spawn.c``): the judge vfork+execs it (cheap), it joins
the run's cgroups, drops to the box's host uid, sets no_new_privs and execs bwrap.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import shutil
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from codejudge.exceptions import SandboxUnavailable
from codejudge.models.run import CHANNEL_FD, InputFile, Mount, RunFacts, RunLimits, Usage
from codejudge.sandbox import cgroups, seccomp, starts
from codejudge.sandbox.argv import PRLIMIT, bwrap_argv, spawner_rlimits
from codejudge.sandbox.box import Box, current_rss_kb
from codejudge.sandbox.cgroups import CgroupMode, Cgroups, RunCgroup
from codejudge.sandbox.fds import Descriptors, Ends, open_ends
from codejudge.sandbox.policy import SandboxPolicy
from codejudge.sandbox.prepared import PreparedBox, Started
from codejudge.sandbox.spawner import gate_path, spawner_path

log = logging.getLogger(__name__)

# Processes of a box besides the program's: bwrap itself and the box's init.
_BOX_PROCESSES = 2
# Memory a box's cgroup is charged before the program starts (bwrap's two processes, prlimit):
# added to the cgroup's hard limit, so the program gets all of ``memory_kb`` and no more (see
# Box for the reporting side). Until ``check()`` has measured an empty box, a safe guess; then
# the measured charge plus the slack it varies by between runs (about 0.2 MiB here).
BOX_MEMORY_OVERHEAD_KB = 4096
BOX_MEMORY_SLACK_KB = 512
GATE_PATH = "/.cjgate"  # in a pre-started box, outside the work dir
_INSTALL_HINT = (
    "install bubblewrap and util-linux (`apt-get install bubblewrap util-linux`) and allow "
    "unprivileged user namespaces (sysctl user.max_user_namespaces > 0; on Debian also "
    "kernel.unprivileged_userns_clone=1)"
)
_CHECK_LIMITS = RunLimits(cpu_ms=1000, wall_ms=5000)
_POLICIES = 64  # policies with extra mounts kept (one per language, per compile /tmp size)


@dataclass(frozen=True, slots=True)
class _Request:
    """One box to start: the arguments of ``start``/``prepare``."""

    command: Sequence[str]
    limits: RunLimits
    files: Sequence[InputFile] = ()
    env: Sequence[tuple[str, str]] = ()
    mounts: Sequence[Mount] = ()
    channel: bool = False
    stdin: bytes = b""
    gated: bool = False  # waits at its gate for the host's word (``prepare``)
    pipes: tuple[int, int] | None = None


class BwrapSandbox:
    """Runs commands in bubblewrap boxes confined by one ``SandboxPolicy`` (plus each call's
    ``mounts``); the ``Sandbox`` Protocol's implementation.

    ``cgroups`` chooses the cgroup version (``auto``: v2 where usable, else v1, else rlimits
    only, logged loudly); ``spawner=False`` starts bwrap from Python directly (slower, and
    without cgroups, since nothing could join them before the box starts).
    """

    def __init__(
        self,
        policy: SandboxPolicy | None = None,
        *,
        bwrap: str = "bwrap",
        cgroups: CgroupMode | str = CgroupMode.AUTO,
        spawner: bool = True,
    ) -> None:
        self.policy = policy or SandboxPolicy()
        self._bwrap = shutil.which(bwrap) or bwrap
        self._checked = False
        self._spawner = spawner_path() if spawner else None
        mode = CgroupMode(cgroups)
        if self._spawner is None and mode != CgroupMode.NONE:
            log.error("SANDBOX WITHOUT CGROUPS: no spawner helper (disabled or not built)")
            mode = CgroupMode.NONE
        self.cgroups: Cgroups | None = cgroups_detect(mode)
        self._seccomp_bpf()  # fail now, not at the first run, if libseccomp is missing
        self._baseline = self._gate_baseline = Usage(0, 0)
        gate = gate_path() if self._spawner else None
        self._gate = Path(gate).read_bytes() if gate else None
        # The policy with each set of extra mounts a call asked for (a language's, a compile
        # box's /tmp): a handful per process, each made once.
        self._policies: dict[tuple[Mount, ...], SandboxPolicy] = {(): self.policy}

    @property
    def cgroup_version(self) -> str:
        """ "v1", "v2", or "" when memory and processes are limited by rlimits only."""
        return self.cgroups.version if self.cgroups else ""

    def check(self) -> None:
        """Start one trivial box; raise ``SandboxUnavailable`` telling the operator what to fix."""
        if self._checked:
            return
        for tool in (self._bwrap, PRLIMIT):
            if not os.access(tool, os.X_OK):
                raise SandboxUnavailable(f"{tool} not found: {_INSTALL_HINT}")
        try:
            facts = self.run(["/usr/bin/true"], limits=_CHECK_LIMITS)
        except OSError as e:
            raise SandboxUnavailable(f"cannot start bubblewrap ({e}): {_INSTALL_HINT}") from e
        if facts.exit_code != 0:
            detail = facts.stderr.decode(errors="replace").strip()
            raise SandboxUnavailable(f"bubblewrap cannot create a box ({detail}): {_INSTALL_HINT}")
        if self.cgroups is not None:
            # What an empty box costs (bwrap's processes, prlimit): not the program's, so it is
            # subtracted from every run's figures. The same for a pre-started one (its gate).
            self._baseline = Usage(facts.cpu_ms, facts.memory_kb)
            with self.prepare(["/usr/bin/true"], limits=_CHECK_LIMITS) as prepared:
                gated = prepared.run()
            if gated.exit_code == 0:
                self._gate_baseline = Usage(gated.cpu_ms, gated.memory_kb)
        self._checked = True

    def collect_cgroups(self, wait: bool = True) -> int:
        """Remove the cgroups of finished runs that are still there (see ``RunCgroup.release``);
        returns how many are left."""
        return cgroups.collect(wait) if self.cgroups is not None else 0

    def available(self) -> bool:
        try:
            self.check()
        except SandboxUnavailable:
            return False
        return True

    def run(
        self,
        command: Sequence[str],
        *,
        limits: RunLimits,
        files: Sequence[InputFile] = (),
        stdin: bytes = b"",
        env: Sequence[tuple[str, str]] = (),
        mounts: Sequence[Mount] = (),
    ) -> RunFacts:
        """Run ``command`` to completion (or until a limit stops it) with ``stdin`` as input."""
        request = _Request(command, limits, files, env, mounts, stdin=stdin)
        with self._in_cgroup(request).box as box:
            deadline = time.monotonic() + limits.wall_ms / 1000
            return box.wait(wall_deadline=deadline, cpu_deadline_ms=limits.cpu_ms)

    def start(
        self,
        command: Sequence[str],
        *,
        limits: RunLimits,
        files: Sequence[InputFile] = (),
        env: Sequence[tuple[str, str]] = (),
        mounts: Sequence[Mount] = (),
        channel: bool = False,
        stdin: bytes = b"",
        pipes: tuple[int, int] | None = None,
    ) -> Box:
        """Start ``command`` in a new box with ``stdin`` as its standard input (a sealed
        in-memory file: the box reads it at its own pace, to end of file). With ``channel``,
        the box gets one more pipe for results; ``CHANNEL_FD`` in the command becomes its
        descriptor number. ``pipes`` (read end, write end) replaces both: the box's stdin and
        stdout are those pipe ends (an interactive problem's program and its validator talk
        through two pipes), and its stdout is not captured. The caller keeps its descriptors.
        ``mounts``: extra mounts for this box (see ``SandboxPolicy.with_mounts``)."""
        request = _Request(command, limits, files, env, mounts, channel, stdin, pipes=pipes)
        return self._in_cgroup(request).box

    def prepare(
        self,
        command: Sequence[str],
        *,
        limits: RunLimits,
        files: Sequence[InputFile] = (),
        env: Sequence[tuple[str, str]] = (),
        mounts: Sequence[Mount] = (),
        channel: bool = False,
    ) -> PreparedBox:
        """Set up a box for ``command`` now and run it later (``PreparedBox.run``) with the
        stdin known by then: the set-up (namespaces, mounts, cgroup, seccomp, the file copies)
        overlaps whatever the caller does meanwhile, such as the previous test's run. The
        command does not start before ``run``: a gate (``gate.c``) waits in the box for the
        host's word. Without the spawner the box is only started at ``run``. ``channel`` and
        ``mounts`` as for ``start``."""
        request = _Request(command, limits, files, env, mounts, channel)

        def start_now(stdin: bytes) -> Box:
            return self._in_cgroup(dataclasses.replace(request, stdin=stdin)).box

        if self._gate is None:
            return PreparedBox(start_now, limits, None)
        started = self._in_cgroup(dataclasses.replace(request, gated=True))
        return PreparedBox(start_now, limits, started)

    def _in_cgroup(self, request: _Request) -> Started:
        """``_start`` in a new run cgroup, which goes again if the box cannot start."""
        began = time.monotonic()
        cgroup = self._cgroup(request.limits, request.files)
        try:
            started = self._start(request, cgroup)
            starts.started(time.monotonic() - began)
            return started
        except BaseException:
            if cgroup is not None:
                cgroup.remove()
            raise

    def _seccomp_bpf(self) -> bytes | None:
        policy = self.policy.seccomp  # compiled once per policy (``seccomp.compile_bpf``)
        return seccomp.compile_bpf(policy) if policy is not None else None

    def _policy(self, mounts: Sequence[Mount]) -> SandboxPolicy:
        key = tuple(mounts)
        found = self._policies.get(key)
        if found is None:
            if len(self._policies) > _POLICIES:
                self._policies = {(): self.policy}
            found = self._policies.setdefault(key, self.policy.with_mounts(key))
        return found

    def _cgroup(self, limits: RunLimits, files: Sequence[InputFile]) -> RunCgroup | None:
        if self.cgroups is None:
            return None
        memory = self.cgroup_memory_bytes(limits, files)
        return self.cgroups.create(memory, limits.processes + _BOX_PROCESSES)

    def cgroup_memory_bytes(self, limits: RunLimits, files: Sequence[InputFile] = ()) -> int:
        """The hard limit of a run's memory cgroup: ``limits.memory_kb`` (the program's) plus
        what the empty box itself is charged and the files placed in it. A program that stays
        below ``memory_kb`` is never killed; one that goes on allocating past it is OOM-killed
        within a MiB or so, and anything between is reported by its peak
        (``RunFacts.memory_limit_hit``)."""
        box_kb = BOX_MEMORY_OVERHEAD_KB
        if self._checked:
            box_kb = max(self._baseline.memory_kb, self._gate_baseline.memory_kb)
            box_kb += BOX_MEMORY_SLACK_KB
        return (limits.memory_kb + box_kb + files_kb(files)) * 1024

    def _charged_before(self, gated: bool, files: Sequence[InputFile]) -> Usage:
        """What a box is charged before its program runs: subtracted from its counters."""
        empty = self._gate_baseline if gated else self._baseline
        return Usage(empty.cpu_ms, empty.memory_kb + files_kb(files))

    def _start(self, request: _Request, cgroup: RunCgroup | None) -> Started:
        limits = request.limits
        with Descriptors() as fds:
            ends = open_ends(
                fds, request.stdin, channel=request.channel, gated=request.gated,
                pipes=request.pipes,
            )  # fmt: skip
            box_files = list(request.files)
            if request.gated:
                assert self._gate is not None
                box_files.append(InputFile(GATE_PATH, self._gate, 0o555))
            file_fds = [(fds.memfd(f.data), f.path, f.mode) for f in box_files]
            bpf = self._seccomp_bpf()
            seccomp_fd = fds.memfd(bpf) if bpf is not None else None
            box_fd = self._box_fds(ends, seccomp_fd, [fd for fd, _, _ in file_fds])
            # A cgroup means the spawner is in use (see __init__): it sets the rlimits.
            argv = bwrap_argv(
                self._policy(request.mounts), limits, _command(request, ends, box_fd),
                files=[(box_fd[fd], path, mode) for fd, path, mode in file_fds],
                info_fd=box_fd[ends.info_w], env=request.env, address_space=cgroup is None,
                seccomp_fd=box_fd[seccomp_fd] if seccomp_fd is not None else None,
                prlimit=cgroup is None,
            )  # fmt: skip
            procs = fds.adopt(cgroup.procs_fds()) if cgroup is not None else []
            largest = max((len(f.data) for f in box_files), default=0)
            rlimits = spawner_rlimits(limits, largest) if cgroup is not None else []
            spawner_rss_kb = current_rss_kb()
            stdio = (ends.stdin, ends.stdout_w, ends.stderr_w)
            proc = self._popen(argv, procs, box_fd, stdio, rlimits)
            # The parent keeps only its ends; everything else is closed when this block ends.
            ends.keep_hosts(fds)
            box = Box(
                proc, limits=limits, stdout_fd=ends.stdout_r, stderr_fd=ends.stderr_r,
                info_fd=ends.info_r, channel_fd=ends.channel_r, spawner_rss_kb=spawner_rss_kb,
                cgroup=cgroup, baseline=self._charged_before(request.gated, request.files),
            )  # fmt: skip
            return Started(box, ends.go_w, ends.stdin if request.gated else None)

    def _box_fds(self, ends: Ends, seccomp_fd: int | None, file_fds: list[int]) -> dict[int, int]:
        """The host's descriptors the box inherits, and their numbers in the box: with the
        spawner 3, 4, ... (the channel first), stable whatever the judge has open."""
        extra = (ends.channel_w, ends.info_w, seccomp_fd, ends.go_r)
        inherited = [*(fd for fd in extra if fd is not None), *file_fds]
        return {fd: n + 3 if self._spawner else fd for n, fd in enumerate(inherited)}

    def _popen(
        self,
        argv: list[str],
        procs: list[int],
        box_fd: dict[int, int],
        stdio: tuple[int, int, int],
        rlimits: list[str],
    ) -> subprocess.Popen[bytes]:
        run_as = self.policy.run_as()
        if self._spawner is not None:
            # No user/group change in Python, so subprocess can vfork: the helper changes them.
            uid, gid = run_as if run_as else (-1, -1)
            head = [self._spawner, str(uid), str(gid), *(f"cg={fd}" for fd in procs)]
            head += [f"fd={fd}:{n}" for fd, n in box_fd.items()]
            head += rlimits
            return subprocess.Popen(
                [*head, "--", self._bwrap, *argv],
                stdin=stdio[0],
                stdout=stdio[1],
                stderr=stdio[2],
                pass_fds=[*procs, *box_fd],
                env={},  # nothing of the host's environment, not even for bwrap itself
                start_new_session=True,
            )
        return subprocess.Popen(
            [self._bwrap, *argv],
            stdin=stdio[0],
            stdout=stdio[1],
            stderr=stdio[2],
            pass_fds=list(box_fd),
            env={},
            start_new_session=True,
            user=run_as[0] if run_as else None,
            group=run_as[1] if run_as else None,
            extra_groups=[] if run_as else None,
        )


def _command(request: _Request, ends: Ends, box_fd: dict[int, int]) -> list[str]:
    """The command as the box runs it: the channel's number in place of ``CHANNEL_FD``, and
    behind the gate if the box waits for the host's word."""
    command = list(request.command)
    if ends.channel_w is not None:
        command = [arg.replace(CHANNEL_FD, str(box_fd[ends.channel_w])) for arg in command]
    if ends.go_r is not None:
        command = [GATE_PATH, str(box_fd[ends.go_r]), "--", *command]
    return command


def files_kb(files: Sequence[InputFile]) -> int:
    """What the files placed in a box are charged to its memory cgroup (bwrap copies each into
    a tmpfs file of the box's): the program itself, a driver, a spec. They are the judge's
    copies, not memory the program allocated, so a peak is reported without them: a program
    with 200 MB of static data is charged the 200 MB it maps, not twice that."""
    return sum(-(-len(f.data) // 4096) * 4 for f in files)


def cgroups_detect(mode: CgroupMode) -> Cgroups | None:
    try:
        return cgroups.detect(mode)
    except cgroups.CgroupUnavailable as e:
        raise SandboxUnavailable(str(e)) from e

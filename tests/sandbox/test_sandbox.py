"""The sandbox against real bubblewrap and real processes: confinement, limits, facts."""

from __future__ import annotations

import dataclasses
import logging
import os
import resource
import signal
import time
import uuid
from collections.abc import Sequence

import pytest

from codejudge.exceptions import SandboxUnavailable
from codejudge.sandbox import (
    InputFile,
    RoBind,
    RunFacts,
    RunLimits,
    Sandbox,
    SandboxPolicy,
    SeccompPolicy,
    Tmpfs,
    bwrap,
    bwrap_argv,
    compile_bpf,
    prlimit_argv,
    spawner_rlimits,
)
from codejudge.sandbox.bwrap import BwrapSandbox

PY = "/usr/bin/python3"
LIMITS = RunLimits(cpu_ms=1000, wall_ms=3000, memory_kb=128 * 1024, stdout_bytes=64 * 1024)


@pytest.fixture(scope="module")
def sandbox() -> Sandbox:
    box = BwrapSandbox()
    box.check()
    return box


def python(sandbox: Sandbox, code: str, *, limits: RunLimits = LIMITS, **kw: object) -> RunFacts:
    return sandbox.run([PY, "-c", code], limits=limits, **kw)  # type: ignore[arg-type]


def host_processes_with(marker: str) -> list[int]:
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if marker.encode() in f.read():
                    found.append(int(pid))
        except OSError:
            continue
    return found


# -- pure: the policy as arguments ---------------------------------------------------------


def test_bwrap_argv_unshares_everything_and_places_files_before_read_only_remounts() -> None:
    """Policy is data; the adapter's output is checkable without a kernel."""
    argv = bwrap_argv(SandboxPolicy(), LIMITS, ["prog", "arg"], files=[(7, "/box/a")], info_fd=9)
    for flag in ("--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent",
                 "--new-session", "--clearenv"):  # fmt: skip
        assert flag in argv
    assert argv[argv.index("--uid") + 1] == "65534"
    assert argv.index("--ro-bind-data") < argv.index("--remount-ro")
    assert argv[-2:] == ["prog", "arg"]
    assert argv[argv.index("--info-fd") + 1] == "9"


def test_spawner_rlimits_leave_processes_and_memory_to_the_cgroup() -> None:
    args = spawner_rlimits(RunLimits(cpu_ms=300, file_size_bytes=1000, open_files=9), 5000)
    values = {int(a[3:].split(":")[0]): a.split(":", 1)[1] for a in args}
    assert values[resource.RLIMIT_CPU] == "2:3"
    assert values[resource.RLIMIT_FSIZE] == "5000:5000"  # bwrap copies a 5000-byte input file
    assert values[resource.RLIMIT_NOFILE] == "9:9"
    assert resource.RLIMIT_NPROC not in values and resource.RLIMIT_AS not in values


def test_prlimit_argv_rounds_cpu_up_to_whole_seconds_as_a_backstop() -> None:
    argv = prlimit_argv(RunLimits(cpu_ms=300, memory_kb=1024, processes=5))
    assert "--cpu=2:3" in argv
    assert f"--as={1024 * 1024}" in argv
    assert "--nproc=5" in argv
    assert "--core=0" in argv


def test_no_address_space_limit_when_a_cgroup_limits_memory() -> None:
    """The JVM and Go reserve far more address space than they use."""
    assert not [a for a in prlimit_argv(RunLimits(), address_space=False) if "--as" in a]


def test_bwrap_argv_seccomp_modes_and_only_three_devices() -> None:
    files = [(3, "/box/a", 0o555)]
    argv = bwrap_argv(SandboxPolicy(), LIMITS, ["p"], files=files, info_fd=4, seccomp_fd=5)
    assert argv[argv.index("--seccomp") + 1] == "5"
    assert argv[argv.index("--perms") + 1] == "555"
    assert argv.index("--perms") + 2 == argv.index("--ro-bind-data")
    devices = [argv[i + 1] for i, a in enumerate(argv) if a == "--dev-bind"]
    assert devices == ["/dev/null", "/dev/zero", "/dev/urandom"]
    assert "--dev" not in argv


def test_extra_mounts_replace_the_policys_at_their_destination_else_come_after() -> None:
    """A language's toolchain folders are appended; a compile box's larger /tmp replaces the
    policy's in place. The policy itself is unchanged (a new one is returned)."""
    policy = SandboxPolicy()
    tmp = Tmpfs("/tmp", 512 << 20)
    toolchain = RoBind("/opt/toolchain", "/opt/toolchain")
    merged = policy.with_mounts([toolchain, tmp])
    assert merged.mounts[: len(policy.mounts)] == tuple(
        tmp if getattr(m, "dest", None) == "/tmp" else m for m in policy.mounts
    )
    assert merged.mounts[-1] == toolchain and len(merged.mounts) == len(policy.mounts) + 1
    assert policy == SandboxPolicy() and policy.with_mounts([]) is policy
    argv = bwrap_argv(merged, LIMITS, ["p"], files=[], info_fd=4)
    assert "/opt/toolchain" in argv and str(512 << 20) in argv and str(16 << 20) not in argv


def test_seccomp_filter_compiles_to_bpf() -> None:
    """libseccomp through ctypes: a whole number of 8-byte BPF instructions, cached."""
    bpf = compile_bpf(SeccompPolicy())
    assert len(bpf) % 8 == 0 and len(bpf) > 8 * 50
    assert compile_bpf(SeccompPolicy()) is bpf
    smaller = compile_bpf(SeccompPolicy(deny=("ptrace",), deny_clone_flags=()))
    assert len(smaller) < len(bpf)


def test_limits_must_be_positive() -> None:
    with pytest.raises(ValueError, match="cpu_ms"):
        RunLimits(cpu_ms=0)


# -- availability ---------------------------------------------------------------------------


@pytest.mark.timeout(10)
def test_missing_bwrap_is_reported_with_the_install_command() -> None:
    with pytest.raises(SandboxUnavailable, match="apt-get install bubblewrap"):
        BwrapSandbox(bwrap="/nonexistent/bwrap").check()
    assert not BwrapSandbox(bwrap="/nonexistent/bwrap").available()


# -- data in and out ------------------------------------------------------------------------


@pytest.mark.timeout(10)
def test_stdin_files_and_stdout_round_trip(sandbox: Sandbox) -> None:
    """Inputs arrive through a pipe and a memfd; no host path is involved."""
    code = "import sys; print(sys.stdin.read().upper() + open('/box/in.txt').read())"
    facts = python(sandbox, code, stdin=b"abc", files=[InputFile("/box/in.txt", b"-def")])
    assert facts.exit_code == 0
    assert facts.stdout == b"ABC-def\n"
    assert facts.cpu_ms >= 0 and facts.wall_ms > 0


@pytest.mark.timeout(10)
def test_peak_memory_is_the_programs_not_the_judges_or_bwraps(sandbox: Sandbox) -> None:
    """The cgroup's peak, less what an empty box costs: the program's own figure."""
    empty = sandbox.run(["/usr/bin/true"], limits=LIMITS)
    assert empty.memory_kb < 1024 and empty.cpu_ms < 5
    small = python(sandbox, "pass")
    assert small.memory_kb < 40 * 1024
    code = "import time\nx = bytearray(60 * 1024 * 1024)\ntime.sleep(0.1)"
    big = python(sandbox, code, limits=RunLimits(memory_kb=256 * 1024))
    assert 60 * 1024 <= big.memory_kb < 80 * 1024


@pytest.mark.timeout(10)
def test_large_stdin_does_not_deadlock(sandbox: Sandbox) -> None:
    """stdin is a file written before the start: a box that reads it while writing a lot of
    output, or that never reads it at all, cannot block the host."""
    data = b"x" * (8 * 1024 * 1024)
    facts = python(
        sandbox,
        "import sys; d = sys.stdin.buffer.read(); sys.stdout.write(str(len(d)) + 'y' * 200000)",
        stdin=data,
        limits=RunLimits(cpu_ms=2000, wall_ms=5000, stdout_bytes=1 << 20),
    )
    assert facts.stdout.startswith(b"8388608")
    sleeper = python(sandbox, "import time; time.sleep(30)", stdin=data,
                     limits=RunLimits(cpu_ms=1000, wall_ms=500))  # fmt: skip
    assert sleeper.wall_limit_hit


@pytest.mark.timeout(10)
def test_stdin_is_sealed(sandbox: Sandbox) -> None:
    """The box reads its input but can neither change nor resize it."""
    code = (
        "import os\n"
        "for what, act in (('write', lambda: os.pwrite(0, b'Z', 0)), "
        "('truncate', lambda: os.ftruncate(0, 0))):\n"
        "    try: act(); print(what, 'allowed')\n"
        "    except OSError as e: print(what, 'refused', e.errno)\n"
        "print(os.read(0, 5).decode())\n"
    )
    facts = python(sandbox, code, stdin=b"hello")
    lines = facts.stdout.decode().split("\n")
    assert lines[0].startswith("write refused") and lines[1].startswith("truncate refused")
    assert lines[2] == "hello"


@pytest.mark.timeout(10)
def test_rlimits_hold_inside_the_box(sandbox: Sandbox) -> None:
    """With a cgroup the spawner sets them (no prlimit inside the box); without, prlimit does.
    Either way the program sees the run's limits."""
    limits = RunLimits(cpu_ms=1500, open_files=40, file_size_bytes=1 << 20, stack_kb=8192)
    code = (
        "import resource as r\n"
        "for n in ('CPU', 'NOFILE', 'FSIZE', 'STACK', 'CORE'):\n"
        "    print(n, *r.getrlimit(getattr(r, 'RLIMIT_' + n)))\n"
    )
    expected = {"CPU": "3 4", "NOFILE": "40 40", "FSIZE": f"{1 << 20} {1 << 20}",
                "STACK": f"{8192 * 1024} {8192 * 1024}", "CORE": "0 0"}  # fmt: skip
    for box in (sandbox, BwrapSandbox(cgroups="none", spawner=False)):
        facts = python(box, code, limits=limits)
        seen = dict(line.split(" ", 1) for line in facts.stdout.decode().splitlines())
        assert seen == expected, box.cgroup_version


@pytest.mark.timeout(10)
def test_environment_is_clean(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing of the host's environment (e.g. CODEJUDGE_* settings) reaches the box."""
    monkeypatch.setenv("CODEJUDGE_SECRET", "hunter2")
    facts = python(sandbox, "import os; print(sorted(os.environ))")
    names = eval(facts.stdout)  # a list of names printed by repr
    assert not [n for n in names if n.startswith("CODEJUDGE")]
    assert set(names) <= {"PATH", "HOME", "LANG", "PWD", "LC_CTYPE"}


@pytest.mark.timeout(10)
def test_runs_as_unprivileged_user_without_capabilities(sandbox: Sandbox) -> None:
    code = (
        "import os\n"
        "caps = [l for l in open('/proc/self/status') if l.startswith('CapEff')]\n"
        "print(os.getuid(), os.getgid(), caps[0].split()[1])"
    )
    assert python(sandbox, code).stdout.split() == [b"65534", b"65534", b"0000000000000000"]


# -- confinement ----------------------------------------------------------------------------


@pytest.mark.timeout(10)
def test_network_is_unreachable(sandbox: Sandbox) -> None:
    """No network namespace shared with the host: even its loopback (e.g. Redis) is absent."""
    code = (
        "import socket\n"
        "for host in ('127.0.0.1', '1.1.1.1'):\n"
        "    try:\n"
        "        socket.create_connection((host, 6379), timeout=1)\n"
        "        print('connected', host)\n"
        "    except OSError as e:\n"
        "        print('refused', host)\n"
    )
    facts = python(sandbox, code)
    assert facts.stdout.split(b"\n")[:2] == [b"refused 127.0.0.1", b"refused 1.1.1.1"]


@pytest.mark.timeout(10)
def test_cannot_write_outside_its_tmpfs(sandbox: Sandbox) -> None:
    code = (
        "for path in ('/x', '/usr/x', '/etc/x', '/dev/x', '/dev/shm/x', '/box/x', '/tmp/x'):\n"
        "    try:\n"
        "        open(path, 'w').write('x')\n"
        "        print('wrote', path)\n"
        "    except OSError:\n"
        "        print('denied', path)\n"
    )
    lines = python(sandbox, code).stdout.decode().split("\n")
    assert [line for line in lines if line.startswith("wrote")] == ["wrote /box/x", "wrote /tmp/x"]


@pytest.mark.timeout(10)
def test_sees_no_host_processes_or_files(sandbox: Sandbox) -> None:
    code = (
        "import os\n"
        "print(sorted(p for p in os.listdir('/proc') if p.isdigit()))\n"
        "print(os.path.exists('/home'), os.path.exists('/root'), os.path.exists('/work'))"
    )
    pids, paths = python(sandbox, code).stdout.decode().splitlines()
    assert len(eval(pids)) <= 3  # bwrap's init, the program (and the listing itself)
    assert paths == "False False False"


@pytest.mark.timeout(20)
def test_detached_double_forked_child_does_not_survive(sandbox: Sandbox) -> None:
    """A child that setsid()s and double-forks away is killed with the box."""
    marker = f"codejudge-survivor-{uuid.uuid4().hex}"
    code = (
        f"MARKER = {marker!r}\n"
        "import os\n"
        "if os.fork() == 0:\n"
        "    os.setsid()\n"
        "    if os.fork() == 0:\n"
        "        argv = ['python3', '-c', 'import time; time.sleep(60)', MARKER]\n"
        "        os.execv('/usr/bin/python3', argv)\n"
        "    os._exit(0)\n"
        "os.wait()\n"
        "print('parent done')\n"
    )
    facts = python(sandbox, code)
    assert facts.stdout == b"parent done\n"
    time.sleep(0.2)
    assert host_processes_with(marker) == []


@pytest.mark.timeout(20)
def test_fork_bomb_is_contained(sandbox: Sandbox) -> None:
    """The pids cgroup holds (RLIMIT_NPROC where there is none) and the host is unharmed."""
    code = (
        "import os\n"
        "n = 0\n"
        "try:\n"
        "    for _ in range(1000):\n"
        "        if os.fork() == 0:\n"
        "            import time; time.sleep(30)\n"
        "        n += 1\n"
        "except OSError:\n"
        "    pass\n"
        "print(n)\n"
    )
    facts = python(sandbox, code, limits=RunLimits(cpu_ms=1000, wall_ms=3000, processes=8))
    assert int(facts.stdout) < 8
    # The host can still start processes, and other boxes still run.
    assert python(sandbox, "print('alive')").stdout == b"alive\n"


# -- limits become facts ---------------------------------------------------------------------


@pytest.mark.timeout(10)
def test_cpu_limit_kills_busy_loop_at_the_limit(sandbox: Sandbox) -> None:
    limits = RunLimits(cpu_ms=300, wall_ms=3000)
    started = time.monotonic()
    facts = python(sandbox, "while True: pass", limits=limits)
    assert facts.cpu_limit_hit and not facts.wall_limit_hit
    assert facts.signal == signal.SIGKILL
    assert 300 <= facts.cpu_ms < 1000
    assert time.monotonic() - started < 1.5


@pytest.mark.timeout(10)
def test_cpu_of_all_processes_counts(sandbox: Sandbox) -> None:
    code = "import os\nfor _ in range(2): os.fork()\nwhile True: pass"
    facts = python(sandbox, code, limits=RunLimits(cpu_ms=300, wall_ms=3000))
    assert facts.cpu_limit_hit and facts.cpu_ms >= 300


@pytest.mark.timeout(10)
def test_wall_clock_kills_a_sleeper(sandbox: Sandbox) -> None:
    facts = python(sandbox, "import time; time.sleep(30)", limits=RunLimits(wall_ms=400))
    assert facts.wall_limit_hit and not facts.cpu_limit_hit
    assert 400 <= facts.wall_ms < 1500


@pytest.mark.timeout(10)
def test_output_flood_is_capped_and_killed(sandbox: Sandbox) -> None:
    limits = RunLimits(cpu_ms=2000, wall_ms=3000, stdout_bytes=10_000)
    facts = python(sandbox, "while True: print('x' * 100)", limits=limits)
    assert facts.output_limit_hit
    assert len(facts.stdout) == 10_000


@pytest.mark.timeout(10)
def test_stderr_flood_is_capped_too(sandbox: Sandbox) -> None:
    limits = RunLimits(cpu_ms=2000, wall_ms=3000, stderr_bytes=10_000)
    facts = python(sandbox, "import sys\nwhile True: sys.stderr.write('x' * 100)", limits=limits)
    assert facts.output_limit_hit and len(facts.stderr) == 10_000


@pytest.mark.timeout(10)
def test_memory_limit_is_the_cgroups_oom_kill_not_exit_137(sandbox: Sandbox) -> None:
    """Touched memory over the limit: the kernel's OOM event says so, not the exit status."""
    code = "x = [bytearray(b'x' * (1 << 20)) for _ in range(400)]"
    facts = python(sandbox, code, limits=LIMITS)
    assert sandbox.cgroup_version
    assert facts.memory_limit_hit and facts.oom_killed and facts.cgroup == sandbox.cgroup_version
    assert facts.signal == signal.SIGKILL
    assert LIMITS.memory_kb - 8 * 1024 <= facts.memory_kb <= LIMITS.memory_kb + 8 * 1024


@pytest.mark.timeout(10)
def test_a_program_killing_itself_is_not_out_of_memory(sandbox: Sandbox) -> None:
    """Exit status 137 (SIGKILL) alone never means memory_limit_exceeded."""
    facts = python(sandbox, "import os, signal; os.kill(os.getpid(), signal.SIGKILL)")
    assert facts.signal == signal.SIGKILL
    assert not facts.memory_limit_hit and not facts.oom_killed


@pytest.mark.timeout(10)
def test_reserved_address_space_is_not_memory_use(sandbox: Sandbox) -> None:
    """A 1 GiB mapping that is never touched fits a 128 MiB limit (as the JVM's heap does)."""
    code = "import mmap\nm = mmap.mmap(-1, 1 << 30)\nm[:4096] = b'x' * 4096\nprint('ok')"
    facts = python(sandbox, code, limits=LIMITS)
    assert facts.stdout == b"ok\n" and not facts.memory_limit_hit


@pytest.mark.timeout(20)
def test_rlimits_only_fallback_still_confines(caplog: pytest.LogCaptureFixture) -> None:
    """Without cgroups (logged loudly) memory is an address-space limit and peak is sampled."""
    with caplog.at_level(logging.ERROR):
        fallback = BwrapSandbox(cgroups="none", spawner=False)
    fallback.check()
    assert fallback.cgroup_version == ""
    facts = python(fallback, "x = bytearray(400 * 1024 * 1024)", limits=LIMITS)
    assert facts.exit_code == 1 and b"MemoryError" in facts.stderr and not facts.cgroup
    assert python(fallback, "print('ok')").stdout == b"ok\n"
    with caplog.at_level(logging.ERROR):
        BwrapSandbox(spawner=False)
    assert "SANDBOX WITHOUT CGROUPS" in caplog.text


@pytest.mark.timeout(10)
def test_moves_into_run_cgroups_are_kept_cheap(sandbox: Sandbox) -> None:
    """With a cgroup2 tree (beside v1 here), its mount gets ``favordynmods``: without it, a box
    started after an idle moment waits for an RCU grace period to join its cgroup."""
    with open("/proc/self/mountinfo") as f:
        cgroup2 = [line.split(" - ")[1].split() for line in f if " - cgroup2 " in line]
    assert sandbox.cgroup_version and cgroup2, "this host has a cgroup2 tree beside v1"
    assert all("favordynmods" in fields[2].split(",") for fields in cgroup2)


def test_cgroup_v2_without_its_controllers_is_refused_clearly() -> None:
    """On a machine whose v2 tree lacks memory/pids (this one), asking for v2 says why."""
    try:
        BwrapSandbox(cgroups="v2")
    except SandboxUnavailable as e:
        assert "v2" in str(e)
    else:
        pytest.skip("cgroup v2 is usable here")


@pytest.mark.timeout(10)
def test_process_limit_counts_threads(sandbox: Sandbox) -> None:
    code = (
        "import threading, time\n"
        "n = 0\n"
        "try:\n"
        "    while n < 500:\n"
        "        threading.Thread(target=time.sleep, args=(5,), daemon=True).start()\n"
        "        n += 1\n"
        "except RuntimeError:\n"
        "    pass\n"
        "print(n)\n"
    )
    facts = python(sandbox, code, limits=RunLimits(processes=6))
    assert int(facts.stdout) < 6


@pytest.mark.timeout(10)
def test_box_sees_only_its_own_descriptors_and_three_devices(sandbox: Sandbox) -> None:
    """Nothing of the judge's descriptors; the channel is always descriptor 3."""
    code = (
        "import os, sys\n"
        "print(sorted(os.listdir('/proc/self/fd')), sorted(os.listdir('/dev')), sys.argv[1])"
    )
    with sandbox.start([PY, "-c", code, "{channel_fd}"], limits=LIMITS, channel=True) as box:
        facts = box.wait(wall_deadline=time.monotonic() + 5, cpu_deadline_ms=None)
    fds, devs, channel = facts.stdout.decode().rsplit(" ", 1)[0], facts.stdout, b"3"
    assert fds.startswith("['0', '1', '2', '3', '4']")  # 4 is listdir's own
    assert devs.endswith(b"'urandom', 'zero'] 3\n") and channel in facts.stdout
    assert b"'random'" not in devs and b"'shm'" not in devs


@pytest.mark.timeout(10)
def test_masked_paths_are_empty_and_read_only() -> None:
    """A judge installed under /usr hides its own package (and bundled test data)."""
    policy = dataclasses.replace(SandboxPolicy(), masked=("/usr/share/doc",))
    facts = python(BwrapSandbox(policy), "import os; print(os.listdir('/usr/share/doc'))")
    assert facts.stdout == b"[]\n"


@pytest.mark.timeout(10)
def test_file_size_limit(sandbox: Sandbox) -> None:
    limits = RunLimits(file_size_bytes=1024 * 1024)
    facts = python(sandbox, "open('/box/big', 'wb').write(b'x' * (2 * 1024 * 1024))", limits=limits)
    assert facts.exit_code != 0


@pytest.mark.timeout(10)
def test_exit_code_and_signal_are_facts(sandbox: Sandbox) -> None:
    assert python(sandbox, "raise SystemExit(3)").exit_code == 3
    facts = python(sandbox, "import os, signal; os.kill(os.getpid(), signal.SIGSEGV)")
    assert facts.exit_code is None and facts.signal == signal.SIGSEGV


@pytest.mark.timeout(10)
def test_channel_lines_stream_while_the_box_runs(sandbox: Sandbox) -> None:
    """The result channel is read line by line, before the program ends."""
    code = "import os, sys, time\nos.write(int(sys.argv[1]), b'one\\ntwo\\n')\ntime.sleep(30)"
    command: Sequence[str] = [PY, "-c", code, "{channel_fd}"]
    with sandbox.start(command, limits=RunLimits(wall_ms=5000), channel=True) as box:
        deadline = time.monotonic() + 3
        assert box.read_line(wall_deadline=deadline, cpu_deadline_ms=None) == b"one"
        assert box.read_line(wall_deadline=deadline, cpu_deadline_ms=None) == b"two"
        started = time.monotonic()
    assert time.monotonic() - started < 1  # leaving the block killed the sleeping box
    assert box.finish().signal == signal.SIGKILL


@pytest.mark.timeout(10)
def test_a_flood_of_short_channel_lines_is_capped_too(sandbox: Sandbox) -> None:
    """Lines the host has not read yet are held in memory: past twice the line cap in all, the
    box is stopped as over its output limit (a line's own cap does not bound many short ones)."""
    code = "import os, sys\nfd = int(sys.argv[1])\nwhile True:\n    os.write(fd, b'x\\n' * 4096)"
    limits = RunLimits(wall_ms=5000, channel_line_bytes=64 * 1024)
    with sandbox.start([PY, "-c", code, "{channel_fd}"], limits=limits, channel=True) as box:
        facts = box.wait(wall_deadline=time.monotonic() + 5, cpu_deadline_ms=None)
    assert facts.output_limit_hit and not facts.wall_limit_hit


# -- pre-started boxes ------------------------------------------------------------------------


@pytest.mark.timeout(10)
def test_prepared_box_runs_later_with_the_stdin_given_then(sandbox: Sandbox) -> None:
    """Set up now, run later: the wall clock starts at the go, and the program sees only its
    standard descriptors (the gate's pipe is closed before the program starts) and a sealed
    stdin."""
    code = (
        "import os, sys\n"
        "data = sys.stdin.read()\n"
        "try:\n"
        "    os.pwrite(0, b'Z', 0); sealed = False\n"
        "except OSError:\n"
        "    sealed = True\n"
        "print(data.upper(), sorted(os.listdir('/proc/self/fd')), sealed)\n"
    )
    with sandbox.prepare([PY, "-c", code], limits=LIMITS) as prepared:
        time.sleep(0.5)
        facts = prepared.run(b"hello")
    assert facts.stdout == b"HELLO ['0', '1', '2', '3'] True\n"  # 3 is listdir's own
    assert facts.wall_ms < 400


@pytest.mark.timeout(10)
def test_prepared_box_never_run_is_taken_down(sandbox: Sandbox) -> None:
    marker = f"cj-prepared-{uuid.uuid4().hex}"
    with sandbox.prepare([PY, "-c", "open('/tmp/ran', 'w')", marker], limits=LIMITS):
        time.sleep(0.2)
        assert host_processes_with(marker)  # the gate, waiting
    assert host_processes_with(marker) == []
    assert sandbox.collect_cgroups() == 0


@pytest.mark.timeout(10)
def test_prepared_box_enforces_the_same_limits(sandbox: Sandbox) -> None:
    limits = RunLimits(cpu_ms=300, wall_ms=3000)
    with sandbox.prepare([PY, "-c", "while True: pass"], limits=limits) as prepared:
        facts = prepared.run()
    assert facts.cpu_limit_hit and 300 <= facts.cpu_ms < 1000
    with sandbox.prepare([PY, "-c", "import time; time.sleep(30)"], limits=LIMITS) as prepared:
        assert prepared.run().wall_limit_hit


@pytest.mark.timeout(20)
def test_a_peak_over_the_limit_is_memory_limit_hit_without_an_oom_kill(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The limit is the peak's, not only the OOM killer's (issue 10, class 6: a program at
    limit + 0.9 MiB finished and was accepted). The cgroup's hard limit sits a little above
    ``memory_kb`` (the empty box's own charge plus ``BOX_MEMORY_SLACK_KB``): a program that
    ends between the two is not killed, yet its peak says it went over. The slack is widened
    here so that the run-to-run noise of a peak (about 0.2 MiB) cannot decide the test."""
    monkeypatch.setattr(bwrap, "BOX_MEMORY_SLACK_KB", 8 * 1024)
    code = "b = b'x' * (40 << 20)\nprint('ok')"
    measured = python(sandbox, code, limits=LIMITS)
    peak = measured.memory_kb
    assert measured.stdout == b"ok\n" and 40 * 1024 <= peak < 64 * 1024
    over = python(sandbox, code, limits=dataclasses.replace(LIMITS, memory_kb=peak - 2048))
    assert over.stdout == b"ok\n" and over.exit_code == 0 and not over.oom_killed
    assert over.memory_limit_hit
    within = python(sandbox, code, limits=dataclasses.replace(LIMITS, memory_kb=peak + 2048))
    assert within.stdout == b"ok\n" and not within.memory_limit_hit


@pytest.mark.timeout(20)
def test_the_files_placed_in_a_box_are_not_the_programs_memory(sandbox: Sandbox) -> None:
    """bwrap copies each input file into the box's tmpfs, which the cgroup charges: a 100 MiB
    program file is the judge's copy, so it neither counts in the peak nor eats the limit."""
    big = InputFile("/box/data.bin", b"\x01" * (100 << 20))
    facts = python(sandbox, "print('ok')", files=[big])
    assert facts.stdout == b"ok\n" and not facts.memory_limit_hit
    assert facts.memory_kb < 32 * 1024


def test_stack_limit_is_rlimit_stack_for_the_spawner() -> None:
    """RLIMIT_STACK is whatever ``RunLimits.stack_kb`` says (the judge gives it the memory
    limit less a reserve): bwrap and the program inherit it from the spawner."""
    limits = RunLimits(stack_kb=240 * 1024)
    stack = f"rl={resource.RLIMIT_STACK}:{240 << 20}:{240 << 20}"
    assert stack in spawner_rlimits(limits)
    assert f"--stack={240 << 20}" in prlimit_argv(limits)


def test_a_killed_box_ended_when_it_was_killed_not_when_its_exit_was_seen(
    sandbox: Sandbox,
) -> None:
    """Interactive judging compares the box's end with the validator's: a program killed at
    its wall limit stopped writing at the kill, however late its exit is seen (on a loaded
    machine a validator that rejects the cut-off output used to look first, so a
    time_limit_exceeded program got wrong_answer)."""
    with sandbox.start(["/bin/sleep", "30"], limits=LIMITS) as box:
        before = time.monotonic()
        box.kill()
        killed = time.monotonic()
        time.sleep(0.3)  # the judge is slow to look (a loaded machine)
        facts = box.finish()
        assert facts.signal is not None or facts.exit_code != 0
        assert box.ended_at is not None
        assert before <= box.ended_at <= killed

"""How many CPUs this process may use: the autoscaler's cap (``autoscale_cpu_factor`` times
this). ``os.cpu_count()`` counts the host's CPUs, which a container or ``taskset`` does not get:

- the CPU affinity (``sched_getaffinity``: cpusets, ``taskset``, Kubernetes' static CPU
  manager), and
- the cgroup's CPU bandwidth quota, which Docker's ``--cpus`` and a Kubernetes CPU limit set:
  ``cpu.max`` (cgroup v2: ``"$QUOTA $PERIOD"``, or ``"max $PERIOD"`` for none) or
  ``cpu.cfs_quota_us`` / ``cpu.cfs_period_us`` (cgroup v1: a quota of -1 for none), read in
  this process's cgroup and every ancestor up to the mount (``/proc/self/cgroup`` says which;
  a limit on a parent binds the children too), the smallest wins.

The result is the affinity's CPU count, lowered to the quota rounded up (1.5 CPUs: 2, as the
JVM and Go's runtime count a quota), never below 1. Anything unreadable (no cgroup file
system, another OS) counts as no limit.
"""

from __future__ import annotations

import math
import os
from pathlib import Path, PurePosixPath

CGROUP_ROOT = Path("/sys/fs/cgroup")
PROC_CGROUP = Path("/proc/self/cgroup")


def v2_quota(cpu_max: str) -> float | None:
    """CPUs of a cgroup v2 ``cpu.max`` (``"200000 100000"``: 2.0); None for ``max`` (none)."""
    fields = cpu_max.split()
    if not fields or fields[0] == "max":
        return None
    period = int(fields[1]) if len(fields) > 1 else 100_000
    return _ratio(int(fields[0]), period)


def v1_quota(quota_us: str, period_us: str) -> float | None:
    """CPUs of cgroup v1's ``cpu.cfs_quota_us`` over ``cpu.cfs_period_us``; None for -1."""
    return _ratio(int(quota_us), int(period_us))


def _ratio(quota: int, period: int) -> float | None:
    return quota / period if quota > 0 and period > 0 else None


def _membership(proc_cgroup: str) -> tuple[str, str] | None:
    """``(mount folder, cgroup path)`` of the CPU controller from ``/proc/self/cgroup``'s
    ``id:controllers:path`` lines: v1's ``cpu`` hierarchy if there is one (a hybrid host
    mounts the v1 controllers, which is where the quota is), else the v2 unified one."""
    unified = None
    for line in proc_cgroup.splitlines():
        hierarchy, _, rest = line.partition(":")
        controllers, _, path = rest.partition(":")
        if hierarchy == "0" and not controllers:
            unified = ("", path)
        elif "cpu" in controllers.split(","):
            return controllers, path
    return unified


def _ancestors(mount: Path, path: str) -> list[Path]:
    """The cgroup's folder and each parent's up to the mount, those that exist (a container
    without its own cgroup namespace sees the host's path, and its cgroup at the mount)."""
    parts = PurePosixPath(path).relative_to("/").parts if path.startswith("/") else ()
    folders = [mount.joinpath(*parts[:n]) for n in range(len(parts), -1, -1)]
    return [folder for folder in folders if folder.is_dir()]


def cgroup_cpu_limit(root: Path = CGROUP_ROOT, proc_cgroup: Path = PROC_CGROUP) -> float | None:
    """The CPU bandwidth limit of this process's cgroup, in CPUs (the smallest along its
    ancestors); None if there is none or it cannot be read."""
    try:
        member = _membership(proc_cgroup.read_text())
        if member is None:
            return None
        controllers, path = member
        quotas: list[float | None] = []
        if not controllers:  # v2
            for folder in _ancestors(root, path):
                if (folder / "cpu.max").is_file():
                    quotas.append(v2_quota((folder / "cpu.max").read_text()))
        else:  # v1: mounted as "cpu,cpuacct" (or "cpu", often a symlink to it)
            mount = next((root / n for n in (controllers, "cpu") if (root / n).is_dir()), None)
            for folder in _ancestors(mount, path) if mount is not None else []:
                quota = folder / "cpu.cfs_quota_us"
                if quota.is_file():
                    period = (folder / "cpu.cfs_period_us").read_text()
                    quotas.append(v1_quota(quota.read_text(), period))
    except (OSError, ValueError):
        return None
    limits = [q for q in quotas if q is not None]
    return min(limits) if limits else None


def affinity_cpus() -> int:
    """CPUs this process may be scheduled on (``os.cpu_count()`` where there is no affinity)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def available_cpus(
    root: Path = CGROUP_ROOT, proc_cgroup: Path = PROC_CGROUP, affinity: int | None = None
) -> int:
    """CPUs this process may use: ``affinity`` (default: ``affinity_cpus()``) lowered to the
    cgroup's quota rounded up; at least 1."""
    cpus = affinity_cpus() if affinity is None else affinity
    limit = cgroup_cpu_limit(root, proc_cgroup)
    if limit is not None:
        cpus = min(cpus, math.ceil(limit - 1e-9))  # 1e-9: 2.0000000001 CPUs is 2
    return max(1, cpus)

"""The autoscaler's CPU count (``codejudge.worker.cpus``): the affinity, lowered to the
cgroup's CPU quota (v2 ``cpu.max``, v1 ``cpu.cfs_quota_us``), read from cgroup trees written
under a temporary folder; and the policy built with it, in a process pinned to one CPU."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from codejudge.worker.cpus import (
    available_cpus,
    cgroup_cpu_limit,
    v1_quota,
    v2_quota,
)


@pytest.mark.parametrize(
    ("text", "cpus"),
    [
        ("max 100000\n", None),  # no limit
        ("200000 100000\n", 2.0),  # docker --cpus 2
        ("150000 100000", 1.5),
        ("50000 100000", 0.5),  # a Kubernetes limit of 500m
        ("100000", 1.0),  # no period: the kernel's default, 100 ms
        ("", None),
    ],
)
def test_v2_cpu_max(text: str, cpus: float | None) -> None:
    assert v2_quota(text) == cpus


@pytest.mark.parametrize(
    ("quota", "period", "cpus"),
    [("-1\n", "100000\n", None), ("300000", "100000", 3.0), ("25000", "50000", 0.5)],
)
def test_v1_cfs_quota(quota: str, period: str, cpus: float | None) -> None:
    assert v1_quota(quota, period) == cpus


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


V2_PROC = "0::/kubepods/pod1/c1\n"
V1_PROC = "5:memory:/docker/c1\n4:cpu,cpuacct:/docker/c1\n3:cpuset:/docker/c1\n0::/\n"


@pytest.mark.parametrize(
    ("proc", "files", "limit"),
    [
        # cgroup v2: the container's own limit
        (V2_PROC, {"kubepods/pod1/c1/cpu.max": "150000 100000"}, 1.5),
        # a limit on an ancestor (the pod) binds the container: the smallest wins
        (
            V2_PROC,
            {
                "cpu.max": "max 100000",
                "kubepods/pod1/cpu.max": "200000 100000",
                "kubepods/pod1/c1/cpu.max": "max 100000",
            },
            2.0,
        ),
        (
            V2_PROC,
            {"kubepods/pod1/cpu.max": "400000 100000", "kubepods/pod1/c1/cpu.max": "1 1"},
            1.0,
        ),
        (V2_PROC, {"kubepods/pod1/c1/cpu.max": "max 100000"}, None),  # no limit anywhere
        # a container with its own cgroup namespace: its cgroup is "/", at the mount
        ("0::/\n", {"cpu.max": "300000 100000"}, 3.0),
        # v1, the cpu controller mounted with cpuacct
        (
            V1_PROC,
            {
                "cpu,cpuacct/docker/c1/cpu.cfs_quota_us": "250000",
                "cpu,cpuacct/docker/c1/cpu.cfs_period_us": "100000",
            },
            2.5,
        ),
        # v1 without a cgroup namespace: the host's path does not exist in the container,
        # whose cgroup is mounted at the root
        (
            V1_PROC,
            {
                "cpu,cpuacct/cpu.cfs_quota_us": "100000",
                "cpu,cpuacct/cpu.cfs_period_us": "100000",
            },
            1.0,
        ),
        # v1 on its own "cpu" mount (this host's layout); -1: no quota
        (
            "2:cpuacct:/\n1:cpu:/\n0::/\n",
            {"cpu/cpu.cfs_quota_us": "-1", "cpu/cpu.cfs_period_us": "100000"},
            None,
        ),
        # a hybrid host whose v1 hierarchies lack "cpu": the unified one is read
        ("3:cpuset:/\n0::/\n", {"cpu.max": "200000 100000"}, 2.0),
        ("", {}, None),  # no cgroups at all
        (V2_PROC, {"kubepods/pod1/c1/cpu.max": "garbage here"}, None),  # unreadable: none
    ],
)
def test_cgroup_cpu_limit(
    tmp_path: Path, proc: str, files: dict[str, str], limit: float | None
) -> None:
    root = tmp_path / "cgroup"
    root.mkdir()
    write(root, files)
    (tmp_path / "proc").write_text(proc)
    assert cgroup_cpu_limit(root, tmp_path / "proc") == limit


@pytest.mark.parametrize(
    ("affinity", "cpu_max", "cpus"),
    [
        (8, "max 100000", 8),  # the affinity alone
        (8, "200000 100000", 2),  # docker --cpus 2 on an 8-CPU host
        (8, "150000 100000", 2),  # 1.5 CPUs: rounded up
        (8, "50000 100000", 1),  # 500m: never below one
        (2, "400000 100000", 2),  # the affinity is the smaller
    ],
)
def test_available_cpus(tmp_path: Path, affinity: int, cpu_max: str, cpus: int) -> None:
    write(tmp_path, {"cgroup/cpu.max": cpu_max, "proc": "0::/\n"})
    assert available_cpus(tmp_path / "cgroup", tmp_path / "proc", affinity) == cpus


def test_missing_files_fall_back_to_the_affinity(tmp_path: Path) -> None:
    assert available_cpus(tmp_path / "none", tmp_path / "no-proc", 6) == 6
    assert 1 <= available_cpus() <= (os.cpu_count() or 1)


def test_the_policy_counts_the_cpus_this_process_may_use() -> None:
    """A worker pinned to one CPU (``taskset -c 0``) caps its pool at one slot per CPU x
    factor, whatever the host's count (``os.cpu_count()`` said all of them)."""
    code = (
        "import os\n"
        "os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})\n"
        "from codejudge.runtime import policy_of\n"
        "from codejudge.settings import Settings\n"
        "from codejudge.worker.autoscale import Bounds\n"
        "policy = policy_of(Settings(autoscale_cpu_factor=2), Bounds(1, 64))\n"
        "print(policy.host_cap, policy.bounds)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.split() == ["2", "1:2"]

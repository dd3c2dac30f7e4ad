"""How many judging slots the cluster needs: the number behind ``codejudge_desired_workers``
(for KEDA or a Kubernetes HPA) and the autoscaler's target. Pure, table-tested.
"""

from __future__ import annotations

import math


def desired_workers(
    *,
    ready: int,
    busy: int,
    mean_judge_seconds: float | None,
    arrivals_per_second: float,
    target_wait_seconds: float,
) -> int:
    """Worker slots needed so that a job waits at most ``target_wait_seconds`` before a claim.

    Two parts, added: the slots the arrival rate keeps busy (Little's law: arrivals/s * mean
    judging time, at least the slots busy now), and the slots that clear the ``ready`` backlog
    within the target (each slot takes ``target / mean`` jobs off it in that time). Without a
    measured mean (nothing judged lately) every ready or busy job is one slot. Never negative;
    rounded up.

    Raises ``ValueError`` for a target that is not positive.
    """
    if target_wait_seconds <= 0:
        raise ValueError("target_wait_seconds must be positive")
    ready, busy = max(ready, 0), max(busy, 0)
    if not mean_judge_seconds or mean_judge_seconds <= 0:
        return ready + busy
    load = max(float(busy), max(arrivals_per_second, 0.0) * mean_judge_seconds)
    backlog = ready * mean_judge_seconds / target_wait_seconds
    # 1e-9: 2.0000000001 from float noise must not become 3 slots.
    return max(0, math.ceil(load + backlog - 1e-9))

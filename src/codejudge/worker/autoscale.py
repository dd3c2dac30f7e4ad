"""The autoscaling policy of one worker pool: how many judging slots it should run. Pure,
table-tested (tests/worker/test_autoscale_policy.py); ``worker/scaler.py`` feeds it what it
observes and applies what it decides.

- **Target.** The cluster's need is ``scaling.desired_workers`` (the slots that keep a job's
  wait under ``target_wait_seconds``: the jobs running now plus the ready backlog, weighed by
  the mean judging time), against the slots all live workers run (this pool's and the
  registry's others'). A shortfall is split between the live pools: this one grows by
  ``ceil(shortfall / pools)`` (pools that see the same registry at once, ``serve --processes
  K``, would otherwise each claim all of it, overshoot together and shrink together a window
  later, again and again); if the others do not grow (fixed or at their MAX), the next ticks
  see what is left, so it converges. A surplus is shed in proportion to the slots: this pool
  sheds ``floor(surplus * slots / total)``, so all pools together never shed more than the
  surplus and never drop below the need (which would grow them back: a flap). The price is
  up to ``pools - 1`` slots above the need, cluster-wide. A queued job older than the target
  is a second signal: the pool grows by at least one slot while one waits that long.
- **Bounds.** Between ``MIN`` and ``MAX`` of ``--autoscale MIN:MAX``, ``MAX`` itself capped at
  the CPU count times ``autoscale_cpu_factor`` (``host_cap``), and that cap shared with the
  other workers on the same host (``serve --processes K``, several ``codejudge worker``): a
  pool grows only into the host's slots the others leave free, though never below its ``MIN``.
- **Hysteresis.** Up at once (by at most ``max(slots, 4)`` slots a step, Kubernetes' HPA's
  default scale-up rate); down only once the target has stayed below the slot count for the
  whole ``down_seconds`` window, and then to the *highest* target seen in that window (the
  HPA's scale-down stabilization window). A load that comes and goes within the window never
  shrinks the pool, so it does not flap.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from codejudge.scaling import desired_workers

GROW_STEP_MIN = 4  # slots a step may always add, however small the pool (HPA: 4 pods)


def cpu_cap(cpus: int, factor: float) -> int:
    """Slots a host of ``cpus`` CPUs may run: ``cpus * factor`` rounded down, at least 1."""
    return max(1, math.floor(max(cpus, 1) * factor + 1e-9))  # 1e-9: 3 * (1/3) is 1


@dataclass(frozen=True, slots=True)
class Bounds:
    """``low`` to ``high`` judging slots, both included; ``0 <= low <= high``, ``high >= 1``."""

    low: int
    high: int

    def __post_init__(self) -> None:
        if not 0 <= self.low <= self.high or self.high < 1:
            raise ValueError(f"autoscale bounds need 0 <= MIN <= MAX and MAX >= 1, got {self}")

    def __str__(self) -> str:
        return f"{self.low}:{self.high}"

    @classmethod
    def parse(cls, text: str) -> Bounds:
        """``"MIN:MAX"`` (``--autoscale``, ``CODEJUDGE_AUTOSCALE``); ``ValueError`` if malformed."""
        low, sep, high = text.strip().partition(":")
        if not sep or not low.strip().isdigit() or not high.strip().isdigit():
            raise ValueError(f"expected MIN:MAX (two whole numbers), got {text!r}")
        return cls(int(low), int(high))

    def capped(self, cpus: int, factor: float) -> Bounds:
        """These bounds with ``high`` at most ``cpus * factor`` (rounded down, at least 1) and
        ``low`` at most the new ``high``."""
        high = min(self.high, cpu_cap(cpus, factor))
        return Bounds(min(self.low, high), high)


@dataclass(frozen=True, slots=True)
class Policy:
    bounds: Bounds  # already capped (``Bounds.capped``)
    host_cap: int  # slots this host may run in all: CPUs x autoscale_cpu_factor
    target_wait_seconds: float  # settings.target_queue_wait_seconds
    down_seconds: float  # the scale-down stabilization window


@dataclass(frozen=True, slots=True)
class Observation:
    """What the pool and the cluster look like at one tick."""

    slots: int  # this pool's slots now (draining ones left out)
    busy: int  # of them, judging a job now
    ready: int  # ready jobs in the queue, all priorities
    leased: int  # jobs leased across the cluster (this pool's busy slots included)
    other_slots: int  # slots of the other live workers (the registry)
    host_slots: int  # of those, the ones on this host
    mean_judge_seconds: float | None  # this pool's recent mean per delivery; None: none yet
    overdue: bool  # a queued job has waited longer than the target
    other_pools: int = 0  # the other live workers (the registry), each a pool


@dataclass(frozen=True, slots=True)
class Memory:
    """The hysteresis state carried from one tick to the next (``decide``'s second value)."""

    below_since: float | None = None  # when the target first fell below the slot count
    down_to: int = 0  # the highest target seen since then


def share(cluster: int, seen: Observation) -> int:
    """This pool's part of the change from the slots all live pools run to ``cluster``: a
    shortfall split evenly between the pools (rounded up), a surplus in proportion to each
    pool's slots (rounded down); positive: grow, negative: shrink."""
    total = seen.slots + seen.other_slots
    if cluster > total:
        return math.ceil((cluster - total) / (1 + max(seen.other_pools, 0)))
    if cluster < total:
        return -((total - cluster) * seen.slots // total)
    return 0


def target(policy: Policy, seen: Observation) -> int:
    """The slots this pool should run now, within its bounds, before hysteresis."""
    cluster = desired_workers(
        ready=seen.ready,
        # Our busy slots are among the leases; the max guards a stale stats read.
        busy=max(seen.leased, seen.busy),
        mean_judge_seconds=seen.mean_judge_seconds,
        # No arrival rate: the leases are the load measured directly (Little's law), and
        # what arrives faster than it is judged shows up as ready jobs.
        arrivals_per_second=0.0,
        target_wait_seconds=policy.target_wait_seconds,
    )
    want = seen.slots + share(cluster, seen)
    if seen.overdue and seen.ready > 0:
        want = max(want, seen.slots + 1)
    low = policy.bounds.low
    high = max(low, min(policy.bounds.high, policy.host_cap - seen.host_slots))
    return min(max(want, low), high)


def decide(policy: Policy, memory: Memory, seen: Observation, now: float) -> tuple[int, Memory]:
    """``(slots, memory)`` for this tick: the slot count to run from now on and the state to
    pass to the next call. ``now`` is a monotonic time in seconds."""
    want = target(policy, seen)
    if want > seen.slots:
        return min(want, seen.slots + max(seen.slots, GROW_STEP_MIN)), Memory()
    if want == seen.slots:
        return seen.slots, Memory()
    first = memory.below_since is None
    since = now if memory.below_since is None else memory.below_since
    down_to = want if first else max(memory.down_to, want)
    if now - since >= policy.down_seconds:
        return down_to, Memory()
    return seen.slots, Memory(since, down_to)

"""The autoscaling policy (``codejudge.worker.autoscale``) as tables: bounds, the target, and
sequences of ticks through the hysteresis (grow at once, shrink after a stable window, no
flapping)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from itertools import pairwise
from typing import Any

import pytest

from codejudge.worker.autoscale import (
    Bounds,
    Memory,
    Observation,
    Policy,
    decide,
    target,
)

Change = Mapping[str, Any]  # fields of an Observation to change
POLICY = Policy(Bounds(1, 8), host_cap=16, target_wait_seconds=5.0, down_seconds=30.0)
IDLE = Observation(
    slots=1,
    busy=0,
    ready=0,
    leased=0,
    other_slots=0,
    host_slots=0,
    mean_judge_seconds=None,
    overdue=False,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1:4", Bounds(1, 4)), (" 0 : 3 ", Bounds(0, 3)), ("2:2", Bounds(2, 2))],
)
def test_bounds_parse(text: str, expected: Bounds) -> None:
    assert Bounds.parse(text) == expected
    assert Bounds.parse(str(expected)) == expected


@pytest.mark.parametrize("text", ["", "4", "1:", ":3", "a:b", "1:2:3", "-1:3", "4:2", "0:0"])
def test_bounds_parse_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="MIN"):
        Bounds.parse(text)


@pytest.mark.parametrize(
    ("bounds", "cpus", "factor", "expected"),
    [
        (Bounds(1, 16), 4, 1.0, Bounds(1, 4)),  # MAX above CPUs x factor
        (Bounds(1, 16), 4, 2.5, Bounds(1, 10)),
        (Bounds(6, 16), 4, 1.0, Bounds(4, 4)),  # MIN follows MAX down
        (Bounds(1, 3), 4, 1.0, Bounds(1, 3)),  # under the cap: unchanged
        (Bounds(0, 8), 1, 0.1, Bounds(0, 1)),  # never below one slot
        (Bounds(1, 8), 3, 1 / 3, Bounds(1, 1)),  # 3 x 1/3 is 1, not 0.999...
    ],
)
def test_bounds_capped_at_cpus_times_factor(
    bounds: Bounds, cpus: int, factor: float, expected: Bounds
) -> None:
    assert bounds.capped(cpus, factor) == expected


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({}, 1),  # idle: MIN
        ({"ready": 5}, 5),  # nothing measured: a slot per ready job
        ({"ready": 5, "leased": 1, "busy": 1}, 6),
        ({"ready": 50}, 8),  # capped at MAX
        ({"ready": 50, "mean_judge_seconds": 0.5}, 5),  # 25 s of work within 5 s
        ({"ready": 5, "mean_judge_seconds": 0.5}, 1),  # 2.5 s of work: one slot clears it
        ({"ready": 6, "other_slots": 4, "other_pools": 1}, 2),  # others run 4 of the 6 needed
        ({"ready": 2, "other_slots": 4, "other_pools": 1}, 1),  # others suffice: MIN
        ({"slots": 3, "leased": 3, "busy": 3}, 3),  # busy slots are needed
        # a surplus of 3 over 6 slots: this pool sheds its half, rounded down, below its busy
        # slots (they drain); the other pool sheds its own half
        ({"slots": 3, "leased": 3, "busy": 3, "other_slots": 3, "other_pools": 1}, 2),
        ({"slots": 4, "leased": 2, "busy": 2, "other_slots": 4, "other_pools": 1}, 1),
        # a shortfall (7 of 13 needed run) split between the live pools, rounded up
        ({"ready": 13, "other_slots": 5, "other_pools": 1}, 1 + 4),
        ({"ready": 13, "other_slots": 5, "other_pools": 2}, 1 + 3),
        # a surplus is shed in proportion to the slots, rounded down: 4 needed (the leases),
        # 12 run, 8 too many: this pool (4 of the 12) sheds 8 * 4 / 12 = 2
        ({"slots": 4, "leased": 4, "busy": 1, "other_slots": 8, "other_pools": 2}, 2),
        ({"slots": 5, "leased": 4, "busy": 1, "other_slots": 0}, 4),  # alone: all of it
        # a job overdue: one more slot even though the backlog math says enough
        ({"slots": 2, "ready": 1, "mean_judge_seconds": 0.5, "overdue": True}, 3),
        ({"slots": 2, "ready": 0, "overdue": True}, 1),  # overdue but none ready: delayed ones
        ({"slots": 8, "ready": 1, "busy": 8, "leased": 8, "overdue": True}, 8),  # MAX holds
        # the host's cap (16) is shared with the other pools on the host: 12 of it taken
        ({"ready": 20, "other_slots": 12, "host_slots": 12, "other_pools": 1}, 4),
        # none left: MIN still runs
        ({"ready": 30, "other_slots": 16, "host_slots": 16, "other_pools": 1}, 1),
        # other hosts' slots: no cap (one pool of 12 that stays put: all of the 7 missing)
        ({"ready": 20, "other_slots": 12, "host_slots": 0}, 8),
    ],
)
def test_target(change: Change, expected: int) -> None:
    assert target(POLICY, replace(IDLE, **change)) == expected


def test_target_with_a_minimum_of_zero_idles_at_zero_and_wakes_up() -> None:
    policy = replace(POLICY, bounds=Bounds(0, 4))
    assert target(policy, replace(IDLE, slots=0)) == 0
    assert target(policy, replace(IDLE, slots=0, ready=1)) == 1


def run(ticks: Sequence[tuple[float, Change]], policy: Policy = POLICY) -> list[int]:
    """Feed ``(time, observation changes)`` ticks through ``decide``, carrying the slot count
    and the memory as the scaler does; the slot counts decided."""
    slots, memory, out = IDLE.slots, Memory(), []
    for now, change in ticks:
        seen = replace(IDLE, slots=slots, **change)
        slots, memory = decide(policy, memory, seen, now)
        out.append(slots)
    return out


BURST: Change = {"ready": 4}
NONE: Change = {}


def test_grows_at_once_and_shrinks_only_after_the_window() -> None:
    ticks = [(0.0, BURST), (2.0, NONE), (10.0, NONE), (31.9, NONE), (32.0, NONE), (40.0, NONE)]
    assert run(ticks) == [4, 4, 4, 4, 1, 1]


def test_growth_is_at_most_a_doubling_or_four_slots_a_tick() -> None:
    policy = replace(POLICY, bounds=Bounds(1, 40), host_cap=40)
    ticks = [(float(t), {"ready": 40}) for t in range(5)]
    assert run(ticks, policy) == [5, 10, 20, 40, 40]


def test_a_load_that_comes_back_within_the_window_never_shrinks_the_pool() -> None:
    """No flapping: bursts every 20 s with idle ticks between stay at the burst's size."""
    ticks = [(float(t), BURST if t % 20 == 0 else NONE) for t in range(0, 200, 2)]
    assert set(run(ticks)) == {4}


def test_a_target_hovering_around_the_slot_count_does_not_flap() -> None:
    ticks = [(float(t), {"ready": 6 if t % 4 else 5}) for t in range(0, 40, 2)]
    decided = run(ticks)
    assert decided[0] == 5 and set(decided[1:]) == {6}  # grew once, never shrank back


def test_shrinks_to_the_most_needed_in_the_window() -> None:
    """Like the HPA's stabilization window: after 30 s below, the pool goes to the highest
    target of that window (3), not the last one (1)."""
    ticks = [(0.0, BURST), (2.0, {"ready": 3}), (10.0, NONE), (32.0, NONE), (34.0, NONE)]
    assert run(ticks)[3:] == [3, 3]
    ticks += [(64.0, NONE)]
    assert run(ticks)[-1] == 1


def test_a_need_back_at_the_slot_count_restarts_the_window() -> None:
    ticks = [(0.0, BURST), (2.0, NONE), (20.0, BURST), (22.0, NONE), (40.0, NONE), (52.0, NONE)]
    assert run(ticks) == [4, 4, 4, 4, 4, 1]


def test_no_window_shrinks_at_once() -> None:
    policy = replace(POLICY, down_seconds=0.0)
    assert run([(0.0, BURST), (1.0, NONE)], policy) == [4, 1]


# -- several autoscaled pools: each decides alone, from the same cluster ---------------------


def cluster_run(
    need: Sequence[int], pools: int, together: bool, policy: Policy = POLICY
) -> list[tuple[int, ...]]:
    """Pools that each tick (2 s apart) decide alone from the registry; the need at tick t is
    ``need[t]`` jobs (leased as far as the slots go, the rest ready). ``together``: all pools
    observe the same registry, then resize (``serve --processes K``, ticks in step); else
    they tick one after the other, each seeing the others' new slot counts. The slot counts
    of all pools after each tick."""
    slots, memory = [1] * pools, [Memory()] * pools
    out = []
    for tick, jobs in enumerate(need):
        seen = list(slots)
        for i in range(pools):
            view = seen if together else slots
            total = sum(view)
            leased = min(jobs, total)
            observation = replace(
                IDLE,
                slots=view[i],
                ready=jobs - leased,
                leased=leased,
                other_slots=total - view[i],
                other_pools=pools - 1,
            )
            slots[i], memory[i] = decide(policy, memory[i], observation, 2.0 * tick)
        out.append(tuple(slots))
    return out


def changes(history: Sequence[tuple[int, ...]]) -> int:
    return sum(a != b for a, b in pairwise(history))


@pytest.mark.parametrize("pools", [2, 3])
@pytest.mark.parametrize("together", [True, False])
@pytest.mark.parametrize("jobs", [3, 6, 7, 12])
def test_pools_share_a_steady_load_without_oscillating(
    pools: int, together: bool, jobs: int
) -> None:
    """A steady need of ``jobs`` slots, 10 minutes: the pools settle on at least that many
    slots, at most ``pools - 1`` more, within a few ticks and one window, and then never
    change again. (Each pool claiming the whole shortfall overshot together, then after the
    window all shrank to nearly nothing together, and so on for ever.)"""
    history = cluster_run([jobs] * 300, pools, together)
    settled = history[-1]
    assert jobs <= sum(settled) <= jobs + pools - 1, history
    first = next(t for t, counts in enumerate(history) if counts == settled)
    assert 2.0 * first <= POLICY.down_seconds + 10, history[:40]  # one window, a few ticks
    assert set(history[first:]) == {settled}
    assert changes(history) <= 3
    assert all(sum(counts) >= min(jobs, sum(history[0])) for counts in history)


@pytest.mark.parametrize("pools", [2, 3])
@pytest.mark.parametrize("together", [True, False])
def test_pools_follow_a_load_up_and_down_without_flapping(pools: int, together: bool) -> None:
    """Idle, a burst needing 12 slots for 2 minutes, then a need of 2: the pools grow to
    cover the burst within a few ticks, hold through it, shrink once after the window to
    cover the smaller need, and stay there."""
    need = [0] * 10 + [12] * 60 + [2] * 100
    history = cluster_run(need, pools, together)
    burst = [sum(counts) for counts in history[10:70]]
    assert all(total >= 12 for total in burst[3:]), burst
    assert max(burst) <= 12 + pools - 1
    after = [sum(counts) for counts in history[70:]]
    assert all(total >= 2 for total in after)
    assert after == sorted(after, reverse=True)  # down only: no growing back
    assert 2 <= after[-1] <= max(2 + pools - 1, pools)  # each pool keeps its MIN of 1
    assert changes(history[70:]) <= 3

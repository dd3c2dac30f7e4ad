"""The autoscaling policy (``codejudge.worker.autoscale``) as tables: bounds, the target, and
sequences of ticks through the hysteresis (grow at once, shrink after a stable window, no
flapping)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
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
        ({"ready": 6, "other_slots": 4}, 2),  # others run 4 of the 6 needed
        ({"ready": 2, "other_slots": 4}, 1),  # others suffice: MIN
        ({"slots": 3, "leased": 3, "busy": 3}, 3),  # busy slots are needed
        # the other workers' 3 idle slots can take over: this pool may shrink below its busy
        # slots (they drain)
        ({"slots": 3, "leased": 3, "busy": 3, "other_slots": 3}, 1),
        # a job overdue: one more slot even though the backlog math says enough
        ({"slots": 2, "ready": 1, "mean_judge_seconds": 0.5, "overdue": True}, 3),
        ({"slots": 2, "ready": 0, "overdue": True}, 1),  # overdue but none ready: delayed ones
        ({"slots": 8, "ready": 1, "busy": 8, "leased": 8, "overdue": True}, 8),  # MAX holds
        # the host's cap (16) is shared with the other pools on the host: 12 of it taken
        ({"ready": 20, "other_slots": 12, "host_slots": 12}, 4),
        ({"ready": 30, "other_slots": 16, "host_slots": 16}, 1),  # none left: MIN still runs
        ({"ready": 20, "other_slots": 12, "host_slots": 0}, 8),  # other hosts' slots: no cap
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

"""The desired-workers rule (``codejudge.scaling``), as a table."""

from __future__ import annotations

import pytest

from codejudge.scaling import desired_workers


@pytest.mark.parametrize(
    ("ready", "busy", "mean", "arrivals", "target", "expected"),
    [
        (0, 0, None, 0.0, 5.0, 0),  # idle, nothing measured
        (3, 2, None, 0.0, 5.0, 5),  # nothing measured: one slot per job
        (0, 0, 1.0, 0.0, 5.0, 0),  # idle
        (0, 4, 1.0, 0.0, 5.0, 4),  # keep the busy ones
        (0, 1, 0.5, 10.0, 5.0, 5),  # 10 jobs/s * 0.5 s = 5 slots kept busy
        (50, 0, 1.0, 0.0, 5.0, 10),  # 50 s of work to start within 5 s
        (50, 4, 1.0, 2.0, 5.0, 14),  # both
        (1, 0, 0.1, 0.0, 5.0, 1),  # a fraction of a slot is a slot
        (-3, -1, 1.0, -2.0, 5.0, 0),  # nonsense counts are clamped
    ],
)
def test_desired_workers(
    ready: int, busy: int, mean: float | None, arrivals: float, target: float, expected: int
) -> None:
    assert (
        desired_workers(
            ready=ready,
            busy=busy,
            mean_judge_seconds=mean,
            arrivals_per_second=arrivals,
            target_wait_seconds=target,
        )
        == expected
    )


def test_a_target_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        desired_workers(
            ready=1, busy=0, mean_judge_seconds=1.0, arrivals_per_second=0, target_wait_seconds=0
        )

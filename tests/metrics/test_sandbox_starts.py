"""``codejudge_sandbox_start_seconds``: the sandbox reports each box's start time to its
listeners (real bubblewrap), and a judging child hands them to its supervisor."""

from __future__ import annotations

from codejudge.sandbox import RunLimits, open_sandbox, starts


def test_each_box_start_is_reported_while_listening() -> None:
    sandbox = open_sandbox()
    sandbox.check()
    seen: list[float] = []
    stop = starts.listen(seen.append)
    try:
        for _ in range(2):
            assert sandbox.run(["/usr/bin/true"], limits=RunLimits()).exit_code == 0
        with sandbox.prepare(["/usr/bin/true"], limits=RunLimits()):
            pass  # a prepared box counts when it is set up, run or not
    finally:
        stop()
    assert len(seen) == 3
    assert all(0 < s < 10 for s in seen)
    assert sandbox.run(["/usr/bin/true"], limits=RunLimits()).exit_code == 0
    assert len(seen) == 3  # no longer listening

"""Rate-limit tests and the minute's boundary: a per-minute counter starts afresh when the
minute turns (fixed window), and a sliding window counter rounds the previous minute's
weighted count down, so right after the turn it lets one more hit in (``limits``' rule).
A test that counts hits exactly first makes sure it is not near the end of a minute."""

from __future__ import annotations

import time

MARGIN_SECONDS = 20.0  # more than any exact-count test takes on a loaded machine


def away_from_the_turn(margin: float = MARGIN_SECONDS) -> None:
    """Return at once if ``margin`` seconds are left in this minute (Unix time), else sleep
    until just after the next minute begins."""
    left = 60 - time.time() % 60
    if left < margin:
        time.sleep(left + 0.05)

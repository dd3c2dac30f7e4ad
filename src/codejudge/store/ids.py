"""Submission ids: UUIDv7 (RFC 9562) in canonical text form.

A UUIDv7 starts with the 48-bit Unix time in milliseconds, so its canonical lowercase text (36
characters, fixed width) sorts lexicographically in creation order: the database's primary-key
index doubles as a time index, and ids leak nothing but the submission time. Within one process
ids are strictly increasing even inside one millisecond (RFC 9562 §6.2 method 2: the 74 random
bits of the previous id plus a random increment); across processes they are ordered to the
millisecond.
"""

from __future__ import annotations

import secrets
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta

_RAND_BITS = 74  # 12 bits rand_a + 62 bits rand_b
_RAND_MAX = (1 << _RAND_BITS) - 1

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

_lock = threading.Lock()
_last_ms = 0
_last_rand = 0


def _next_fields() -> tuple[int, int]:
    """(unix ms, 74 random bits), strictly increasing as a pair within this process."""
    global _last_ms, _last_rand
    with _lock:
        ms = time.time_ns() // 1_000_000
        if ms > _last_ms:
            rand = secrets.randbits(_RAND_BITS)
        else:
            # Same millisecond (or the clock stepped back): keep the previous time and count up
            # by a random step, so ids stay increasing and still hard to guess.
            ms = _last_ms
            rand = _last_rand + 1 + secrets.randbits(32)
            if rand > _RAND_MAX:  # astronomically rare: borrow the next millisecond
                ms, rand = ms + 1, secrets.randbits(_RAND_BITS)
        _last_ms, _last_rand = ms, rand
        return ms, rand


def new_id() -> str:
    """A fresh UUIDv7 string, e.g. ``0192f3c1-7a2b-7c3d-8e4f-0123456789ab``."""
    ms, rand = _next_fields()
    rand_a = rand >> 62
    rand_b = rand & ((1 << 62) - 1)
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | rand_a << 64 | 0b10 << 62 | rand_b
    return str(uuid.UUID(int=value))


def time_bound(at: datetime) -> str:
    """The smallest UUIDv7 of ``at``'s millisecond: every id made earlier sorts below it, every
    id made at or after it does not, so ``id < time_bound(at)`` means "created before ``at``".
    Times before 1970 or past the 48-bit millisecond range (year 10889) are clamped to it."""
    ms = (at - _EPOCH) // timedelta(milliseconds=1)  # no float rounding, no astimezone overflow
    ms = min(max(ms, 0), (1 << 48) - 1)
    return str(uuid.UUID(int=ms << 80 | 0x7 << 76 | 0b10 << 62))

"""Admission: whether new submissions (submissions, runs, batches, the Judge0 face's) may
enter the queue now. All of them or none; checked in this order, so that a refusal never
spends a later limit (see docs/admission.md):

1. Maintenance (``Store.admission``, shared by every process): 503 ``unavailable``, with
   ``Retry-After`` the seconds to the announced end, else ``maintenance_retry_seconds``.
2. The queue's depth (``CODEJUDGE_MAX_DEPTH``, ready jobs per priority, from
   ``queue.stats()`` read at most once a second per process): 503 with ``Retry-After:
   busy_retry_seconds``.
3. The caller's jobs in flight (``max_queued``: its submissions and runs queued or running,
   counted in the store; a batch of N needs N free): 429 ``limit: "max_queued"``.
4. The caller's rate (``rate_per_minute``, a sliding window counter of the ``limits``
   library, kept where every API process counts the same window: Redis in distributed mode,
   the store's ``rate_counters`` on one machine; a batch of N counts N): 429
   ``limit: "rate_per_minute"`` with ``Retry-After`` from the window.

Limits are the API key's own (``ApiKey.rate_per_minute``/``max_queued``), else the server's
defaults (``CODEJUDGE_RATE_PER_MINUTE``/``CODEJUDGE_MAX_QUEUED``; None: unlimited). A caller
with no key is rated per client address (an IPv6 one per /64, what one site is usually
given); ``max_queued`` counts an owner's submissions, and a submission made with no key has
none, so it applies to keys only (docs/admission.md). A request refused here stored nothing;
one admitted counts against the rate even if intake then refuses it (422: an attempt is an
attempt, as with any API rate limit). A batch larger than a limit itself can never be
admitted, however long the client waits: that is a 413 ``too_large`` (split it), not a 429.
"""

from __future__ import annotations

import ipaddress
import math
import threading
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from limits import RateLimitItemPerMinute
from limits.errors import StorageError
from limits.storage import Storage
from limits.strategies import SlidingWindowCounterRateLimiter

from codejudge.api.auth import Caller
from codejudge.api.services import services_of
from codejudge.exceptions import BACKEND_DOWN, RateLimited, TooLarge, Unavailable
from codejudge.models import NewSubmission, Priority
from codejudge.queue import Queue
from codejudge.settings import Settings
from codejudge.store import Store
from codejudge.store.admission import Maintenance

RATE = "rate_per_minute"
QUEUED = "max_queued"
# The longest Retry-After given: a client told to come back in a day still checks daily
# whether an announced end came early.
MAX_RETRY = 86_400
STATS_SECONDS = 1.0  # how stale the queue depth may be (one stats() call a second per process)
_NAMESPACE = "codejudge"  # of the rate-limit keys: codejudge/<subject>/<rate>/1/minute


@dataclass(frozen=True, slots=True)
class Quota:
    """The limits that apply to one caller: ``subject`` names its rate counter (``key:<id>``
    or ``addr:<address>``), ``owner`` the key whose submissions ``max_queued`` counts (None:
    a caller with no key, not counted)."""

    subject: str
    rate_per_minute: int | None
    max_queued: int | None
    owner: str | None


def quota_of(caller: Caller, client: str | None, settings: Settings) -> Quota:
    """The key's own limits, else the server's defaults; per client address with no key."""
    key = caller.key
    if key is None:
        return Quota(f"addr:{client_net(client)}", settings.rate_per_minute, None, None)
    rate = key.rate_per_minute if key.rate_per_minute is not None else settings.rate_per_minute
    queued = key.max_queued if key.max_queued is not None else settings.max_queued
    return Quota(f"key:{key.id}", rate, queued, key.id)


def client_net(host: str | None) -> str:
    """What one client address is counted as: an IPv4 address itself, an IPv6 one's /64
    (an IPv4-mapped one as IPv4), anything else (a Unix socket, a test client) as given."""
    if not host:
        return "unknown"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


def maintenance_retry(state: Maintenance, settings: Settings) -> int:
    """The ``Retry-After`` (whole seconds, 1 to ``MAX_RETRY``) of a refusal during
    maintenance: the time left to the announced end, else (none announced, or it passed)
    ``maintenance_retry_seconds``."""
    if state.until is not None:
        left = (state.until - datetime.now(UTC)).total_seconds()
        if left > 0:
            return min(MAX_RETRY, max(1, math.ceil(left)))
    return min(MAX_RETRY, settings.maintenance_retry_seconds)


class Gate:
    """One API process's admission: the shared state it reads (store, queue, rate counters)
    and its own one-second cache of the queue's depth. Thread-safe."""

    def __init__(self, settings: Settings, store: Store, queue: Queue, rates: Storage) -> None:
        self.settings = settings
        self.store = store
        self.queue = queue
        self.limiter = SlidingWindowCounterRateLimiter(rates)
        self._lock = threading.Lock()
        self._ready: Mapping[Priority, int] = {}
        self._ready_at = -math.inf

    def check(self, caller: Caller, client: str | None, new: Sequence[NewSubmission]) -> None:
        """Admit ``new`` for ``caller`` (from address ``client``) or raise ``Unavailable``
        (503: maintenance, a full queue, the store or counters down) or ``RateLimited``
        (429: ``max_queued``, ``rate_per_minute``). Blocking: call it in a thread."""
        if not new:
            return
        self._maintenance()
        self._depth(Counter(Priority(n.priority) for n in new))
        quota = quota_of(caller, client, self.settings)
        self._in_flight(quota, len(new))
        self._rate(quota, len(new))

    def _maintenance(self) -> None:
        state = self.store.admission.maintenance()
        if state is None:
            return
        end = f" (expected to end at {state.until.isoformat()})" if state.until else ""
        raise Unavailable(
            f"codejudge is in maintenance{end}: {state.message} — new submissions are "
            "refused for now, submissions already queued are judged, reads work",
            retry_after=maintenance_retry(state, self.settings),
        )

    def _depth(self, wanted: Counter[Priority]) -> None:
        limits = {str(name): cap for name, cap in self.settings.max_depth.items()}
        if not limits:
            return
        ready = self._ready_now()
        for priority, n in sorted(wanted.items()):
            name = priority.name.lower()
            cap = limits.get(name)
            if cap is not None and ready.get(priority, 0) + n > cap:
                raise Unavailable(
                    f"the queue is full: {ready.get(priority, 0)} {name} jobs are waiting and "
                    f"at most {cap} may (CODEJUDGE_MAX_DEPTH); retry later",
                    retry_after=self.settings.busy_retry_seconds,
                )

    def _ready_now(self) -> Mapping[Priority, int]:
        """Ready jobs per priority, at most ``STATS_SECONDS`` old."""
        with self._lock:
            if time.monotonic() - self._ready_at >= STATS_SECONDS:
                self._ready = dict(self.queue.stats().ready)
                self._ready_at = time.monotonic()
            return self._ready

    def _in_flight(self, quota: Quota, n: int) -> None:
        cap = quota.max_queued
        if cap is None or quota.owner is None:
            return
        if n > cap:  # never fits, however long the client waits: not a 429 to retry
            raise TooLarge(
                f"{n} submissions at once are more than this key may have queued or running "
                f"({cap}, its max_queued); send at most {cap} at a time"
            )
        active = self.store.admission.active(quota.owner)
        if active + n > cap:
            raise RateLimited(
                f"this key has {active} submissions queued or running and may have at most "
                f"{cap}; retry when some have finished",
                QUEUED,
                self.settings.busy_retry_seconds,
            )

    def _rate(self, quota: Quota, n: int) -> None:
        rate = quota.rate_per_minute
        if rate is None:
            return
        who = "this key" if quota.owner else "a client without a key"
        if n > rate:  # never fits, however long the client waits: not a 429 to retry
            raise TooLarge(
                f"{n} submissions at once are more than {who} may send in a minute ({rate}, "
                f"its rate_per_minute); send at most {rate} at a time"
            )
        item = RateLimitItemPerMinute(rate, namespace=_NAMESPACE)
        try:
            if self.limiter.hit(item, quota.subject, cost=n):
                return
            reset = self.limiter.get_window_stats(item, quota.subject).reset_time
        except StorageError as exc:
            raise Unavailable(BACKEND_DOWN, retry_after=1) from exc
        raise RateLimited(
            f"{who} may send {rate} submissions a minute and has sent them; retry later",
            RATE,
            max(1, math.ceil(reset - time.time())),
        )


async def admit(request: Request, caller: Caller, new: Sequence[NewSubmission]) -> None:
    """Admit ``new`` (all of them or none) for ``caller``, or raise ``RateLimited`` (429) or
    ``Unavailable`` (503, with ``retry_after``): see the module's docstring."""
    services = services_of(request)
    client = request.client.host if request.client else None
    await run_in_threadpool(services.gate.check, caller, client, new)

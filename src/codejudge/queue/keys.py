"""Every Redis key the queue uses, in one place (arq's ``constants.py``, BullMQ's key list).

All keys of one queue share the prefix ``codejudge:{<name>}:``. The braces are a Redis Cluster
hash tag: only the part inside them is hashed, so a whole queue lives in one slot and every
Lua script may touch any of its keys. Scripts build per-job keys themselves from the prefix
(``<prefix>job:<id>``, ``<prefix>jobev:<id>``), as BullMQ does: the keys are not known before
the script runs (claim picks the jobs), and the shared tag keeps them in the declared slot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ROOT = "codejudge"
# The tag must not contain braces (they would end it early) and should stay readable in
# ``redis-cli``; this is what queue names may be.
NAME = re.compile(r"[A-Za-z0-9_.:-]{1,64}")


@dataclass(frozen=True, slots=True)
class QueueKeys:
    """The key names of one queue; ``job(id)`` and ``job_events(id)`` are per job."""

    name: str

    def __post_init__(self) -> None:
        if not NAME.fullmatch(self.name):
            raise ValueError(f"bad queue name {self.name!r}: use 1-64 of [A-Za-z0-9_.:-]")

    @property
    def prefix(self) -> str:
        return f"{ROOT}:{{{self.name}}}:"

    @property
    def tag(self) -> str:
        """The part Redis Cluster hashes."""
        return f"{{{self.name}}}"

    @property
    def ready(self) -> str:
        """ZSET job id -> priority * 2**44 + seq (claim pops the lowest)."""
        return self.prefix + "ready"

    @property
    def delayed(self) -> str:
        """ZSET job id -> due time (server microseconds)."""
        return self.prefix + "delayed"

    @property
    def leases(self) -> str:
        """ZSET job id -> lease deadline (server microseconds)."""
        return self.prefix + "leases"

    @property
    def dead(self) -> str:
        """ZSET job id -> time of death (server microseconds): the dead-letter set."""
        return self.prefix + "dead"

    @property
    def wake(self) -> str:
        """LIST of markers that idle workers BLPOP on (see ``RedisQueue.wait``)."""
        return self.prefix + "wake"

    @property
    def events(self) -> str:
        """STREAM of every job's events; the entry id is ``<seq>-0``; trimmed MAXLEN ~."""
        return self.prefix + "events"

    @property
    def seq(self) -> str:
        """Counter ordering ready jobs within a priority (FIFO)."""
        return self.prefix + "seq"

    @property
    def token(self) -> str:
        """Counter of fencing tokens (seeded from server time when missing)."""
        return self.prefix + "token"

    @property
    def event_seq(self) -> str:
        """Counter of event seqs (seeded from server time when missing)."""
        return self.prefix + "evseq"

    @property
    def rate_limits(self) -> str:
        """The prefix of the API's rate-limit counters (``limits``' ``RedisStorage`` adds
        ``:<its key>``): in the queue's slot, and among ``pattern``'s keys."""
        return self.prefix + "limits"

    def job(self, job_id: str) -> str:
        """HASH state, priority, seq, token, deliveries, deadline, worker, claimed_at, error,
        died_at."""
        return f"{self.prefix}job:{job_id}"

    def job_events(self, job_id: str) -> str:
        """ZSET of the event seqs of one job (an index into ``events``), with a TTL."""
        return f"{self.prefix}jobev:{job_id}"

    @property
    def pattern(self) -> str:
        """A SCAN pattern for every key of this queue (tests and tools that purge it)."""
        return self.prefix + "*"  # NAME admits no glob characters

    def fixed(self) -> list[str]:
        """The keys that exist once per queue, in the order the Lua scripts take them."""
        return [
            self.ready,
            self.delayed,
            self.leases,
            self.dead,
            self.wake,
            self.events,
            self.seq,
            self.token,
            self.event_seq,
        ]

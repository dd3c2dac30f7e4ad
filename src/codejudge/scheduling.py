"""Cron schedules: fire times, the misfire policy, and the scheduler every process runs.

There is no leader. Every serve and worker process runs a ``Scheduler`` thread that, every
``schedule_poll_seconds``, asks the store for enabled schedules whose next tick is due and
claims each due tick by inserting its fire row (unique on (schedule, tick), ``INSERT … ON
CONFLICT DO NOTHING``): one process in the cluster wins and enqueues the fire job, whose id is
derived from (schedule, tick). A process dying between the insert and the enqueue leaves a
``pending`` fire that the worker pools' reconciler enqueues a few seconds later.

croniter only computes fire times (``next_tick``), in the schedule's IANA time zone, so
``0 3 * * *`` in ``Europe/Paris`` is 03:00 Paris time across daylight saving changes. Those
follow Vixie cron's rule: when clocks go back, a wall-clock time that happens twice fires
once (its first occurrence) if the cron's hour field is not a wildcard (``30 1 * * *``),
and both times if it is (``*/20 * * * *`` keeps running through the repeated hour); when
clocks go forward, a time that does not exist that day (``30 2 * * *`` in New York on a
spring-forward day) fires once, at the first instant after the gap (03:00 local).

Misfire policy (APScheduler's vocabulary): a tick first seen more than the schedule's
``misfire_grace_seconds`` after it was due (every process was down, or the store was away) is
*missed*: skipped and counted in ``Schedule.missed`` (only those: a long outage of a frequent
cron counts at most ``MAX_COUNT`` per pass, a lower bound beyond). Of the due ticks within the
grace, ``coalesce`` (the default) fires only the latest (found directly, however many are due;
the others are *coalesced*: logged, not counted as missed); without it, each fires, at most
``MAX_CATCH_UP`` per pass, oldest first, the next pass going on from there. The grace is at
least ``MIN_GRACE_SECONDS`` (the API, the CLI and the setting refuse less; ``plan`` floors a
stored one): a pass sees a tick a few milliseconds to a poll period after it is due, so a
grace of 0 would miss every tick.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from croniter import CroniterBadDateError, croniter

from codejudge.exceptions import InvalidInput
from codejudge.models import NewSubmission
from codejudge.periodic import Periodic
from codejudge.queue import Queue
from codejudge.store import Store
from codejudge.store.ids import new_id
from codejudge.store.schedules import FIRE_PRIORITY, Action, Fire, Schedule

log = logging.getLogger("codejudge.scheduling")

MAX_CATCH_UP = 1000  # ticks fired in one pass for one schedule without coalesce
MAX_COUNT = 20000  # missed ticks counted in one pass for one schedule (two weeks of "* * * * *")
MAX_BATCH = 100  # items of a batch schedule
MAX_PURGE_DAYS = 36500  # a purge's params.days: 100 years (a timedelta overflows far above)
# The least misfire grace, seconds: twice the longest poll period (settings: <= 5 s), so every
# process that is up sees a tick within it. settings.py repeats the number (it imports nothing).
MIN_GRACE_SECONDS = 10.0
MAX_GRACE_SECONDS = 366 * 86400.0
# A schedule's name: it is a path segment of the API (/api/v1/admin/schedules/NAME) and a CLI
# argument, so no "/", no control characters, no leading "." or "-".
NAME_PATTERN = r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}"
NAME_RULE = "1 to 64 of A-Z a-z 0-9 . _ -, starting with a letter or a digit"
_NAME = re.compile(NAME_PATTERN)
_FIELDS = (
    ("minute", "0-59"), ("hour", "0-23"), ("day of month", "1-31"), ("month", "1-12"),
    ("day of week", "0-7"),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Plan:
    """What to do with a due schedule now: ``fire`` these ticks, count ``missed`` ones (past
    the grace; a lower bound if ``MAX_COUNT`` were counted), report ``coalesced`` ones (within
    the grace, not fired: coalesce), and move its next tick to ``next_tick`` (the first after
    now, or without coalesce the first not yet fired when a pass hit ``MAX_CATCH_UP``)."""

    fire: list[datetime]
    missed: int
    next_tick: datetime
    coalesced: int = 0


def _ticks(cron: str, timezone: str, after: datetime) -> Iterator[datetime]:
    """The ticks of ``cron`` (in ``timezone``) strictly after ``after``, UTC, in order, with
    Vixie cron's daylight saving rule (the module's docstring)."""
    zone = ZoneInfo(timezone)
    fixed_hour = not cron.split()[1].startswith("*")
    ticks = croniter(cron, after.astimezone(zone))
    while True:
        tick = ticks.get_next(datetime).astimezone(UTC)
        # fold 1: the second occurrence of a repeated wall-clock time (clocks went back).
        if not (fixed_hour and tick.astimezone(zone).fold == 1):
            yield tick


def next_tick(cron: str, timezone: str, after: datetime) -> datetime:
    """The first tick of ``cron`` (5 fields, in ``timezone``) strictly after ``after``, UTC.
    Across daylight saving changes, Vixie cron's rule (the module's docstring)."""
    return next(_ticks(cron, timezone, after))


def latest_tick(cron: str, timezone: str, first: datetime, now: datetime) -> datetime:
    """The latest tick at or before ``now``, given ``first``, a tick at or before ``now``.
    A bisection on time (to 1 s; ticks are whole minutes apart): some 25 ``next_tick`` calls
    for a year, however many ticks lie between."""
    if next_tick(cron, timezone, first) > now:
        return first
    low, high = first, now  # next_tick(low) <= now < next_tick(high)
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if next_tick(cron, timezone, middle) <= now:
            low = middle
        else:
            high = middle
    return next_tick(cron, timezone, low)


def _count(cron: str, timezone: str, first: datetime, before: datetime) -> int:
    """Ticks from ``first`` (a tick) up to, not including, ``before``; at most MAX_COUNT."""
    if first >= before:
        return 0
    n = 1
    for tick in _ticks(cron, timezone, first):
        if tick >= before or n >= MAX_COUNT:
            break
        n += 1
    return n


def plan(schedule: Schedule, now: datetime) -> Plan:
    """The misfire policy, pure: of the due ticks from ``schedule.next_fire_at`` up to
    ``now``, those later than the grace are missed; of the rest, ``coalesce`` fires the latest
    (the others coalesced), else each fires (``MAX_CATCH_UP`` a pass)."""
    first = schedule.next_fire_at
    assert first is not None
    cron, zone = schedule.cron, schedule.timezone
    grace = timedelta(seconds=max(schedule.misfire_grace_seconds, MIN_GRACE_SECONDS))
    cutoff = now - grace  # a tick at or after it is within the grace
    tiny = timedelta(microseconds=1)
    start = first if first >= cutoff else next_tick(cron, zone, cutoff - tiny)
    missed = _count(cron, zone, first, min(start, now + tiny))
    if start > now:  # none within the grace
        return Plan([], missed, start)
    if schedule.coalesce:
        latest = latest_tick(cron, zone, start, now)
        coalesced = _count(cron, zone, start, latest)
        return Plan([latest], missed, next_tick(cron, zone, latest), coalesced)
    fire = [start]
    tick = next_tick(cron, zone, start)
    while tick <= now and len(fire) < MAX_CATCH_UP:
        fire.append(tick)
        tick = next_tick(cron, zone, tick)
    return Plan(fire, missed, tick)  # tick <= now: the next pass fires on from there


def validate(
    name: str,
    cron: str,
    timezone: str,
    action: Action,
    params: dict[str, Any],
    check_item: Callable[[NewSubmission], None] | None = None,
) -> dict[str, Any]:
    """``InvalidInput`` naming what is wrong; else the params normalised. ``check_item``
    validates each item of a batch as ``POST /api/v1/submissions/batch`` would (the API and the
    CLI pass ``Submissions.validate``)."""
    if not _NAME.fullmatch(name):
        raise InvalidInput(f"name: {name[:70]!r} is not a schedule name ({NAME_RULE})")
    _check_cron(cron)
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(f"timezone: {timezone!r} is not an IANA time zone") from None
    try:
        next_tick(cron, timezone, datetime.now(UTC))
    except CroniterBadDateError:  # e.g. "0 0 30 2 *": croniter gives up looking
        raise InvalidInput(f"cron: {cron!r} never fires") from None
    return _validate_params(action, params, check_item)


def _check_cron(cron: str) -> None:
    """``InvalidInput`` naming the field at fault, unless ``cron`` is a valid 5-field cron."""
    fields = cron.split()
    if len(fields) != 5:
        raise InvalidInput(
            f"cron: {cron!r} is not a 5-field cron expression (m h dom mon dow): "
            f"{len(fields)} field(s)"
        )
    for i, ((what, bounds), field) in enumerate(zip(_FIELDS, fields, strict=True)):
        alone = " ".join(field if j == i else "*" for j in range(5))
        if not croniter.is_valid(alone):
            raise InvalidInput(
                f"cron: field {i + 1} ({what}) {field!r} is out of range ({bounds}) or malformed"
            )
    if not croniter.is_valid(cron):
        raise InvalidInput(f"cron: {cron!r} is not a valid cron expression")


def check_grace(seconds: float) -> float:
    """``InvalidInput`` unless a misfire grace of ``seconds`` can ever fire a tick."""
    if not MIN_GRACE_SECONDS <= seconds <= MAX_GRACE_SECONDS:
        raise InvalidInput(
            f"misfire grace: {MIN_GRACE_SECONDS:g} to {MAX_GRACE_SECONDS:g} seconds, "
            f"not {seconds:g}"
        )
    return seconds


def _validate_params(
    action: Action, params: dict[str, Any], check_item: Callable[[NewSubmission], None] | None
) -> dict[str, Any]:
    if action is Action.REJUDGE:
        problem = params.get("problem")
        if not isinstance(problem, str) or not problem:
            raise InvalidInput("params.problem: the slug of the problem to rejudge")
        return {"problem": problem}
    if action is Action.PURGE:
        days = params.get("days")
        if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= MAX_PURGE_DAYS:
            raise InvalidInput(f"params.days: a whole number of days, 1 to {MAX_PURGE_DAYS}")
        return {"days": days}
    if action is Action.BATCH:
        return {"items": _batch_items(params.get("items"), check_item)}
    if params:
        raise InvalidInput(f"params: {action} takes none")
    return {}


def _batch_items(
    items: Any, check_item: Callable[[NewSubmission], None] | None
) -> list[dict[str, str]]:
    if not isinstance(items, list) or not 1 <= len(items) <= MAX_BATCH:
        raise InvalidInput(f"params.items: a list of 1 to {MAX_BATCH} submissions")
    out = []
    for i, item in enumerate(items):
        keys = ("problem", "language", "code")
        if not isinstance(item, dict) or set(item) != set(keys):
            raise InvalidInput(f"params.items[{i}]: exactly problem, language and code")
        if not all(isinstance(item[k], str) for k in keys):
            raise InvalidInput(f"params.items[{i}]: problem, language and code are strings")
        if check_item is not None:
            try:
                check_item(NewSubmission(item["problem"], item["language"], item["code"]))
            except InvalidInput as exc:
                raise InvalidInput(f"params.items[{i}]: {exc}") from None
        out.append({k: item[k] for k in keys})
    return out


def new_schedule(
    name: str, cron: str, timezone: str, action: Action, params: dict[str, Any],
    misfire_grace_seconds: float, coalesce: bool = True, enabled: bool = True,
) -> Schedule:  # fmt: skip
    """A schedule to store (``Store.schedules.create``), its first tick computed from now.
    Validate first (``validate``)."""
    now = datetime.now(UTC)
    first = next_tick(cron, timezone, now) if enabled else None
    return Schedule(
        new_id(),
        name,
        cron,
        timezone,
        action,
        params,
        enabled,
        misfire_grace_seconds,
        coalesce,
        now,
        first,
    )


def pause(store: Store, ref: str) -> Schedule:
    return store.schedules.set_enabled(ref, False, None)


def resume(store: Store, ref: str) -> Schedule:
    """Enabled again from the next tick after now: ticks of the pause are not fired."""
    schedule = store.schedules.get(ref)
    after = next_tick(schedule.cron, schedule.timezone, datetime.now(UTC))
    return store.schedules.set_enabled(schedule.id, True, after)


def trigger(store: Store, queue: Queue, ref: str) -> Fire:
    """Fire the schedule now, outside its cron (paused or not): a manual fire, its tick the
    current millisecond."""
    schedule = store.schedules.get(ref)
    now = datetime.now(UTC)
    now = now.replace(microsecond=now.microsecond // 1000 * 1000)  # the job id's resolution
    fire = store.schedules.claim(schedule.id, now, manual=True)
    if fire is None:  # the same millisecond, twice: that one fire is it
        raise InvalidInput("triggered twice in one millisecond; try again")
    queue.enqueue(fire.id, FIRE_PRIORITY)
    return fire


def fire_due(store: Store, queue: Queue, now: datetime | None = None) -> list[Fire]:
    """One pass: claim and enqueue every due tick; the fires this process won. A schedule
    that fails (a stored cron or zone this version refuses, say) is logged and left for the
    next pass; the others fire. ``Unavailable`` if the store cannot say what is due."""
    now = now or datetime.now(UTC)
    won: list[Fire] = []
    for schedule in store.schedules.due(now):
        try:
            won += fire_schedule(store, queue, schedule, now)
        except Exception:
            log.exception("schedule %s (%s): this pass failed", schedule.name, schedule.id)
    return won


def fire_schedule(store: Store, queue: Queue, schedule: Schedule, now: datetime) -> list[Fire]:
    """Claim and enqueue the due ticks of ``schedule`` (as read by ``due``), then move its
    next tick on; the fires this process won. A claim is refused if the schedule was paused,
    deleted or advanced by another process since it was read (``ScheduleStore.claim``)."""
    seen = schedule.next_fire_at
    assert seen is not None
    what = plan(schedule, now)
    won: list[Fire] = []
    for tick in what.fire:
        fire = store.schedules.claim(schedule.id, tick, seen=seen)
        if fire is not None:
            queue.enqueue(fire.id, FIRE_PRIORITY)
            won.append(fire)
            log.info("schedule %s fired for %s", schedule.name, tick.isoformat())
    last = what.fire[-1] if what.fire else None
    advanced = store.schedules.advance(schedule.id, seen, what.next_tick, last, what.missed)
    if advanced and what.missed:
        log.warning("schedule %s: %s%d tick(s) missed, past the misfire grace", schedule.name,
                    "at least " if what.missed >= MAX_COUNT else "", what.missed)  # fmt: skip
    if advanced and what.coalesced:
        log.info("schedule %s: %d earlier tick(s) within the grace coalesced into this fire",
                 schedule.name, what.coalesced)  # fmt: skip
    return won


class Scheduler(Periodic):
    """The thread every serve and worker process runs: ``fire_due`` every ``period`` seconds,
    just past each period boundary (a tick on a whole second is seen at once). A failed pass
    (the store or queue briefly away) leaves the tick to a later pass, or to the misfire policy
    if that is past its grace. A daemon thread; ``stop`` ends it."""

    def __init__(self, store: Store, queue: Queue, period: float) -> None:
        super().__init__("codejudge-scheduler", period, aligned=True)
        self.store = store
        self.queue = queue

    def tick(self) -> None:
        fire_due(self.store, self.queue)

"""The store's tables as SQLAlchemy Core metadata: what the running code reads and writes.

Migrations (``migrations/versions``) are frozen, hand-written snapshots and do not import this
module; ``tests/store`` checks that the two agree.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

from codejudge.models import Priority, SubmissionKind


class UTCDateTime(sa.TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every backend.

    PostgreSQL stores ``timestamptz``; SQLite has no time zone type and SQLAlchemy hands back
    naive datetimes, so values are stored as naive UTC there and made aware again on the way out.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: the store only takes tz-aware datetimes")
        value = value.astimezone(UTC)
        # Naive UTC on SQLite keeps the stored text in one format, so it sorts by time.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


metadata = sa.MetaData()

submissions = sa.Table(
    "submissions",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),  # a UUIDv7, see ``ids``
    sa.Column("problem", sa.String(128), nullable=False),
    sa.Column("language", sa.String(32), nullable=False),
    sa.Column("code", sa.Text, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("priority", sa.Integer, nullable=False),
    sa.Column("verdict", sa.String(32), nullable=True),
    sa.Column("result", sa.Text, nullable=True),  # JudgeResult.to_json()
    sa.Column("token", sa.BigInteger, nullable=True),  # fencing token of the current delivery
    sa.Column("attempts", sa.Integer, nullable=False, server_default=sa.text("0")),
    sa.Column("queued_at", UTCDateTime, nullable=False),
    sa.Column("started_at", UTCDateTime, nullable=True),
    sa.Column("finished_at", UTCDateTime, nullable=True),
    sa.Column("owner", sa.String(36), nullable=True),  # the ApiKey's id; None: made with no key
    sa.Column("callback_url", sa.Text, nullable=True),  # the webhook of its result
    sa.Column("custom", sa.Text, nullable=True),  # CustomInput.to_dict() as JSON
    sa.Index("ix_submissions_owner_status", "owner", "status", "id"),
    # The reconciler's order (``Store.queued_ids``): a status's rows by priority, then age.
    sa.Index("ix_submissions_status_priority_queued_at", "status", "priority", "queued_at", "id"),
    sa.Index("ix_submissions_problem", "problem"),
    sa.Index("ix_submissions_started_at", "started_at"),
    sa.Index("ix_submissions_finished_at", "finished_at"),
)


api_keys = sa.Table(
    "api_keys",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("name", sa.String(128), nullable=False),
    sa.Column("prefix", sa.String(16), nullable=False),
    sa.Column("key_hash", sa.String(64), nullable=False, unique=True),  # SHA-256 of the key, hex
    sa.Column("roles", sa.String(64), nullable=False),  # comma-separated Role values
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("revoked_at", UTCDateTime, nullable=True),
    sa.Column("last_used_at", UTCDateTime, nullable=True),
    sa.Column("rate_per_minute", sa.Integer, nullable=True),
    sa.Column("max_queued", sa.Integer, nullable=True),
    sa.Column("callback_url", sa.Text, nullable=True),
    sa.Column("webhook_secret", sa.String(128), nullable=False),
)


rate_counters = sa.Table(
    "rate_counters",
    metadata,
    sa.Column("key", sa.String(255), primary_key=True),
    sa.Column("value", sa.BigInteger, nullable=False),
    sa.Column("expires_at", sa.Float, nullable=False),  # Unix time, seconds
)


def of_kind(kind: SubmissionKind) -> sa.ColumnElement[bool]:
    """The ``submissions`` rows of one kind. The kind is not stored: like ``Submission.kind`` it
    derives from the priority (a run is made at ``Priority.RUN``; a rejudge is a submission)."""
    if kind is SubmissionKind.RUN:
        return submissions.c.priority == int(Priority.RUN)
    return submissions.c.priority != int(Priority.RUN)


workers = sa.Table(
    "workers",
    metadata,
    sa.Column("id", sa.String(200), primary_key=True),  # host:pid
    sa.Column("host", sa.String(200), nullable=False),
    sa.Column("pid", sa.Integer, nullable=False),
    sa.Column("concurrency", sa.Integer, nullable=False),
    sa.Column("started_at", UTCDateTime, nullable=False),
    sa.Column("last_seen", UTCDateTime, nullable=False),
    sa.Column("languages", sa.Text, nullable=True),  # JSON {id: None | why its self-test failed}
)

locks = sa.Table(
    "locks",
    metadata,
    sa.Column("name", sa.String(100), primary_key=True),
    sa.Column("holder", sa.String(200), nullable=False),
    sa.Column("expires_at", UTCDateTime, nullable=False),
)

# A "problem measurement" job (see ``store.problem_jobs``): an uploaded Kattis package whose
# time limit a worker derives by judging its submissions. Its queue job id is its ``id``.
problem_jobs = sa.Table(
    "problem_jobs",
    metadata,
    sa.Column("id", sa.String(48), primary_key=True),  # "problem-" + a UUIDv7
    sa.Column("slug", sa.String(128), nullable=False),
    sa.Column("package", sa.String(300), nullable=False),  # relative to the problems dir
    sa.Column("replace", sa.Boolean, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("token", sa.BigInteger, nullable=True),  # fencing token of the current delivery
    sa.Column("attempts", sa.Integer, nullable=False, server_default=sa.text("0")),
    sa.Column("time_ms", sa.Integer, nullable=True),
    sa.Column("report", sa.Text, nullable=True),  # JSON: time_limit_from, runs, warnings
    sa.Column("error", sa.Text, nullable=True),
    sa.Column("queued_at", UTCDateTime, nullable=False),
    sa.Column("started_at", UTCDateTime, nullable=True),
    sa.Column("finished_at", UTCDateTime, nullable=True),
    sa.Index("ix_problem_jobs_status_queued_at", "status", "queued_at"),
)

# Queue depth sampled every few seconds (see ``store.metrics``), one row per priority. ``at`` is
# rounded down to the sampling period: processes sampling at once write one row, not several.
# Not ``queue_*``: the SQLite queue owns those names in the shared file.
depth_samples = sa.Table(
    "depth_samples",
    metadata,
    sa.Column("at", UTCDateTime, primary_key=True),
    sa.Column("priority", sa.SmallInteger, primary_key=True),
    sa.Column("ready", sa.Integer, nullable=False),
    sa.Column("running", sa.Integer, nullable=False),  # queue-wide: the same in every row of `at`
    sa.Column("delayed", sa.Integer, nullable=False),
    sa.Column("dead", sa.Integer, nullable=False),
)

# Webhooks (``store.deliveries``): a result to POST, leased by one process while it sends
# (``lease_holder`` is that claim's random token), and each attempt at it.
webhook_deliveries = sa.Table(
    "webhook_deliveries",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),  # a UUIDv7
    sa.Column("submission_id", sa.String(36), nullable=False),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),  # DeliveryStatus
    sa.Column("attempts", sa.Integer, nullable=False, server_default=sa.text("0")),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("next_attempt_at", UTCDateTime, nullable=True),  # None once delivered or failed
    sa.Column("lease_holder", sa.String(64), nullable=True),
    sa.Column("lease_until", UTCDateTime, nullable=True),
    sa.Column("finished_at", UTCDateTime, nullable=True),
    sa.Column("last_error", sa.Text, nullable=True),
    sa.Index("ix_webhook_deliveries_submission", "submission_id"),
    sa.Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
)

webhook_attempts = sa.Table(
    "webhook_attempts",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),  # a UUIDv7: in attempt order
    sa.Column("delivery_id", sa.String(36), nullable=False),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("address", sa.String(64), nullable=True),  # the IP address connected to
    sa.Column("status_code", sa.Integer, nullable=True),
    sa.Column("error", sa.Text, nullable=True),
    sa.Column("duration_ms", sa.Integer, nullable=False),
    sa.Column("next_retry_at", UTCDateTime, nullable=True),
    sa.Index("ix_webhook_attempts_delivery", "delivery_id", "id"),
)

# Schedules (``store.schedules``, ``codejudge.scheduling``): a cron expression in a time zone and
# the action it fires; ``next_fire_at`` is the next tick not yet claimed, in UTC.
schedules = sa.Table(
    "schedules",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),  # a UUIDv7
    sa.Column("name", sa.String(128), nullable=False, unique=True),
    sa.Column("cron", sa.String(256), nullable=False),
    sa.Column("timezone", sa.String(64), nullable=False),
    sa.Column("action", sa.String(16), nullable=False),  # scheduling's Action
    sa.Column("params", sa.Text, nullable=False),  # JSON, per action
    sa.Column("enabled", sa.Boolean, nullable=False),
    sa.Column("misfire_grace_seconds", sa.Float, nullable=False),
    sa.Column("coalesce", sa.Boolean, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("next_fire_at", UTCDateTime, nullable=True),  # None while paused
    sa.Column("last_fire_at", UTCDateTime, nullable=True),  # the last tick claimed
    sa.Column("missed", sa.Integer, nullable=False, server_default=sa.text("0")),
    sa.Index("ix_schedules_enabled_next", "enabled", "next_fire_at"),
)

# One row per fired tick. The unique (schedule_id, tick) is the claim: every process that sees
# the tick due inserts it with ON CONFLICT DO NOTHING, and only the one whose row went in
# enqueues the fire job, whose queue id is the row's ``id`` (derived from schedule and tick).
schedule_fires = sa.Table(
    "schedule_fires",
    metadata,
    sa.Column("id", sa.String(80), primary_key=True),  # "fire-<schedule id>-<tick unix ms>"
    sa.Column("schedule_id", sa.String(36), nullable=False),
    sa.Column("tick", UTCDateTime, nullable=False),
    sa.Column("manual", sa.Boolean, nullable=False),  # "trigger now", not a cron tick
    sa.Column("status", sa.String(16), nullable=False),  # FireStatus
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("finished_at", UTCDateTime, nullable=True),
    sa.Column("result", sa.Text, nullable=True),  # JSON, per action
    sa.Column("error", sa.Text, nullable=True),
    sa.UniqueConstraint("schedule_id", "tick", name="uq_schedule_fires_tick"),
    sa.Index("ix_schedule_fires_status_created", "status", "created_at"),
)

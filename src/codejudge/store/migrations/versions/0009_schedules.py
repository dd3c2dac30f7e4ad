"""Schedules: ``schedules`` (cron expression, time zone, action, next and last tick) and
``schedule_fires`` (one row per fired tick; the unique (schedule_id, tick) is what makes a tick
fire once across every process).

Revision ID: 0009
Revises: 0008
Create Date: 2027-03-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "schedules",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("name", sa.String(128), nullable=False, unique=True),
        sa.Column("cron", sa.String(256), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("params", sa.Text, nullable=False),
        sa.Column("enabled", sa.Boolean, nullable=False),
        sa.Column("misfire_grace_seconds", sa.Float, nullable=False),
        sa.Column("coalesce", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("next_fire_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_fire_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("missed", sa.Integer, nullable=False, server_default=sa.text("0")),
    )
    # The scheduler's question every second: enabled schedules whose next tick is due.
    op.create_index("ix_schedules_enabled_next", "schedules", ["enabled", "next_fire_at"])
    op.create_table(
        "schedule_fires",
        sa.Column("id", sa.String(80), primary_key=True),
        sa.Column("schedule_id", sa.String(36), nullable=False),
        sa.Column("tick", sa.DateTime(timezone=True), nullable=False),
        sa.Column("manual", sa.Boolean, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("result", sa.Text, nullable=True),
        sa.Column("error", sa.Text, nullable=True),
        sa.UniqueConstraint("schedule_id", "tick", name="uq_schedule_fires_tick"),
    )
    # The reconciler's question: pending fires older than a few seconds.
    op.create_index("ix_schedule_fires_status_created", "schedule_fires", ["status", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_schedule_fires_status_created", "schedule_fires")
    op.drop_table("schedule_fires")
    op.drop_index("ix_schedules_enabled_next", "schedules")
    op.drop_table("schedules")

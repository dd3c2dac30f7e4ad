"""``queue_jobs.claimed_at``: when the current delivery was claimed (``Queue.running``).

Set by ``claim``, cleared with the lease (as ``worker`` and ``deadline`` are). A job leased when
the file is upgraded was claimed by a version that did not record the time: it counts from the
upgrade (as ``done_at`` did in 0001).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import time

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.execute("ALTER TABLE queue_jobs ADD COLUMN claimed_at REAL")
    op.get_bind().exec_driver_sql(
        "UPDATE queue_jobs SET claimed_at = ? WHERE state = 'leased'", (time.time(),)
    )


def downgrade() -> None:
    op.execute("ALTER TABLE queue_jobs DROP COLUMN claimed_at")  # SQLite >= 3.35

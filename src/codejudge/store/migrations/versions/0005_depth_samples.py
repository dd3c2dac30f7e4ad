"""Queue depth samples for the dashboard's history (one row per sample time and priority).

Named ``depth_samples``, not ``queue_samples``: in the embedded mode the SQLite queue shares
the database file and owns every ``queue_*`` table there (``env.py`` skips them).

Revision ID: 0005
Revises: 0004
Create Date: 2027-01-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    # ``at`` is rounded down to the sampling period, so processes sampling at once insert the
    # same key and all but the first are ignored. running/delayed/dead are queue-wide: every
    # priority's row of one sample carries the same values.
    op.create_table(
        "depth_samples",
        sa.Column("at", sa.DateTime(timezone=True), primary_key=True),
        sa.Column("priority", sa.SmallInteger, primary_key=True),
        sa.Column("ready", sa.Integer, nullable=False),
        sa.Column("running", sa.Integer, nullable=False),
        sa.Column("delayed", sa.Integer, nullable=False),
        sa.Column("dead", sa.Integer, nullable=False),
    )
    # The history reads submissions by when they started and finished.
    op.create_index("ix_submissions_started_at", "submissions", ["started_at"])
    op.create_index("ix_submissions_finished_at", "submissions", ["finished_at"])


def downgrade() -> None:
    op.drop_index("ix_submissions_finished_at", "submissions")
    op.drop_index("ix_submissions_started_at", "submissions")
    op.drop_table("depth_samples")

"""The submissions table.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "submissions",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("problem", sa.String(128), nullable=False),
        sa.Column("language", sa.String(32), nullable=False),
        sa.Column("code", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("priority", sa.Integer, nullable=False),
        sa.Column("verdict", sa.String(32), nullable=True),
        sa.Column("result", sa.Text, nullable=True),
        sa.Column("token", sa.BigInteger, nullable=True),
        sa.Column("attempts", sa.Integer, nullable=False, server_default=sa.text("0")),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_submissions_status_queued_at", "submissions", ["status", "queued_at"])
    op.create_index("ix_submissions_problem", "submissions", ["problem"])


def downgrade() -> None:
    op.drop_index("ix_submissions_problem", table_name="submissions")
    op.drop_index("ix_submissions_status_queued_at", table_name="submissions")
    op.drop_table("submissions")

"""Problem measurement jobs: an uploaded package's time limit, measured by a worker.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "problem_jobs",
        sa.Column("id", sa.String(48), primary_key=True),
        sa.Column("slug", sa.String(128), nullable=False),
        sa.Column("package", sa.String(300), nullable=False),
        sa.Column("replace", sa.Boolean, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("token", sa.BigInteger, nullable=True),
        sa.Column("attempts", sa.Integer, nullable=False, server_default=sa.text("0")),
        sa.Column("time_ms", sa.Integer, nullable=True),
        sa.Column("report", sa.Text, nullable=True),
        sa.Column("error", sa.Text, nullable=True),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_problem_jobs_status_queued_at", "problem_jobs", ["status", "queued_at"])


def downgrade() -> None:
    op.drop_index("ix_problem_jobs_status_queued_at", "problem_jobs")
    op.drop_table("problem_jobs")

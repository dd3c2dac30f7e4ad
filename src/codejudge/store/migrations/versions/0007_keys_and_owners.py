"""API keys, and what a submission carries beyond its code: the key that made it (``owner``),
its webhook (``callback_url``) and a run's own input (``custom``, ``CustomInput`` as JSON).

Revision ID: 0007
Revises: 0006
Create Date: 2027-02-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "api_keys",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("prefix", sa.String(16), nullable=False),
        sa.Column("key_hash", sa.String(64), nullable=False, unique=True),  # SHA-256, hex
        sa.Column("roles", sa.String(64), nullable=False),  # comma-separated Role values
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("rate_per_minute", sa.Integer, nullable=True),
        sa.Column("max_queued", sa.Integer, nullable=True),
        sa.Column("callback_url", sa.Text, nullable=True),
        sa.Column("webhook_secret", sa.String(128), nullable=False),
    )
    # Rate-limit counters when the store keeps them (one machine): ``limits``' storage
    # contract over SQL, so that every API process counts the same window.
    op.create_table(
        "rate_counters",
        sa.Column("key", sa.String(255), primary_key=True),
        sa.Column("value", sa.BigInteger, nullable=False),
        sa.Column("expires_at", sa.Float, nullable=False),  # Unix time, seconds
    )
    with op.batch_alter_table("submissions") as batch:
        batch.add_column(sa.Column("owner", sa.String(36), nullable=True))
        batch.add_column(sa.Column("callback_url", sa.Text, nullable=True))
        batch.add_column(sa.Column("custom", sa.Text, nullable=True))
    # A key's own submissions, newest first (``GET /api/v1/submissions`` for a read key) and
    # its queued ones (the concurrent-queued quota).
    op.create_index("ix_submissions_owner_status", "submissions", ["owner", "status", "id"])


def downgrade() -> None:
    op.drop_index("ix_submissions_owner_status", "submissions")
    with op.batch_alter_table("submissions") as batch:
        batch.drop_column("custom")
        batch.drop_column("callback_url")
        batch.drop_column("owner")
    op.drop_table("rate_counters")
    op.drop_table("api_keys")

"""What each worker's language self-tests found.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    # JSON {language id: null if its self-test passed, else why it failed}; null = not run yet.
    op.add_column("workers", sa.Column("languages", sa.Text, nullable=True))


def downgrade() -> None:
    op.drop_column("workers", "languages")

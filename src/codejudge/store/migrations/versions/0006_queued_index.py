"""The reconciler's index: queued submissions in its order (priority, then age).

``Store.queued_ids`` asks for ``status = 'queued' AND queued_at <= cutoff ORDER BY priority,
queued_at, id LIMIT n``; the old index on (status, queued_at) left that sort to the database,
over every queued row. (status, priority, queued_at, id) hands them over in order instead. It
serves every other use of the old one (a status's rows), which goes: one index less per write.

Revision ID: 0006
Revises: 0005
Create Date: 2027-01-20
"""

from __future__ import annotations

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_index(
        "ix_submissions_status_priority_queued_at",
        "submissions",
        ["status", "priority", "queued_at", "id"],
    )
    op.drop_index("ix_submissions_status_queued_at", "submissions")


def downgrade() -> None:
    op.create_index("ix_submissions_status_queued_at", "submissions", ["status", "queued_at"])
    op.drop_index("ix_submissions_status_priority_queued_at", "submissions")

"""The queue's tables: jobs, events and counters; adopts queue files made before Alembic.

Until this revision the queue created its tables itself (``CREATE TABLE IF NOT EXISTS``) and
upgraded them in place, so a file may hold them already, in one of two shapes: today's, or the
one from before ``done_at`` (added with ``reap``'s forgetting of done jobs). Both become this
revision's schema with their rows kept; a new file gets the tables.

Revision ID: 0001
Revises:
Create Date: 2026-12-01
"""

from __future__ import annotations

import time

from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

# The schema as queue/sqlite.py created it (verbatim, so files it made match exactly).
SCHEMA = """
CREATE TABLE IF NOT EXISTS queue_jobs (
    id TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    priority INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    ready_at REAL NOT NULL,
    deadline REAL,
    token INTEGER NOT NULL DEFAULT 0,
    deliveries INTEGER NOT NULL DEFAULT 0,
    worker TEXT,
    error TEXT,
    died_at REAL,
    done_at REAL
);
CREATE INDEX IF NOT EXISTS queue_jobs_ready ON queue_jobs (priority, seq) WHERE state = 'ready';
CREATE INDEX IF NOT EXISTS queue_jobs_delayed ON queue_jobs (ready_at) WHERE state = 'delayed';
CREATE INDEX IF NOT EXISTS queue_jobs_leased ON queue_jobs (deadline) WHERE state = 'leased';
CREATE INDEX IF NOT EXISTS queue_jobs_dead ON queue_jobs (died_at) WHERE state = 'dead';
CREATE INDEX IF NOT EXISTS queue_jobs_done ON queue_jobs (done_at) WHERE state = 'done';
CREATE TABLE IF NOT EXISTS queue_events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS queue_events_job ON queue_events (job_id, seq);
CREATE TABLE IF NOT EXISTS queue_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO queue_meta (key, value) VALUES ('seq', 0), ('token', 0);
"""


def upgrade() -> None:
    bind = op.get_bind()
    columns = {row[1] for row in bind.exec_driver_sql("PRAGMA table_info(queue_jobs)")}
    if columns and "done_at" not in columns:  # a queue file from before done_at
        op.execute("ALTER TABLE queue_jobs ADD COLUMN done_at REAL")
        # Its done jobs count from now: forgotten a ``done_ttl`` after the upgrade.
        bind.exec_driver_sql(
            "UPDATE queue_jobs SET done_at = ? WHERE state = 'done'", (time.time(),)
        )
    for statement in SCHEMA.split(";"):
        if statement.strip():
            op.execute(statement)


def downgrade() -> None:
    for table in ("queue_meta", "queue_events", "queue_jobs"):
        op.execute(f"DROP TABLE {table}")  # their indexes go with them

"""Persistence: the source of truth for submissions (SQLite or PostgreSQL, Alembic migrations)."""

from codejudge.store.store import Store

__all__ = ["Store"]

"""The store fixtures (real SQLite and real PostgreSQL) for the throughput tests."""

from tests.store.conftest import backend, pg_databases, pg_url, store, url

__all__ = ["backend", "pg_databases", "pg_url", "store", "url"]

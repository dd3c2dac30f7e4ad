"""Alembic environment for the SQLite queue's tables (``queue_*``), shipped inside the package.

The queue's history is its own: the queue's file may be the store's database (the default) or a
file of its own, so its revisions are recorded in their own version table
(``queue_alembic_version``) and never mix with the store's. ``queue.schema.migrate`` passes an
open connection, already inside a ``BEGIN IMMEDIATE`` transaction, in
``config.attributes["connection"]``; the ``alembic`` command line works too, given
``-x url=sqlite:///PATH``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

VERSION_TABLE = "queue_alembic_version"

config = context.config


def run_migrations(connection: sa.Connection) -> None:
    context.configure(connection=connection, version_table=VERSION_TABLE)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_migrations(connection)
        return
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url"
    )
    if not url:
        raise RuntimeError("no queue database: pass -x url=sqlite:///PATH or set sqlalchemy.url")
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    with engine.connect() as conn:
        run_migrations(conn)
    engine.dispose()


if context.is_offline_mode():
    raise RuntimeError("offline (--sql) migrations are not supported")
run_online()

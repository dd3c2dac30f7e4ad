"""Alembic environment for the store, shipped inside the package.

``Store.migrate`` passes an open connection, already inside a transaction that holds the
migration lock, in ``config.attributes["connection"]``; the ``alembic`` command line works too,
given ``-x url=...`` or ``sqlalchemy.url``.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import context

from codejudge.store.schema import metadata

config = context.config


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    # The SQLite queue keeps its own ``queue_*`` tables in the same file: never ours to touch.
    return not (type_ == "table" and name is not None and name.startswith("queue_"))


def run_migrations(connection: sa.Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        include_object=include_object,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite ALTERs need batch mode
    )
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
        raise RuntimeError("no database: pass -x url=... or set sqlalchemy.url")
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    with engine.connect() as conn:
        run_migrations(conn)
    engine.dispose()


if context.is_offline_mode():
    raise RuntimeError("offline (--sql) migrations are not supported")
run_online()

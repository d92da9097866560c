"""SQLite engines with the pragmas every connection needs.

Reads begin with a plain (deferred) BEGIN; the store's write sessions use an engine view
with the `write` execution option, which begins with BEGIN IMMEDIATE so that a write takes the
lock before it reads and never fails half-way with SQLITE_BUSY on upgrade.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event

from .search_index import register_functions

BUSY_TIMEOUT_MS = 10_000


def _on_connect(dbapi_connection, _record) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's implicit one is deferred).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.close()
    register_functions(dbapi_connection)  # the search index's triggers call them


def _on_begin(connection) -> None:
    immediate = connection.get_execution_options().get("write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(path: Path) -> Engine:
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def write_engine(engine: Engine) -> Engine:
    """A view of `engine` whose transactions begin with BEGIN IMMEDIATE."""
    return engine.execution_options(write=True)

"""Opening the database file: create, migrate (after a backup) or refuse it."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from ..paths import DataPaths
from . import schema
from .backup import backup_name, copy_database
from .engine import make_engine, write_engine
from .errors import DatabaseError, DatabaseTooNew, NotALetterManagerDatabase
from .write_errors import cannot_write, translated_write_errors

log = logging.getLogger(__name__)

SQLITE_MAGIC = b"SQLite format 3\x00"


class Database:
    """One database file and its engines. Sessions are short: open, work, close."""

    def __init__(self, path: Path, engine: Engine):
        self.path = path
        self.engine = engine
        self._writer = write_engine(engine)

    @classmethod
    def open(cls, paths: DataPaths, *, seed: bool = True) -> Database:
        """Open the data directory's database, creating it (with the seed data unless
        `seed` is false) or migrating it first (after a backup)."""
        paths.ensure()
        path = paths.database
        is_new = not path.exists() or path.stat().st_size == 0
        if not is_new:
            _check_sqlite_header(path)
        engine = make_engine(path)
        try:
            database = cls(path, engine)
            if is_new:
                schema.upgrade(engine)
                log.info("created a new database at %s", path)
                if seed:
                    from .seed import load_seed  # here: seeding needs the exchange module

                    load_seed(database)
            else:
                database._bring_up_to_date(paths)
        except BaseException:
            engine.dispose()
            raise
        return database

    def _bring_up_to_date(self, paths: DataPaths) -> None:
        try:
            revision = schema.current_revision(self.engine)
        except Exception as exc:  # a file SQLite cannot read
            unwritable = cannot_write(self.path.parent, exc)  # a read-only or full folder
            if unwritable is not None:
                raise unwritable from exc
            raise NotALetterManagerDatabase(
                f"{self.path} cannot be read as a database ({exc})"
            ) from exc
        head = schema.head_revision()
        if revision == head:
            return
        if revision is None:
            if schema.has_tables(self.engine):
                raise NotALetterManagerDatabase(
                    f"{self.path} is an SQLite database, but not one of LetterManager's"
                )
            schema.upgrade(self.engine)  # an empty SQLite file
            return
        if revision not in schema.known_revisions():
            raise DatabaseTooNew(
                f"{self.path} was written by a newer version of LetterManager (schema "
                f"{revision}; this version knows up to {head}). Update the app to open it."
            )
        backup = copy_database(self.path, paths.backups / backup_name(f"before-{head}"))
        log.info("backed up %s to %s before migrating from %s to %s",
                 self.path, backup, revision, head)
        schema.upgrade(self.engine)

    def session(self) -> Session:
        """A session for reading. Objects it returns stay usable after it closes."""
        return Session(self.engine, expire_on_commit=False)

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A write transaction (BEGIN IMMEDIATE): committed at the end, rolled back on error.
        A full disk or a read-only folder raises CannotWrite (a StoreError) with the reason."""
        with translated_write_errors(self.path.parent, os_errors=False):
            with Session(self._writer, expire_on_commit=False) as session:
                with session.begin():
                    yield session

    def close(self) -> None:
        self.engine.dispose()


def _check_sqlite_header(path: Path) -> None:
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise DatabaseError(f"{path} cannot be read: {exc.strerror}") from exc
    if header != SQLITE_MAGIC:
        raise NotALetterManagerDatabase(f"{path} is not a database file (it may be damaged)")


def integrity_problems(path: Path) -> list[str]:
    """SQLite's own checks of a file: integrity_check and foreign_key_check, in words."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        problems = [] if problems == ["ok"] else problems
        for table, rowid, parent, _ in connection.execute("PRAGMA foreign_key_check"):
            problems.append(f"row {rowid} of {table} points at a missing {parent}")
        return problems
    finally:
        connection.close()

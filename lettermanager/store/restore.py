"""Replacing the live database with a backup, and recovering from a damaged database file.

A restore never destroys anything: the file to restore is first copied next to the database
and checked (database_file_revision); the current database is backed up (or, when it is
damaged, kept under another name); only then does one atomic rename put the new file in place.
Every connection to the database must be closed first (Database.close()).
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

from ..paths import DataPaths
from . import schema
from .backup import STAMP_FORMAT, copy_database, sync_folder
from .backups import (
    BEFORE_RESTORE,
    BackupFailed,
    UnusableDatabaseFile,
    database_file_revision,
    make_backup,
    newest_good_backup,
)
from .errors import StoreError
from .write_errors import LOCKED, cannot_write

log = logging.getLogger(__name__)

STAGING_SUFFIX = ".restoring"
SIDE_FILES = ("-wal", "-shm", "-journal")


class NoGoodBackup(StoreError):
    pass


@dataclass(frozen=True)
class RestoreResult:
    source: Path
    revision: str
    previous_backup: Path | None = None  # a copy of the database that was replaced
    set_aside: Path | None = None  # the damaged database, kept under this name

    @property
    def needs_migration(self) -> bool:
        return self.revision != schema.head_revision()

    def lines(self) -> list[str]:
        lines = [f"restored {self.source}"]
        if self.previous_backup:
            lines.append(f"the previous database was kept as {self.previous_backup}")
        if self.set_aside:
            lines.append(f"the damaged database was kept as {self.set_aside}")
        if self.needs_migration:
            lines.append("the restored file is from an older version; it is brought up to date "
                         "when it is opened")
        return lines


def restore(paths: DataPaths, file: Path, *, set_aside_current: bool = False,
            now: datetime | None = None) -> RestoreResult:
    """Replace the data folder's database with `file`.

    `file` must be a sound LetterManager database at a revision this app knows (an older one
    is migrated when it is next opened). The current database is backed up first; when it
    cannot be copied because it is damaged, or when `set_aside_current` is true, it is kept
    under the name lettermanager-damaged-<stamp>.sqlite3 instead. Raises UnusableDatabaseFile,
    CannotWrite or StoreError; the current database is then unchanged."""
    file = Path(file)
    paths.ensure()
    staged = paths.root / (paths.database.name + STAGING_SUFFIX)
    staged.unlink(missing_ok=True)  # left by a restore that was interrupted
    try:
        _stage(file, staged)
        revision = database_file_revision(staged, shown_as=file)
        previous = aside = None
        current = paths.database
        if current.exists():
            if set_aside_current:
                aside = _set_aside(paths, now)
            else:
                try:
                    previous = make_backup(current, paths, BEFORE_RESTORE, now=now)
                except BackupFailed as exc:  # damaged: keep it whole under another name
                    log.warning("the current database cannot be copied (%s); setting it aside",
                                exc)
                    aside = _set_aside(paths, now)
                else:
                    _leave_wal_mode(current)
        try:
            os.replace(staged, current)
            sync_folder(paths.root)
        except OSError as exc:
            _raise_write_error(paths.root, exc)
    finally:
        staged.unlink(missing_ok=True)
    log.info("restored %s (schema %s) into %s", file, revision, current)
    return RestoreResult(file, revision, previous, aside)


def recover_from_backup(paths: DataPaths, backup: Path | None = None, *,
                        now: datetime | None = None) -> RestoreResult:
    """Put the newest sound backup (or `backup`) in place of a damaged database, which is
    kept under another name, never overwritten or deleted."""
    if backup is None:
        good = newest_good_backup(paths)
        if good is None:
            raise NoGoodBackup(f"there is no sound backup in {paths.backups}")
        backup = good.path
    return restore(paths, backup, set_aside_current=True, now=now)


def _stage(file: Path, staged: Path) -> None:
    """Copy `file` (with its WAL, if any) to `staged`, checked by copy_database."""
    _precheck(file)
    try:
        copy_database(file, staged)
    except OSError as exc:
        _raise_write_error(staged.parent, exc)
    except sqlite3.Error as exc:
        translated = cannot_write(staged.parent, exc)
        if translated is not None and translated.reason != LOCKED:
            raise translated from exc
        raise UnusableDatabaseFile(f"{file} is damaged or not a database ({exc})") from exc


def _raise_write_error(folder: Path, exc: OSError) -> NoReturn:
    translated = cannot_write(folder, exc)
    if translated is not None:
        raise translated from exc
    raise StoreError(f"{exc.filename or folder}: {exc.strerror or exc}") from exc


def _precheck(file: Path) -> None:
    """Refuse at once what is plainly not a database (missing, unreadable, wrong header)."""
    if not file.is_file():
        raise UnusableDatabaseFile(f"{file}: no such file")
    try:
        with open(file, "rb") as handle:
            header = handle.read(16)
    except OSError as exc:
        raise UnusableDatabaseFile(f"{file} cannot be read: {exc.strerror}") from exc
    if header != b"SQLite format 3\x00":
        raise UnusableDatabaseFile(f"{file} is not a LetterManager database (not an SQLite "
                                   "database file, or a damaged one)")


def _set_aside(paths: DataPaths, now: datetime | None) -> Path:
    """Keep the current database (and its WAL) under a new name. The main file is hard-linked
    (or copied) there, so that the database name stays occupied until the atomic replace."""
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime(STAMP_FORMAT)
    aside = paths.root / f"lettermanager-damaged-{stamp}.sqlite3"
    current = paths.database
    try:
        for suffix in SIDE_FILES:
            side = current.with_name(current.name + suffix)
            if side.exists():
                os.replace(side, aside.with_name(aside.name + suffix))
        try:
            os.link(current, aside)
        except OSError:  # a file system without hard links (FAT, some network drives)
            shutil.copy2(current, aside)
            with open(aside, "rb+") as handle:
                os.fsync(handle.fileno())
        sync_folder(paths.root)
    except OSError as exc:
        _raise_write_error(paths.root, exc)
    log.warning("kept the damaged database as %s", aside)
    return aside


def _leave_wal_mode(path: Path) -> None:
    """Checkpoint the WAL into the main file and remove it, so that no stale WAL can be
    applied to the restored file. Fails when another connection still has the file open."""
    try:
        connection = sqlite3.connect(path, timeout=2)
    except sqlite3.Error as exc:
        raise StoreError(f"{path} cannot be opened: {exc}") from exc
    try:
        mode = connection.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    except sqlite3.Error as exc:
        translated = cannot_write(path.parent, exc)
        if translated is not None and translated.reason == LOCKED:
            raise StoreError(f"the database {path} is in use by another program; close "
                             "LetterManager first") from exc
        raise translated or StoreError(f"{path} cannot be restored over: {exc}") from exc
    finally:
        connection.close()
    if mode != "delete":
        raise StoreError(f"the database {path} is in use by another program; close "
                         "LetterManager first")
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


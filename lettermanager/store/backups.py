"""Automatic backups of the live database: when they are due, their rotation, and which of
them are sound enough to restore.

Backups live in `paths.backups` as `lettermanager-<UTC stamp>-<reason>.sqlite3` (see
backup.backup_name). The reasons "daily", "before-import" and "manual" are rotated: every
backup of the last 24 hours is kept (each import of the day can be undone), and so is the newest
backup of each of the last N days that have one and of each of the last M ISO weeks that have
one (N and M from the settings file: backups_daily, backups_weekly). Backups made before a
migration or a restore are never deleted by rotation, nor is any file whose name does not
follow the pattern. Counting days *with backups* (not calendar days) means a laptop left shut
for a month still has its last N backups.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ..paths import DataPaths
from . import schema
from .backup import STAMP_FORMAT, backup_name, copy_database, readonly_uri
from .errors import StoreError
from .settings import load_settings
from .write_errors import cannot_write

log = logging.getLogger(__name__)

DAILY = "daily"
BEFORE_IMPORT = "before-import"
BEFORE_RESTORE = "before-restore"
MANUAL = "manual"
ROTATED_REASONS = frozenset({DAILY, BEFORE_IMPORT, MANUAL})
DUE_AFTER = timedelta(days=1)
KEEP_ALL_WITHIN = timedelta(days=1)
STALE_PARTIAL_SECONDS = 3600

_NAME = re.compile(r"^lettermanager-(\d{8}-\d{6}-\d{6})-([a-z0-9][a-z0-9-]*)\.sqlite3$")
_REQUIRED_TABLES = ("prisoner", "letter", "alembic_version")
_SQLITE_MAGIC = b"SQLite format 3\x00"


class BackupFailed(StoreError):
    """A backup could not be written; the database itself is unchanged."""


class UnusableDatabaseFile(StoreError):
    """A file that cannot be restored: damaged, not LetterManager's, or from a newer app."""


@dataclass(frozen=True)
class BackupFile:
    path: Path
    taken_at: datetime  # UTC, from the file name
    reason: str

    @property
    def rotated(self) -> bool:
        return self.reason in ROTATED_REASONS


def list_backups(paths: DataPaths) -> list[BackupFile]:
    """The backups in the backups folder, newest first."""
    found = []
    try:
        entries = list(paths.backups.iterdir())
    except OSError:
        return []
    for entry in entries:
        match = _NAME.match(entry.name)
        if not match or not entry.is_file():
            continue
        try:
            taken = datetime.strptime(match.group(1), STAMP_FORMAT).replace(tzinfo=UTC)
        except ValueError:
            continue
        found.append(BackupFile(entry, taken, match.group(2)))
    return sorted(found, key=lambda b: (b.taken_at, b.path.name), reverse=True)


def _source(db_or_path) -> Path:
    return Path(getattr(db_or_path, "path", db_or_path))


def make_backup(db_or_path, paths: DataPaths, reason: str, *,
                now: datetime | None = None, target: Path | None = None) -> Path:
    """Copy the live database into the backups folder, then rotate the old copies.

    Raises CannotWrite (disk full, read-only folder) or BackupFailed; the database is untouched
    either way and no partial file is left behind."""
    target = target or paths.backups / backup_name(reason, now)
    try:
        copy_database(_source(db_or_path), target)
    except (sqlite3.Error, OSError) as exc:
        translated = cannot_write(paths.backups, exc)
        if translated is not None:
            raise translated from exc
        raise BackupFailed(f"the backup could not be made: {exc}") from exc
    log.info("backed up the database to %s", target)
    try:
        rotate(paths, now=now)
    except OSError as exc:  # a backup that cannot be deleted is no reason to fail
        log.warning("could not rotate the backups: %s", exc)
    return target


def save_backup(db_or_path, paths: DataPaths, target: Path, *,
                now: datetime | None = None) -> Path:
    """A backup at a place the user chose (`backup -o FILE`, File ▸ Back up…). One saved into
    the backups folder under a backup's name takes part in the rotation."""
    target = Path(target)
    if target.absolute().parent == paths.backups.absolute():
        match = _NAME.match(target.name)
        if match:
            return make_backup(db_or_path, paths, match.group(2), now=now, target=target)
    try:
        copy_database(_source(db_or_path), target)
    except (sqlite3.Error, OSError) as exc:
        translated = cannot_write(target.absolute().parent, exc)
        if translated is not None:
            raise translated from exc
        raise BackupFailed(f"the backup could not be made: {exc}") from exc
    return target


def backup_if_due(db_or_path, paths: DataPaths, *, now: datetime | None = None) -> Path | None:
    """Back up when the newest backup is more than a day old (or there is none). Called when
    the app starts. Returns the new backup, or None when one was not due."""
    now = now or datetime.now(UTC)
    newest = next(iter(list_backups(paths)), None)
    if newest is not None and now - newest.taken_at < DUE_AFTER:
        return None
    return make_backup(db_or_path, paths, DAILY, now=now)


def backup_before_import(db_or_path, paths: DataPaths, *, now: datetime | None = None) -> Path:
    """The copy made before every import, so that an unwanted import can be undone."""
    return make_backup(db_or_path, paths, BEFORE_IMPORT, now=now)


def plan_rotation(backups: list[BackupFile], daily: int, weekly: int,
                  now: datetime | None = None) -> list[BackupFile]:
    """Which of `backups` the rotation deletes."""
    now = now or datetime.now(UTC)
    rotated = sorted((b for b in backups if b.rotated), key=lambda b: b.taken_at, reverse=True)
    keep: set[Path] = {b.path for b in rotated if now - b.taken_at < KEEP_ALL_WITHIN}
    days: set = set()
    weeks: set = set()
    for backup in rotated:
        day = backup.taken_at.date()
        if day not in days and len(days) < daily:
            days.add(day)
            keep.add(backup.path)
        week = backup.taken_at.isocalendar()[:2]
        if week not in weeks and len(weeks) < weekly:
            weeks.add(week)
            keep.add(backup.path)
    return [b for b in rotated if b.path not in keep]


def rotate(paths: DataPaths, daily: int | None = None, weekly: int | None = None, *,
           now: datetime | None = None) -> list[Path]:
    """Delete the backups the rotation does not keep, and stale partial copies. Returns the
    deleted files. `daily`/`weekly` default to the settings file's values (at least 1)."""
    settings = load_settings(paths.settings)
    daily = max(1, settings.backups_daily if daily is None else daily)
    weekly = max(0, settings.backups_weekly if weekly is None else weekly)
    deleted = []
    for backup in plan_rotation(list_backups(paths), daily, weekly, now):
        backup.path.unlink(missing_ok=True)
        deleted.append(backup.path)
        log.info("rotated out the backup %s", backup.path.name)
    for partial in paths.backups.glob("*.partial"):
        try:
            if time.time() - partial.stat().st_mtime > STALE_PARTIAL_SECONDS:
                partial.unlink()
                deleted.append(partial)
        except OSError:
            continue
    return deleted


# --- which files can be restored ---------------------------------------------------------------


def database_file_revision(path: Path, *, shown_as: Path | None = None) -> str:
    """The schema revision of a sound LetterManager database file.

    Raises UnusableDatabaseFile saying why not: missing, not a database, damaged
    (integrity_check), another program's database, or written by a newer LetterManager. The
    messages name `shown_as` (the file the user chose) when `path` is a working copy of it."""
    try:
        return _revision(Path(path))
    except UnusableDatabaseFile as exc:
        if shown_as is None:
            raise
        raise UnusableDatabaseFile(str(exc).replace(str(path), str(shown_as))) from None


def _revision(path: Path) -> str:
    if not path.is_file():
        raise UnusableDatabaseFile(f"{path}: no such file")
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(_SQLITE_MAGIC))
    except OSError as exc:
        raise UnusableDatabaseFile(f"{path} cannot be read: {exc.strerror}") from exc
    if header != _SQLITE_MAGIC:
        raise UnusableDatabaseFile(f"{path} is not a LetterManager database (not an SQLite "
                                   "database file, or a damaged one)")
    try:
        connection = sqlite3.connect(readonly_uri(path), uri=True)
    except sqlite3.Error as exc:
        raise UnusableDatabaseFile(f"{path} cannot be opened: {exc}") from exc
    try:
        result = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        if result != ["ok"]:
            raise UnusableDatabaseFile(f"{path} is damaged: {result[0]}")
        tables = {row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not set(_REQUIRED_TABLES) <= tables:
            raise UnusableDatabaseFile(f"{path} is an SQLite database, but not one of "
                                       "LetterManager's")
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error as exc:
        raise UnusableDatabaseFile(f"{path} is damaged or not a database ({exc})") from exc
    finally:
        connection.close()
    revision = revision[0] if revision else None
    head = schema.head_revision()
    if revision not in schema.known_revisions():
        raise UnusableDatabaseFile(
            f"{path} was written by a newer version of LetterManager (schema {revision}; this "
            f"version knows up to {head}). Update the app to restore it")
    return revision


def newest_good_backup(paths: DataPaths) -> BackupFile | None:
    """The newest backup that passes database_file_revision, or None."""
    for backup in list_backups(paths):
        try:
            database_file_revision(backup.path)
        except UnusableDatabaseFile as exc:
            log.warning("skipping the backup %s: %s", backup.path.name, exc)
            continue
        return backup
    return None

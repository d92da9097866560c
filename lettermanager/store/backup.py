"""Consistent copies of a live database file."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

STAMP_FORMAT = "%Y%m%d-%H%M%S-%f"


def backup_name(reason: str, now: datetime | None = None) -> str:
    """`lettermanager-<UTC stamp>-<reason>.sqlite3`; `now` (aware) is for tests' fake clocks."""
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime(STAMP_FORMAT)
    return f"lettermanager-{stamp}-{reason}.sqlite3"


def readonly_uri(path: Path) -> str:
    """An SQLite URI that opens `path` read-only (any character in the path is safe)."""
    return Path(path).absolute().as_uri() + "?mode=ro"


def copy_database(source: Path, target: Path) -> Path:
    """Copy `source` to `target` with SQLite's online backup API.

    The copy is written under a temporary name, checked with `integrity_check`, then renamed,
    so `target` is either absent or a complete, sound database.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(readonly_uri(source), uri=True)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
            result = dst.execute("PRAGMA integrity_check").fetchone()[0]
            if result != "ok":
                raise sqlite3.DatabaseError(f"the backup copy failed its integrity check: {result}")
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        src.close()
    with open(partial, "rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(partial, target)
    sync_folder(target.parent)
    return target


def sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX; Windows cannot open a folder, nor needs to)."""
    if os.name != "posix":
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)

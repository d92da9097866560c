"""Failures to write (a full disk, a read-only folder, a locked file) in words a person can act
on. SQLite rolls the transaction back in each case, so nothing was written."""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from .errors import StoreError

DISK_FULL = "the disk is full"
READ_ONLY = "it is read-only"
LOCKED = "another program is writing to the database"

# SQLite's primary result codes (sqlite3.Error.sqlite_errorcode & 0xff).
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY, _SQLITE_FULL = 5, 6, 8, 13
_SQLITE_CODES = {_SQLITE_FULL: DISK_FULL, _SQLITE_READONLY: READ_ONLY, _SQLITE_BUSY: LOCKED,
                 _SQLITE_LOCKED: LOCKED}
_SQLITE_MESSAGES = {"disk is full": DISK_FULL, "readonly database": READ_ONLY,
                    "read-only": READ_ONLY, "database is locked": LOCKED}
_ERRNOS = {errno.ENOSPC: DISK_FULL, errno.EROFS: READ_ONLY, errno.EACCES: READ_ONLY,
           errno.EPERM: READ_ONLY}
if hasattr(errno, "EDQUOT"):
    _ERRNOS[errno.EDQUOT] = DISK_FULL


class CannotWrite(StoreError):
    """Nothing could be written to the data folder; `reason` is one of the phrases above."""

    def __init__(self, folder: Path, reason: str):
        self.folder = folder
        self.reason = reason
        advice = {DISK_FULL: "free some space and try again",
                  READ_ONLY: "choose a folder you may write to, or make it writable",
                  LOCKED: "close the other program and try again"}[reason]
        super().__init__(f"cannot write to {folder}: {reason}; nothing was changed ({advice})")


def write_failure(exc: BaseException) -> str | None:
    """The reason phrase for an exception that means "cannot write", else None."""
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        exc = exc.orig
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        if code is not None and code & 0xFF in _SQLITE_CODES:
            return _SQLITE_CODES[code & 0xFF]
        message = str(exc).lower()
        for fragment, reason in _SQLITE_MESSAGES.items():
            if fragment in message:
                return reason
        return None
    if isinstance(exc, OSError):
        return _ERRNOS.get(exc.errno or 0)
    return None


def cannot_write(folder: Path, exc: BaseException) -> CannotWrite | None:
    reason = write_failure(exc)
    return None if reason is None else CannotWrite(folder, reason)


@contextmanager
def translated_write_errors(folder: Path, *, os_errors: bool = True) -> Iterator[None]:
    """Re-raise a failure to write into `folder` as CannotWrite; other errors pass through.
    `os_errors=False` leaves OSError alone (a transaction's body may read other files)."""
    try:
        yield
    except (DBAPIError, sqlite3.Error, OSError) as exc:
        translated = None if isinstance(exc, OSError) and not os_errors else \
            cannot_write(folder, exc)
        if translated is None:
            raise
        raise translated from exc

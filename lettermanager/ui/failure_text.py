"""Failures of database operations in words a person can act on, in the interface language."""

from __future__ import annotations

from pathlib import Path

from ..i18n import _
from ..store.write_errors import DISK_FULL, LOCKED, READ_ONLY, CannotWrite, cannot_write


def as_write_failure(exc: Exception, folder: Path) -> Exception:
    """A raw "cannot write" error (a full disk, a read-only folder: OSError or SQLite's) as
    CannotWrite naming `folder` (or the folder of the file an OSError names); any other
    exception unchanged."""
    if isinstance(exc, CannotWrite):
        return exc
    if isinstance(exc, OSError) and exc.filename:
        folder = Path(str(exc.filename)).parent
    return cannot_write(folder, exc) or exc


def failure_message(exc: BaseException) -> str:
    """The message the window shows for a failed operation."""
    if isinstance(exc, CannotWrite):
        lead = {
            DISK_FULL: _("The disk is full: nothing could be saved in {folder}."),
            READ_ONLY: _("The data folder {folder} is read-only: nothing could be saved."),
            LOCKED: _("Another program is writing to the database in {folder}."),
        }.get(exc.reason, _("Nothing could be saved in {folder}.")).format(folder=exc.folder)
        advice = {
            DISK_FULL: _("Nothing was changed. Free some space on the disk and try again; "
                         "LetterManager stays open and your work in open windows is kept."),
            READ_ONLY: _("Nothing was changed. Make the folder writable, or start "
                         "LetterManager with a data folder you may write to."),
            LOCKED: _("Nothing was changed. Close the other program and try again."),
        }.get(exc.reason, _("Nothing was changed."))
        return f"{lead}\n\n{advice}"
    text = str(exc) or type(exc).__name__
    return text


def error_reason(exc: BaseException) -> str:
    """One line on why an operation failed: the system's words for a file error, else the
    error's own message, capitalised to stand as a sentence."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    text = str(exc) or type(exc).__name__
    return text[:1].upper() + text[1:]

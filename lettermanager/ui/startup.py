"""What the app does before and just after its window opens: take the data folder, open the
database (offering a backup when the file is damaged), and the daily backup."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtWidgets import QMainWindow, QMessageBox

from ..i18n import _
from ..paths import DataPaths
from ..store.database import Database
from ..store.errors import NotALetterManagerDatabase, StoreError
from .backup_actions import recover_from_corrupt_database, start_daily_backup
from .worker import DatabaseWorker

log = logging.getLogger(__name__)

ErrorText = Callable[[StoreError, DataPaths], str]
STATUS_MS = 8000


def open_database(paths: DataPaths, *, seed: bool, error_text: ErrorText) -> Database | None:
    """The opened database, or None after one clear message (the caller then quits).

    A damaged file, or one that is not a database, is never overwritten: the user is offered
    the newest sound backup, and the damaged file is kept under another name."""
    try:
        return Database.open(paths, seed=seed)
    except NotALetterManagerDatabase as exc:
        log.error("the database cannot be read: %s", exc)
        if not recover_from_corrupt_database(None, paths, exc):
            return None
    except StoreError as exc:
        log.error("cannot open the database: %s", exc)
        _cannot_open(error_text(exc, paths))
        return None
    except OSError as exc:
        log.error("cannot open the data folder: %s", exc)
        _cannot_open(_("The data folder {folder} cannot be used: {reason}").format(
            folder=paths.root, reason=exc.strerror or exc))
        return None
    try:  # the restored backup
        return Database.open(paths, seed=False)
    except (StoreError, OSError) as exc:
        log.error("cannot open the restored database: %s", exc)
        _cannot_open(str(exc))
        return None


def _cannot_open(text: str) -> None:
    QMessageBox.critical(None, _("LetterManager cannot open its database"), text)


def daily_backup(window: QMainWindow, worker: DatabaseWorker, paths: DataPaths) -> None:
    """The backup of the day, on the database thread (rotated as the settings say); the
    window stays usable meanwhile and the status bar says when it is done."""

    def done(path) -> None:
        if path is not None:
            window.statusBar().showMessage(
                _("Backed up the database to {path}").format(path=path), STATUS_MS)

    start_daily_backup(window, worker, paths, on_done=done)

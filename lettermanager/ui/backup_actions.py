"""File ▸ Back up…, Restore…, Check the database, and the start-up safety nets: the daily
backup, recovery from a damaged database file, and the one-window-per-data-folder rule.

The database work runs on the worker thread through the Qt-free store modules (backups,
restore, integrity); these functions only ask, confirm and report.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ..i18n import _, ngettext
from ..i18n.formatting import format_moment
from ..paths import DataPaths
from ..store.backup import backup_name
from ..store.backups import (
    MANUAL,
    BackupFile,
    backup_if_due,
    database_file_revision,
    newest_good_backup,
    save_backup,
)
from ..store.database import Database
from ..store.errors import DatabaseTooNew, StoreError
from ..store.integrity import check
from ..store.restore import RestoreResult, recover_from_backup, restore
from ..store.service import Store
from .failure_text import error_reason
from .guards import if_alive
from .worker import DatabaseWorker

log = logging.getLogger(__name__)

DATABASE_FILTER = "*.sqlite3 *.sqlite *.db"
MAX_PROBLEMS_SHOWN = 50


def _local_time(moment: datetime) -> str:
    return format_moment(moment)


# --- File ▸ Back up… ---------------------------------------------------------------------------


def backup_now(parent: QWidget, worker: DatabaseWorker, paths: DataPaths,
               on_done: Callable[[Path], None] | None = None) -> None:
    """Ask where to save a copy of the database (the backups folder is offered; a USB stick
    is safer), then write it on the worker thread."""
    suggested = paths.backups / backup_name(MANUAL)
    chosen, _filter = QFileDialog.getSaveFileName(
        parent, _("Back up the database"), str(suggested),
        _("LetterManager database ({patterns})").format(patterns=DATABASE_FILTER) + ";;"
        + _("All files (*)"))
    if not chosen:
        return
    target = Path(chosen)
    if not target.suffix:
        target = target.with_suffix(".sqlite3")

    def done(path: Path) -> None:
        QMessageBox.information(parent, _("Backup made"),
                                _("The database was copied to:\n\n{path}").format(path=path))
        if on_done is not None:
            on_done(path)

    worker.submit(
        lambda store: save_backup(store.db, paths, target),
        on_done=if_alive(parent, done),
        on_error=if_alive(parent, lambda exc: QMessageBox.warning(
            parent, _("Backup failed"),
            _("The backup could not be written.\n\n{reason}").format(reason=error_reason(exc)))),
    )


def start_daily_backup(parent: QWidget, worker: DatabaseWorker, paths: DataPaths, *,
                       now: datetime | None = None,
                       on_done: Callable[[Path | None], None] | None = None) -> None:
    """At start: a backup when the newest one is more than a day old. A failure (a full disk)
    is shown, and the app carries on."""

    def failed(exc: Exception) -> None:
        log.error("the daily backup failed: %s", exc)
        QMessageBox.warning(parent, _("Backup failed"),
                            _("The daily backup of the database could not be made. Your data "
                              "is unchanged.\n\n{reason}").format(reason=error_reason(exc)))

    worker.submit(lambda store: backup_if_due(store.db, paths, now=now),
                  on_done=if_alive(parent, on_done) if on_done else None,
                  on_error=if_alive(parent, failed))


# --- File ▸ Restore… -------------------------------------------------------------------------


def reopen_after(store: Store, paths: DataPaths, change: Callable[[], RestoreResult]
                 ) -> RestoreResult:
    """On the worker thread: close the database, run `change` (a restore), and open the
    database again (migrating a restored older file), whether or not the change succeeded."""
    store.db.close()
    try:
        return change()
    finally:
        store.db = Database.open(paths, seed=False)


def restore_from_file(parent: QWidget, worker: DatabaseWorker, paths: DataPaths,
                      on_restored: Callable[[RestoreResult], None] | None = None,
                      file: Path | None = None) -> None:
    """Choose a backup, check it, confirm, restore it and reopen the database.

    `on_restored(result)` runs after the database was replaced and reopened: the window
    reloads what it shows (data_changed is emitted as well) and closes open editors."""
    if file is None:
        chosen, _filter = QFileDialog.getOpenFileName(
            parent, _("Restore a backup"), str(paths.backups),
            _("LetterManager database ({patterns})").format(patterns=DATABASE_FILTER) + ";;"
            + _("All files (*)"))
        if not chosen:
            return
        file = Path(chosen)

    def refused(exc: Exception) -> None:
        QMessageBox.warning(parent, _("This file cannot be restored"),
                            _("{name} cannot be restored; nothing was changed.\n\n{reason}")
                            .format(name=file.name, reason=error_reason(exc)))

    def confirm(_revision: str) -> None:
        answer = QMessageBox.question(
            parent, _("Restore a backup"),
            _("This replaces the current database with {name}; a backup of the current "
              "database is kept in {folder}.\n\nRestore {name}?").format(
                name=file.name, folder=paths.backups),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return
        worker.submit(lambda store: reopen_after(store, paths, lambda: restore(paths, file)),
                      on_done=if_alive(parent, restored), on_error=if_alive(parent, refused),
                      writes=True)

    def restored(result: RestoreResult) -> None:
        lines = [_("The database was restored from {name} and opened again.").format(
            name=file.name)]
        if result.previous_backup:
            lines.append(_("The database it replaced was kept as {path}.").format(
                path=result.previous_backup))
        if result.set_aside:
            lines.append(_("The damaged database was kept as {path}.").format(
                path=result.set_aside))
        QMessageBox.information(parent, _("Database restored"), "\n\n".join(lines))
        if on_restored is not None:
            on_restored(result)

    worker.submit(lambda _store: database_file_revision(file),
                  on_done=if_alive(parent, confirm), on_error=if_alive(parent, refused))


# --- File ▸ Check the database -------------------------------------------------------------


def check_database(parent: QWidget, worker: DatabaseWorker,
                   on_done: Callable[[list[str]], None] | None = None) -> None:
    """Run `check` and say what is wrong in words, or that all is well."""

    def show(problems: list[str]) -> None:
        if not problems:
            QMessageBox.information(parent, _("Check the database"),
                                    _("No problems found. The database file is sound and "
                                      "every record follows the rules."))
        else:
            box = QMessageBox(QMessageBox.Icon.Warning, _("Check the database"),
                              ngettext("The check found {n} problem.",
                                       "The check found {n} problems.",
                                       len(problems)).format(n=len(problems)),
                              QMessageBox.StandardButton.Ok, parent)
            shown = problems[:MAX_PROBLEMS_SHOWN]
            text = "\n".join(f"• {line[:1].upper()}{line[1:]}" for line in shown)
            if len(problems) > len(shown):
                text += "\n" + _("…and {n} more").format(n=len(problems) - len(shown))
            box.setInformativeText(_("Nothing was changed. A backup made before the problem "
                                     "appeared can be restored with File ▸ Restore."))
            box.setDetailedText(text)
            box.exec()
        if on_done is not None:
            on_done(problems)

    worker.submit(lambda store: check(store.db), on_done=if_alive(parent, show),
                  on_error=if_alive(parent, lambda exc: QMessageBox.warning(
                      parent, _("Check the database"), error_reason(exc))))


# --- at start: a damaged database, a second window -------------------------------------------


def recover_from_corrupt_database(parent: QWidget | None, paths: DataPaths,
                                  error: StoreError) -> bool:
    """After Database.open failed: say so, and offer to restore the newest sound backup.
    The damaged file is kept under another name. True when a backup was restored (open the
    database again); False to quit. A database from a newer app is not "damaged": False."""
    if isinstance(error, DatabaseTooNew):
        return False
    good: BackupFile | None = newest_good_backup(paths)
    lead = _("LetterManager cannot open its database: the file is damaged or is not a "
             "LetterManager database.")
    if good is None:
        QMessageBox.critical(parent, _("The database cannot be opened"),
                             lead + "\n\n" + _("There is no backup to restore in {folder}. The "
                                               "file was not changed: {path}").format(
                                 folder=paths.backups, path=paths.database))
        return False
    box = QMessageBox(QMessageBox.Icon.Critical, _("The database cannot be opened"),
                      f"{lead}\n\n{paths.database}", QMessageBox.StandardButton.NoButton,
                      parent)
    box.setInformativeText(_(
        "The newest sound backup was made on {when}. Restore it? The damaged file is kept, "
        "unchanged, under another name in {folder}.").format(
            when=_local_time(good.taken_at), folder=paths.root))
    box.setDetailedText(str(error))
    restore_button = box.addButton(_("Restore the backup"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("Quit"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore_button)
    box.exec()
    if box.clickedButton() is not restore_button:
        return False
    try:
        result = recover_from_backup(paths, good.path)
    except StoreError as exc:
        QMessageBox.critical(parent, _("The backup could not be restored"),
                             _("Nothing was changed.\n\n{reason}").format(reason=error_reason(exc)))
        return False
    QMessageBox.information(
        parent, _("Backup restored"),
        _("The backup of {when} was restored. The damaged file was kept as {path}.").format(
            when=_local_time(good.taken_at), path=result.set_aside))
    return True


def show_already_open(paths: DataPaths, parent: QWidget | None = None) -> None:
    """A second copy of the app on the same data folder: say so (the caller then quits)."""
    QMessageBox.information(
        parent, _("LetterManager is already open"),
        _("LetterManager is already open on this data folder ({folder}). Switch to its "
          "window; two windows on one database could overwrite each other's work.").format(
            folder=paths.root))

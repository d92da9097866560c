"""File ▸ Back up now…, Restore from backup…, Check the database: the menu actions of the
main window, wired to backup_actions."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from ..i18n import _
from ..paths import DataPaths
from ..store.restore import RestoreResult
from .backup_actions import backup_now, check_database, restore_from_file
from .guards import is_alive
from .worker import DatabaseWorker

STATUS_MS = 8000


class SafetyActions:
    """The three actions of one window. `window` has `open_editors()` (see MainWindow)."""

    def __init__(self, window: QMainWindow, worker: DatabaseWorker, paths: DataPaths):
        self.window = window
        self.worker = worker
        self.paths = paths
        self.backup_action = self._action(_("&Back up now…"), self.backup,
                                          QKeySequence("Ctrl+Shift+B"))
        self.restore_action = self._action(_("&Restore from backup…"), self.restore)
        self.check_action = self._action(_("&Check the database"), self.check)

    def _action(self, text: str, slot, shortcut: QKeySequence | None = None) -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(action)
        return action

    def add_to(self, menu: QMenu) -> None:
        menu.addAction(self.backup_action)
        menu.addAction(self.restore_action)
        menu.addAction(self.check_action)

    def _status(self, message: str) -> None:
        self.window.statusBar().showMessage(message, STATUS_MS)

    def backup(self) -> None:
        self.window.statusBar().showMessage(_("Backing up the database…"), STATUS_MS)
        backup_now(self.window, self.worker, self.paths,
                   on_done=lambda path: self._status(_("Backed up to {path}").format(path=path)))

    def restore(self) -> None:
        """Open editors are closed first (each asks about unsaved changes): they show records
        of the database about to be replaced."""
        open_editors = getattr(self.window, "open_editors", lambda: [])
        for editor in open_editors():
            editor.close()
            if is_alive(editor) and editor.isVisible():
                return  # the user kept an editor open: no restore
        restore_from_file(self.window, self.worker, self.paths, on_restored=self._restored)

    def _restored(self, result: RestoreResult) -> None:
        self._status(_("Restored {name}").format(name=result.source.name))

    def check(self) -> None:
        self.window.statusBar().showMessage(_("Checking the database…"), STATUS_MS)
        check_database(self.window, self.worker,
                       on_done=lambda problems: self.window.statusBar().clearMessage())

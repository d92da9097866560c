"""The current user's name ("who am I"), asked for once and kept in the settings.

Claims and finished translations are marked with this name. It is read fresh from the
settings each time (another dialog may have changed it); when it is empty the user is asked
once, and the answer is saved. If the settings cannot be written the name is still used for
the rest of the session.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from ..i18n import _
from .guards import if_alive
from .worker import DatabaseWorker


def read_user_name(store) -> str:
    return store.settings().user_name.strip()


def save_user_name(store, name: str) -> None:
    settings = store.settings()
    settings.user_name = name
    store.save_settings(settings)


class WhoAmI:
    """`then(action)` calls `action(name)` with the user's name, asking for it first when
    it is not known yet; nothing happens if the user cancels."""

    def __init__(self, worker: DatabaseWorker, parent: QWidget):
        self.worker = worker
        self.parent = parent
        self.session_name = ""  # asked for, but the settings could not keep it

    def then(self, action: Callable[[str], None]) -> None:
        self.worker.submit(read_user_name,
                           on_done=if_alive(self.parent, lambda name: self._known(name, action)),
                           on_error=if_alive(self.parent, lambda _error: self._known("", action)))

    def _known(self, name: str, action: Callable[[str], None]) -> None:
        name = name or self.session_name
        if not name:
            name = self.ask()
            if not name:
                return
        action(name)

    def ask(self, current: str = "") -> str:
        """Ask for the name (the current one filled in); saved when given. "" if cancelled."""
        text, ok = QInputDialog.getText(
            self.parent, _("Your name"),
            _("Translations you claim are marked with your name, so that others see who is "
              "working on them.\n\nYour name:"), QLineEdit.EchoMode.Normal, current)
        name = text.strip() if ok else ""
        if name:
            self.session_name = name
            self.worker.submit(lambda store: save_user_name(store, name),
                               on_error=lambda _error: None)
        return name

"""Actions on one letter that touch the reply record: reply to an incoming letter, mark an
outgoing one answered (by a letter of the prisoner, or by another route), and record what
the censor did. Shared by the letters table, the letter editor and the correspondence thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from ..domain.enums import Direction
from ..i18n import _
from ..store import letter_ops
from ..store.errors import StoreError
from ..store.letter_table import LetterChoice, prisoner_letter_choices
from ..store.models import Letter
from .display import format_partial_date
from .guards import if_alive
from .letter_record_dialogs import CensorshipEventDialog
from .partial_date_edit import PartialDateEdit
from .worker import DatabaseWorker, Operation

REPLY_SHORTCUT = QKeySequence("Ctrl+R")


@dataclass(frozen=True)
class AnswerChoices:
    letter: Letter
    incoming: list[LetterChoice]  # the prisoner's letters, newest first


def load_answer_choices(store, letter_id: str) -> AnswerChoices:
    letter = store.get(Letter, letter_id)
    choices = [c for c in prisoner_letter_choices(store.db, letter.prisoner_id)
               if c.direction == Direction.INCOMING and c.id != letter_id]
    return AnswerChoices(letter, choices)


class AnswerPicker(QDialog):
    """Pick the prisoner's letter that answers an outgoing one."""

    def __init__(self, choices: AnswerChoices, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Mark answered by…"))
        title = choices.letter.title or _("(untitled letter)")
        intro = QLabel(_("Which letter from the prisoner answers “{title}”?").format(
            title=title))
        intro.setWordWrap(True)
        self.list = QListWidget()
        for choice in choices.incoming:
            day = format_partial_date(choice.date) if choice.date else _("no date")
            item = QListWidgetItem(f"{day} ← {choice.title or _('(untitled letter)')}")
            item.setData(Qt.ItemDataRole.UserRole, choice.id)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(520, 360)

    def chosen_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None


class AnsweredOtherwiseDialog(QDialog):
    """When the answer came by another route (a call, a visit, a lawyer)."""

    def __init__(self, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Mark answered otherwise"))
        intro = QLabel(_("The prisoner answered by another route (a call, a visit, through a "
                         "lawyer). When?"))
        intro.setWordWrap(True)
        self.date = PartialDateEdit()
        self.date.set_value(today.isoformat())
        self.problem = QLabel()
        self.problem.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.date)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def _accept(self) -> None:
        if not self.date.is_valid() or not self.date.value():
            self.problem.setText(_("Write the date as YYYY, YYYY-MM or YYYY-MM-DD."))
            self.problem.show()
            return
        self.accept()


class ReplyActions(QObject):
    """`open_letter(str)` asks for a letter (the new reply draft) to be opened."""

    open_letter = Signal(str)
    done = Signal(str)  # a short message for the status bar

    def __init__(self, worker: DatabaseWorker, parent: QWidget, *, today=date.today):
        super().__init__(parent)
        self.worker = worker
        self.widget = parent
        self.today = today
        self.dialog: QDialog | None = None  # the open dialog, for tests

    # --- the actions ---------------------------------------------------------------------

    def reply(self, letter_id: str) -> None:
        """Create an outgoing draft that answers the incoming letter, and open it."""
        self.worker.submit(lambda store: letter_ops.create_reply_draft(store, letter_id),
                           on_done=if_alive(self, lambda draft: self.open_letter.emit(draft.id)),
                           on_error=if_alive(self, self._failed), writes=True)

    def mark_answered_by(self, letter_id: str) -> None:
        self.worker.submit(lambda store: load_answer_choices(store, letter_id),
                           on_done=if_alive(self, self._pick_answer),
                           on_error=if_alive(self, self._failed))

    def _pick_answer(self, choices: AnswerChoices) -> None:
        if not choices.incoming:
            QMessageBox.information(self.widget, _("Mark answered by…"), _(
                "There is no letter from this prisoner yet. Record the prisoner's letter "
                "first, or mark the letter answered otherwise."))
            return
        dialog = AnswerPicker(choices, self.widget)
        letter_id = choices.letter.id

        def chosen() -> None:
            reply_id = dialog.chosen_id()
            if reply_id:
                self._mark_answered(
                    lambda store: letter_ops.mark_answered_by(store, letter_id, reply_id))
        self._open(dialog, chosen)

    def mark_answered_otherwise(self, letter_id: str) -> None:
        dialog = AnsweredOtherwiseDialog(self.today(), self.widget)

        def chosen() -> None:
            on = dialog.date.value()
            self._mark_answered(
                lambda store: letter_ops.mark_answered_otherwise(store, letter_id, on))
        self._open(dialog, chosen)

    def _mark_answered(self, operation: Operation) -> None:
        self.worker.submit(
            operation,
            on_done=if_alive(self, lambda _r: self.done.emit(_("Marked as answered."))),
            on_error=if_alive(self, self._failed), writes=True)

    def add_censorship_event(self, letter_id: str) -> None:
        dialog = CensorshipEventDialog(self.worker, letter_id, parent=self.widget)
        self._open(dialog, lambda: None)

    # --- menus ---------------------------------------------------------------------------

    def add_to_menu(self, menu: QMenu, letter_id: str | None, direction: str | None) -> None:
        """The actions that fit the letter, each enabled only where it applies."""
        for action in self.actions(menu, letter_id, direction):
            menu.addAction(action)

    def actions(self, parent: QObject, letter_id: str | None,
                direction: str | None) -> list[QAction]:
        reply = QAction(_("&Reply"), parent)
        reply.setShortcut(REPLY_SHORTCUT)  # shown in the menu; the views own the key
        reply.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        reply.setEnabled(bool(letter_id) and direction == Direction.INCOMING)
        reply.triggered.connect(lambda: self.reply(letter_id))
        by = QAction(_("Mark answered &by…"), parent)
        by.setEnabled(bool(letter_id) and direction == Direction.OUTGOING)
        by.triggered.connect(lambda: self.mark_answered_by(letter_id))
        otherwise = QAction(_("Mark answered &otherwise…"), parent)
        otherwise.setEnabled(bool(letter_id) and direction == Direction.OUTGOING)
        otherwise.triggered.connect(lambda: self.mark_answered_otherwise(letter_id))
        censor = QAction(_("Add &censorship event…"), parent)
        censor.setEnabled(bool(letter_id))
        censor.triggered.connect(lambda: self.add_censorship_event(letter_id))
        return [reply, by, otherwise, censor]

    # --- helpers -------------------------------------------------------------------------

    def _open(self, dialog: QDialog, on_accept) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.accepted.connect(on_accept)
        dialog.open()

    def _failed(self, error: Exception) -> None:
        message = str(error) if isinstance(error, StoreError) else _(
            "It could not be done: {error}").format(error=error)
        QMessageBox.warning(self.widget, _("Letter"), message[:1].upper() + message[1:])

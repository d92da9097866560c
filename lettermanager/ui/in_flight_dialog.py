"""After a move: the outgoing letters still in flight to the old facility, with what to do
about them — mark them possibly lost, re-send them to the new address, or leave them."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..i18n import _, ngettext
from ..store import letter_ops
from ..store.letter_ops import MoveOutcome
from .display import format_partial_date
from .guards import if_alive
from .worker import DatabaseWorker


class InFlightDialog(QDialog):
    """`done_message(str)` once the chosen action is saved."""

    done_message = Signal(str)

    def __init__(self, worker: DatabaseWorker, outcome: MoveOutcome,
                 parent: QWidget | None = None, *, today=date.today):
        super().__init__(parent)
        self.worker = worker
        self.outcome = outcome
        self.today = today
        self.setWindowTitle(_("Letters still on their way"))
        n = len(outcome.in_flight)
        old = outcome.old_facility_name or _("the previous facility")
        intro = QLabel(ngettext(
            "This letter was sent to {facility} and is not known to have arrived. The "
            "prisoner has moved: what should happen to it?",
            "These {n} letters were sent to {facility} and are not known to have arrived. "
            "The prisoner has moved: what should happen to them?", n).format(n=n,
                                                                           facility=old))
        intro.setWordWrap(True)
        self.list = QListWidget()
        for letter in outcome.in_flight:
            sent = format_partial_date(letter.sent_on or letter.written_on) \
                if (letter.sent_on or letter.written_on) else _("no date")
            item = QListWidgetItem(f"{sent} → {letter.title or _('(untitled letter)')}")
            item.setData(Qt.ItemDataRole.UserRole, letter.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.list.addItem(item)

        buttons = QDialogButtonBox()
        self.resend_button = QPushButton(_("&Re-send to the new address"))
        self.resend_button.setToolTip(_("Make a draft copy of each letter addressed to where "
                                        "the prisoner is now; the originals are noted as "
                                        "re-sent."))
        self.lost_button = QPushButton(_("Mark possibly &lost"))
        self.lost_button.setToolTip(_("Set the letters' status to lost."))
        self.leave_button = QPushButton(_("Leave them as they are"))
        buttons.addButton(self.resend_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.lost_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.leave_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.resend_button.clicked.connect(self.resend)
        self.lost_button.clicked.connect(self.mark_lost)
        self.leave_button.clicked.connect(self.reject)
        if outcome.new_facility_id is None:
            self.resend_button.setText(_("&Re-send as drafts (held until the new facility "
                                         "is known)"))
        self.leave_button.setDefault(True)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(560, 340)

    def checked_ids(self) -> list[str]:
        return [self.list.item(n).data(Qt.ItemDataRole.UserRole) for n in range(self.list.count())
                if self.list.item(n).checkState() == Qt.CheckState.Checked]

    def resend(self) -> None:
        ids, facility_id, today = self.checked_ids(), self.outcome.new_facility_id, self.today()
        self._run(lambda store: letter_ops.resend(store, ids, facility_id, today),
                  ngettext("{n} draft copy made for the new address.",
                           "{n} draft copies made for the new address.", len(ids)).format(
                      n=len(ids)))

    def mark_lost(self) -> None:
        ids = self.checked_ids()
        self._run(lambda store: letter_ops.mark_lost(store, ids),
                  ngettext("{n} letter marked lost.", "{n} letters marked lost.",
                           len(ids)).format(n=len(ids)))

    def _run(self, operation, message: str) -> None:
        if not self.checked_ids():
            self.reject()
            return
        for button in (self.resend_button, self.lost_button, self.leave_button):
            button.setEnabled(False)
        self.worker.submit(operation, on_done=if_alive(self, lambda _r: self._done(message)),
                           on_error=if_alive(self, self._failed), writes=True)

    def _done(self, message: str) -> None:
        self.done_message.emit(message)
        self.accept()

    def _failed(self, error: Exception) -> None:
        for button in (self.resend_button, self.lost_button, self.leave_button):
            button.setEnabled(True)
        QMessageBox.warning(self, self.windowTitle(), str(error))

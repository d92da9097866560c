"""When an outgoing letter may not be marked ready or sent: its facility does not accept its
language and its translation is not done. The dialog says why and offers to send it anyway,
which needs a stated reason (kept with the letter as `send_override_reason`)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ..domain.enums import Direction
from ..domain.translation_rules import SENDING_STATUSES
from ..i18n import _
from .form_fields import problem_text


def is_send_block(values: dict, problems: list[tuple[str, str]]) -> str | None:
    """The store's reason when a refused save is the send block, else None. The only
    refusal of the status field an outgoing letter on its way out can get is this one."""
    if values.get("direction") != Direction.OUTGOING or \
            values.get("status") not in SENDING_STATUSES:
        return None
    return next((message for field, message in problems if field == "status"), None)


class SendAnywayDialog(QDialog):
    """`send_anyway(reason)` when the user gives a reason and confirms."""

    send_anyway = Signal(str)

    def __init__(self, reason: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Translation needed"))
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.message = QLabel(problem_text(reason))
        self.message.setWordWrap(True)
        self.queue_note = QLabel(_("Save the letter as a draft (or with any status before "
                                   "“ready”) and it waits in the translation queue."))
        self.queue_note.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("e.g. the colony's censor reads English"))
        reason_label = QLabel(_("To send it as it is anyway, say &why:"))
        reason_label.setBuddy(self.reason)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Keep it back"))
        self.send_button = self.buttons.addButton(_("&Send anyway"),
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        self.send_button.setEnabled(False)
        self.reason.textChanged.connect(
            lambda text: self.send_button.setEnabled(bool(text.strip())))
        self.buttons.accepted.connect(self._confirm)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.queue_note)
        layout.addSpacing(6)
        layout.addWidget(reason_label)
        layout.addWidget(self.reason)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)
        self.reason.setFocus()

    def set_request_note(self, text: str) -> None:
        self.queue_note.setText(text)

    def _confirm(self) -> None:
        reason = self.reason.text().strip()
        if not reason:
            return
        self.accept()
        self.send_anyway.emit(reason)

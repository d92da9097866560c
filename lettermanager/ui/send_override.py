"""When an outgoing letter may not be marked ready or sent: its facility does not accept its
language and its translation is not done. The dialog says why and offers to send it anyway,
which needs a stated reason (kept with the letter as `send_override_reason`)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ..domain.enums import Direction, LetterStatus
from ..domain.translation_rules import SENDING_STATUSES, required_translation
from ..i18n import _
from ..store.models import Facility
from ..store.translation_queue import ensure_translation_request
from .display import enum_label, language_name


@dataclass(frozen=True)
class SendBlock:
    language: str | None
    target: str | None
    facility: str | None
    status: str
    request_waiting: bool  # a translation request for the saved letter is in the queue


def look_up_block(store, values: dict, letter_id: str | None, today: str) -> SendBlock:
    """What blocks the letter, in words; the saved letter's request is made if missing."""
    facility_id = values.get("facility_id")
    facility = store.get(Facility, facility_id) if facility_id else None
    target = required_translation(values.get("direction"), values.get("language"),
                                  facility.accepted_languages if facility else None)
    request = ensure_translation_request(store, letter_id, today) if letter_id else None
    return SendBlock(values.get("language"), target, facility.name if facility else None,
                     values.get("status"), request is not None)


def block_text(block: SendBlock) -> str:
    values = {"language": language_name(block.language), "facility": block.facility,
              "target": language_name(block.target),
              "status": enum_label(block.status, LetterStatus)}
    if block.facility:
        return _("This letter is in {language}, which “{facility}” does not accept. It must "
                 "be translated into {target} before it can be marked “{status}”.").format(
            **values)
    return _("This letter is in {language}, which its facility does not accept. It must be "
             "translated into {target} before it can be marked “{status}”.").format(**values)


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

    def __init__(self, block: SendBlock, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Translation needed"))
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.message = QLabel(block_text(block))
        self.message.setWordWrap(True)
        self.queue_note = QLabel(
            _("A request to translate it is in the translation queue; once it is done the "
              "letter can go.") if block.request_waiting else
            _("Save the letter as a draft first; it then waits in the translation queue."))
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

    def _confirm(self) -> None:
        reason = self.reason.text().strip()
        if not reason:
            return
        self.accept()
        self.send_anyway.emit(reason)

"""A line edit for dates known to the year, the month or the day."""

from __future__ import annotations

import re

from PySide6.QtCore import Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QLineEdit, QWidget

from ..domain.partial_date import PartialDate, PartialDateError
from ..i18n import _

_DOTTED = re.compile(r"^(?:(\d{1,2})\.)?(\d{1,2})\.(\d{4})$")  # dd.mm.yyyy or mm.yyyy


def parse_user_date(text: str) -> PartialDate | None:
    """Accept YYYY, YYYY-MM, YYYY-MM-DD, MM.YYYY and DD.MM.YYYY; None when empty."""
    text = text.strip()
    if not text:
        return None
    match = _DOTTED.match(text)
    if match:
        day, month, year = match.groups()
        return PartialDate(int(year), int(month), int(day) if day else None)
    return PartialDate.parse(text)


class _Validator(QValidator):
    def validate(self, text: str, pos: int):  # noqa: D401  (Qt's signature)
        if not text.strip():
            return QValidator.State.Acceptable, text, pos
        try:
            parse_user_date(text)
        except PartialDateError:
            if re.fullmatch(r"[\d.\-]*", text.strip()) and len(text.strip()) <= 10:
                return QValidator.State.Intermediate, text, pos
            return QValidator.State.Invalid, text, pos
        return QValidator.State.Acceptable, text, pos


class PartialDateEdit(QLineEdit):
    """Shows and takes "2024", "2024-03" or "2024-03-15" (and 15.03.2024, 03.2024).

    `value()` is the canonical ISO text or None; an unfinished entry is marked in red and
    `is_valid()` is false, so a form can refuse to save it.
    """

    value_changed = Signal(object)  # str | None

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText(_("YYYY, YYYY-MM or YYYY-MM-DD"))
        self.setValidator(_Validator(self))
        self.setClearButtonEnabled(True)
        self.setMaxLength(10)
        self.textChanged.connect(self._on_text)

    def value(self) -> str | None:
        try:
            parsed = parse_user_date(self.text())
        except PartialDateError:
            return None
        return parsed.iso() if parsed else None

    def set_value(self, value: str | None) -> None:
        self.setText(value or "")

    def is_valid(self) -> bool:
        try:
            parse_user_date(self.text())
        except PartialDateError:
            return False
        return True

    def _on_text(self, _text: str) -> None:
        self.setStyleSheet("" if self.is_valid() else "QLineEdit { color: #c0392b; }")
        if self.is_valid():
            self.value_changed.emit(self.value())

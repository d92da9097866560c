"""An editable list of languages (a facility's accepted languages): add, remove, reorder.

The first language is the one letters are translated into. None means "not set": the
default (Russian) is shown and kept as None, so opening and saving changes nothing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from ..domain.translation_rules import DEFAULT_ACCEPTED_LANGUAGES
from ..i18n import _
from .form_fields import LanguageCombo

CODE_ROLE = Qt.ItemDataRole.UserRole


class LanguageListEdit(QWidget):
    """`changed()` whenever the list changes."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setFixedHeight(self.list.fontMetrics().lineSpacing() * 3 + 12)
        self.choice = LanguageCombo(allow_none=False)
        self.choice.set_code("en")
        self.add_button = QPushButton(_("Add"))
        self.remove_button = QPushButton(_("Remove"))
        self.hint = QLabel(_("Letters in other languages are translated into the first one "
                             "before they are sent."))
        self.hint.setWordWrap(True)
        self.hint.setEnabled(False)
        for button in (self.add_button, self.remove_button):
            button.setAutoDefault(False)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.list, 0, 0, 1, 3)
        layout.addWidget(self.choice, 1, 0)
        layout.addWidget(self.add_button, 1, 1)
        layout.addWidget(self.remove_button, 1, 2)
        layout.addWidget(self.hint, 2, 0, 1, 3)
        layout.setColumnStretch(0, 1)
        self.add_button.clicked.connect(self.add_chosen)
        self.remove_button.clicked.connect(self.remove_selected)
        self.list.currentRowChanged.connect(lambda _row: self._update())
        self.set_codes(None)

    def set_codes(self, codes: list[str] | None) -> None:
        self.list.clear()
        for code in codes or DEFAULT_ACCEPTED_LANGUAGES:
            self._append(code)
        self._update()

    def codes(self) -> list[str] | None:
        """The languages in order; None when they are just the default."""
        codes = [self.list.item(row).data(CODE_ROLE) for row in range(self.list.count())]
        return None if tuple(codes) == DEFAULT_ACCEPTED_LANGUAGES else codes

    def add_chosen(self) -> None:
        code = self.choice.code()
        if not code or code in self._all_codes():
            return
        self._append(code)
        self.list.setCurrentRow(self.list.count() - 1)
        self._update()
        self.changed.emit()

    def remove_selected(self) -> None:
        row = self.list.currentRow()
        if row < 0 or self.list.count() <= 1:
            return
        self.list.takeItem(row)
        self._update()
        self.changed.emit()

    def _all_codes(self) -> list[str]:
        return [self.list.item(row).data(CODE_ROLE) for row in range(self.list.count())]

    def _append(self, code: str) -> None:
        item = QListWidgetItem(LanguageCombo.label(code))
        item.setData(CODE_ROLE, code)
        self.list.addItem(item)

    def _update(self) -> None:
        # At least one language stays: a facility accepts letters in some language.
        self.remove_button.setEnabled(self.list.currentRow() >= 0 and self.list.count() > 1)

"""Form pieces the letter editor and its small dialogs share: a searchable combo box, a
language chooser, and problem messages shown under the field they concern."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QComboBox, QCompleter, QLabel, QVBoxLayout, QWidget

from ..i18n import _
from .display import language_name

# Languages offered first (others can be typed as a two-letter code).
COMMON_LANGUAGES = ("ru", "uk", "be", "en", "fr", "de", "es", "it", "pl", "cs", "lt", "lv",
                    "et", "fi", "sv", "nl", "he", "ka", "hy", "az", "kk", "ky", "uz", "tg",
                    "tt", "ba", "ro", "bg", "sr", "hr", "tr", "zh", "ja", "ar", "fa")

ERROR_COLOR = "#b3261e"


class ValueCombo(QComboBox):
    """A combo box whose items carry Python values, kept on the Python side (None included),
    so reading the choice never goes through a QVariant."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._values: list[object] = []

    def add_value(self, label: str, value: object) -> int:
        self.addItem(label)
        self._values.append(value)
        return self.count() - 1

    def set_items(self, items: list[tuple[str, object]], value: object = None) -> None:
        """Replace the items by (label, value) pairs and choose `value`."""
        self.blockSignals(True)
        self.clear()
        self._values = []
        for label, item_value in items:
            self.add_value(label, item_value)
        self.blockSignals(False)
        self.set_value(value)

    def value_at(self, index: int) -> object:
        return self._values[index] if 0 <= index < len(self._values) else None

    def value(self) -> object:
        return self.value_at(self.currentIndex())

    def find_value(self, value: object) -> int:
        """The index of the item holding `value`, or -1."""
        try:
            return self._values.index(value)
        except ValueError:
            return -1

    def set_value(self, value: object) -> bool:
        """Choose the item holding `value`; with no such item, choose nothing."""
        index = self.find_value(value)
        self.blockSignals(True)
        self.setCurrentIndex(index)
        if index < 0 and self.isEditable():
            self.setEditText("")
        self.blockSignals(False)
        return index >= 0


class SearchCombo(ValueCombo):
    """A combo box in which typing finds an item by any part of its label. Text that matches
    no item reverts to the chosen item when the field is left. `chosen(value)` is emitted when
    the user picks an item."""

    chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, min_chars: int = 24):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(20)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(min_chars)
        completer = self.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.activated.connect(lambda index: self.chosen.emit(self.value_at(index)))
        self.lineEdit().editingFinished.connect(self._on_editing_finished)
        self.currentIndexChanged.connect(self._show_start)

    def _show_start(self, _index: int = 0) -> None:
        """Show a long label from its beginning (Qt leaves the cursor at its end)."""
        if not self.lineEdit().hasFocus():
            self.lineEdit().setCursorPosition(0)

    def set_value(self, value: object) -> bool:
        found = super().set_value(value)
        self._show_start()
        return found

    def _on_editing_finished(self) -> None:
        text = self.lineEdit().text().strip()
        if not text:  # emptied: "none" if the list offers it, else no choice
            index = self.find_value(None)
        else:
            index = self.findText(text, Qt.MatchFlag.MatchFixedString)
            if index < 0:  # not an item: show the chosen one again
                self.setEditText(self.itemText(self.currentIndex())
                                 if self.currentIndex() >= 0 else "")
                return
        if index != self.currentIndex():
            self.setCurrentIndex(index)
            if index < 0:
                self.setEditText("")
            self.chosen.emit(self.value_at(index))


class LanguageCombo(ValueCombo):
    """Chooses a language by name, or takes a two-letter ISO 639-1 code typed in."""

    def __init__(self, parent: QWidget | None = None, *, allow_none: bool = True):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(20)
        self.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer().setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.lineEdit().setPlaceholderText(_("Language or two-letter code"))
        self._allow_none = allow_none
        if allow_none:
            self.add_value(_("(unknown)"), None)
        for code in COMMON_LANGUAGES:
            self.add_value(self.label(code), code)

    @staticmethod
    def label(code: str) -> str:
        return f"{language_name(code)} ({code})"

    def code(self) -> str | None:
        """The chosen code; text that is no language comes back as typed (the store says why
        it is refused); empty text means unknown."""
        text = self.currentText().strip()
        if not text or (self._allow_none and text == self.itemText(0)):
            return None
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if index >= 0:
            return self.value_at(index)  # type: ignore[return-value]
        if text.endswith(")") and "(" in text:  # "Russian (ru)" typed in full
            return text[text.rindex("(") + 1:-1].strip().lower()
        return text

    def set_code(self, code: str | None) -> None:
        if code and self.find_value(code) < 0:
            self.add_value(self.label(code), code)
        self.set_value(code if code or self._allow_none else "")


class FieldError(QLabel):
    """A problem message under a field; hidden while there is none."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.WindowText, ERROR_COLOR)
        self.setPalette(palette)
        self.hide()

    def show_problem(self, message: str | None) -> None:
        self.setText(message or "")
        self.setVisible(bool(message))


def with_error(field: QWidget) -> tuple[QWidget, FieldError]:
    """The field with its problem label below it, for a form row."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(field)
    error = FieldError()
    layout.addWidget(error)
    return box, error


def problem_text(message: str) -> str:
    """A store message for a person: first letter upper case, ending with a full stop."""
    message = message.strip()
    if not message:
        return message
    message = message[0].upper() + message[1:]
    return message if message.endswith((".", "!", "?")) else message + "."

"""The editable profile of one prisoner (or of a new one).

The form holds values only; the page saves them through the worker and hands back the
problems of a refused save (`show_problems`), which appear under the fields they concern.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QColor, QPalette, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..domain.enums import PrisonerStatus
from ..i18n import _
from ..store.models import Prisoner
from .display import enum_choices, language_name

FIELDS = ("full_name", "latin_name", "birth_year", "status", "charges", "sentence",
          "languages", "contact_interval_days", "notes")


def error_color(palette: QPalette) -> QColor:
    """A red that reads well on the window background, light or dark."""
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    return QColor("#ff8a80") if dark else QColor("#b71c1c")


def parse_languages(text: str) -> list[str]:
    """"ru, en" or "ru en" -> ["ru", "en"] (validation happens in the store)."""
    return [part.strip().lower() for part in re.split(r"[,;\s]+", text) if part.strip()]


class _TextBox(QPlainTextEdit):
    """A plain-text field that moves focus with Tab and has a sensible height."""

    def __init__(self, lines: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        height = self.fontMetrics().lineSpacing() * lines + 14
        self.setMinimumHeight(height)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def sizeHint(self):  # noqa: N802
        hint = super().sizeHint()
        hint.setHeight(self.minimumHeight())
        return hint


class ProfileForm(QWidget):
    """Fields of a prisoner, with Save / Revert. `dirty_changed(bool)` tells the page when
    there are unsaved changes; `save_requested` when the user asks to save."""

    dirty_changed = Signal(bool)
    save_requested = Signal()
    delete_requested = Signal()
    cancel_new_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._prisoner_id: str | None = None
        self._loaded: dict = {}
        self._dirty = False
        self._busy = False

        self.full_name = QLineEdit()
        self.full_name.setPlaceholderText(_("Surname, first name, patronymic (as on envelopes)"))
        self.latin_name = QLineEdit()
        self.latin_name.setPlaceholderText(_("e.g. Boris Kagarlitsky"))
        self.birth_year = QLineEdit()
        self.birth_year.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,4}")))
        self.birth_year.setPlaceholderText(_("e.g. 1958"))
        self.birth_year.setMaximumWidth(self.fontMetrics().horizontalAdvance("0000000000") + 24)
        self.status = QComboBox()
        for label, value in enum_choices(PrisonerStatus):
            self.status.addItem(label, value)
        self.charges = _TextBox(2)
        self.sentence = _TextBox(2)
        self.languages = QLineEdit()
        self.languages.setPlaceholderText(_("Two-letter codes, e.g. ru, en"))
        self.languages_hint = QLabel()
        self.languages_hint.setWordWrap(True)
        self.contact_interval_days = QSpinBox()
        self.contact_interval_days.setRange(0, 3650)
        self.contact_interval_days.setSpecialValueText(_("as in the settings"))
        self.contact_interval_days.setSuffix(_(" days"))
        self.contact_interval_days.setToolTip(_(
            "Write at least this often; the Overview lists prisoners with no contact for "
            "longer. 0: the default from the settings."))
        self.contact_interval_days.setMaximumWidth(
            self.fontMetrics().horizontalAdvance(_("as in the settings")) + 60)
        self.notes = _TextBox(4)
        self.notes.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        self._widgets = {
            "full_name": self.full_name, "latin_name": self.latin_name,
            "birth_year": self.birth_year, "status": self.status, "charges": self.charges,
            "sentence": self.sentence, "languages": self.languages, "notes": self.notes,
            "contact_interval_days": self.contact_interval_days,
        }
        self._errors: dict[str, QLabel] = {}

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        labels = {
            "full_name": _("Full &name:"), "latin_name": _("&Latin spelling:"),
            "birth_year": _("&Birth year:"), "status": _("S&tatus:"),
            "charges": _("&Charges:"), "sentence": _("S&entence:"),
            "languages": _("Lan&guages:"), "notes": _("N&otes:"),
            "contact_interval_days": _("Write e&very:"),
        }
        for name in FIELDS:
            widget = self._widgets[name]
            error = QLabel()
            error.setWordWrap(True)
            error.setVisible(False)
            error.setObjectName(f"error_{name}")
            self._errors[name] = error
            cell = QWidget()
            column = QVBoxLayout(cell)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            if name in ("birth_year", "contact_interval_days"):
                row = QHBoxLayout()
                row.addWidget(widget)
                row.addStretch(1)
                column.addLayout(row)
            else:
                column.addWidget(widget)
            if name == "languages":
                column.addWidget(self.languages_hint)
            column.addWidget(error)
            label = QLabel(labels[name])
            label.setBuddy(widget)
            form.addRow(label, cell)

        self.general_error = QLabel()
        self.general_error.setWordWrap(True)
        self.general_error.setVisible(False)

        fields = QWidget()
        inner = QVBoxLayout(fields)
        inner.setContentsMargins(12, 12, 12, 12)
        inner.addWidget(self.general_error)
        inner.addLayout(form, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(fields)

        self.delete_button = QPushButton(_("Delete prisoner…"))
        self.delete_button.setAutoDefault(False)
        self.delete_button.clicked.connect(self.delete_requested)
        self.state_label = QLabel()
        self.revert_button = QPushButton(_("&Revert"))
        self.revert_button.setAutoDefault(False)
        self.revert_button.clicked.connect(self._revert_clicked)
        self.save_button = QPushButton(_("&Save"))
        self.save_button.setToolTip(_("Save the profile (Ctrl+S)"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save_requested)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(12, 6, 12, 6)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.state_label)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(scroll, 1)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(line)
        layout.addLayout(buttons)

        for widget in (self.full_name, self.latin_name, self.birth_year, self.languages):
            widget.textChanged.connect(self._changed)
        for box in (self.charges, self.sentence, self.notes):
            box.textChanged.connect(self._changed)
        self.status.currentIndexChanged.connect(self._changed)
        self.contact_interval_days.valueChanged.connect(self._changed)
        self.full_name.returnPressed.connect(self.save_requested)
        self.latin_name.returnPressed.connect(self.save_requested)
        self.birth_year.returnPressed.connect(self.save_requested)
        self.languages.returnPressed.connect(self.save_requested)
        self._apply_error_palette()
        self.load(None)

    # --- state --------------------------------------------------------------------------

    @property
    def prisoner_id(self) -> str | None:
        return self._prisoner_id

    def is_new(self) -> bool:
        return self._prisoner_id is None

    def is_dirty(self) -> bool:
        return self._dirty

    def load(self, prisoner: Prisoner | None) -> None:
        """Show a prisoner's saved values (None: an empty form for a new prisoner)."""
        self._prisoner_id = prisoner.id if prisoner else None
        values = {
            "full_name": prisoner.full_name if prisoner else "",
            "latin_name": (prisoner.latin_name or "") if prisoner else "",
            "birth_year": prisoner.birth_year if prisoner else None,
            "status": prisoner.status if prisoner else PrisonerStatus.UNKNOWN.value,
            "charges": (prisoner.charges or "") if prisoner else "",
            "sentence": (prisoner.sentence or "") if prisoner else "",
            "languages": list(prisoner.languages or []) if prisoner else [],
            "notes": (prisoner.notes or "") if prisoner else "",
            "contact_interval_days": prisoner.contact_interval_days if prisoner else None,
        }
        self._set_values(values)
        self._loaded = self.values()
        self.clear_problems()
        self.delete_button.setVisible(prisoner is not None)
        self._changed()

    def _set_values(self, values: dict) -> None:
        widgets = [self.full_name, self.latin_name, self.birth_year, self.languages,
                   self.charges, self.sentence, self.notes, self.status,
                   self.contact_interval_days]
        for widget in widgets:
            widget.blockSignals(True)
        try:
            self.full_name.setText(values["full_name"])
            self.full_name.setCursorPosition(0)  # long names show their beginning
            self.latin_name.setText(values["latin_name"])
            self.latin_name.setCursorPosition(0)
            year = values["birth_year"]
            self.birth_year.setText("" if year is None else str(year))
            index = self.status.findData(values["status"])
            if index < 0:  # a value this version does not know: show it rather than lose it
                self.status.addItem(str(values["status"]), values["status"])
                index = self.status.count() - 1
            self.status.setCurrentIndex(index)
            self.charges.setPlainText(values["charges"])
            self.sentence.setPlainText(values["sentence"])
            self.languages.setText(", ".join(values["languages"]))
            self.notes.setPlainText(values["notes"])
            self.contact_interval_days.setValue(values.get("contact_interval_days") or 0)
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self._update_language_hint()

    def values(self) -> dict:
        """The form's values as the store takes them (PrisonerIn fields)."""
        year = self.birth_year.text().strip()
        return {
            "full_name": self.full_name.text().strip(),
            "latin_name": self.latin_name.text().strip() or None,
            "birth_year": int(year) if year else None,
            "status": self.status.currentData(),
            "charges": self.charges.toPlainText().strip() or None,
            "sentence": self.sentence.toPlainText().strip() or None,
            "languages": parse_languages(self.languages.text()),
            "notes": self.notes.toPlainText().strip() or None,
            "contact_interval_days": self.contact_interval_days.value() or None,
        }

    def revert(self) -> None:
        loaded = dict(self._loaded)
        self._set_values({
            **loaded,
            "latin_name": loaded["latin_name"] or "",
            "charges": loaded["charges"] or "",
            "sentence": loaded["sentence"] or "",
            "notes": loaded["notes"] or "",
        })
        self.clear_problems()
        self._changed()

    def _revert_clicked(self) -> None:
        if self.is_new():
            self.cancel_new_requested.emit()
        else:
            self.revert()

    def mark_saved(self, prisoner: Prisoner) -> None:
        """After a successful save: the saved record becomes the form's baseline."""
        self.load(prisoner)

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_buttons()

    # --- problems -----------------------------------------------------------------------

    def show_problems(self, problems: list[tuple[str, str]]) -> None:
        """Show each (field, message) under its field; others at the top. Focus the first."""
        self.clear_problems()
        general: list[str] = []
        first: QWidget | None = None
        for field, message in problems:
            name = field.split(".")[0]
            label = self._errors.get(name)
            if label is None:
                general.append(f"{field}: {message}" if field and field != "record" else message)
                continue
            text = label.text()
            label.setText(f"{text}\n{message}" if text else message)
            label.setVisible(True)
            if first is None:
                first = self._widgets[name]
        if general:
            self.general_error.setText("\n".join(general))
            self.general_error.setVisible(True)
        if first is not None:
            first.setFocus()

    def clear_problems(self) -> None:
        for label in self._errors.values():
            label.clear()
            label.setVisible(False)
        self.general_error.clear()
        self.general_error.setVisible(False)

    def problem_text(self, field: str) -> str:
        label = self._errors[field]
        return label.text() if not label.isHidden() else ""

    def general_problem(self) -> str:
        return self.general_error.text() if not self.general_error.isHidden() else ""

    # --- internals ----------------------------------------------------------------------

    def _changed(self, *_args) -> None:
        self._update_language_hint()
        dirty = self.values() != self._loaded
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)
        self._update_buttons()

    def _update_buttons(self) -> None:
        new = self.is_new()
        self.save_button.setEnabled(not self._busy and (self._dirty or new))
        self.revert_button.setEnabled(not self._busy and (self._dirty or new))
        self.revert_button.setText(_("&Cancel") if new else _("&Revert"))
        self.revert_button.setToolTip(_("Do not add this prisoner") if new
                                      else _("Undo the changes made since the last save"))
        if self._busy:
            self.state_label.setText(_("Saving…"))
        elif self._dirty:
            self.state_label.setText(_("Unsaved changes"))
        else:
            self.state_label.setText("")

    def _update_language_hint(self) -> None:
        codes = parse_languages(self.languages.text())
        names = [language_name(code) for code in codes if re.fullmatch(r"[a-z]{2}", code)]
        self.languages_hint.setText(", ".join(names))
        self.languages_hint.setVisible(bool(names))

    def _apply_error_palette(self) -> None:
        color = error_color(self.palette())
        for label in [*self._errors.values(), self.general_error]:
            palette = label.palette()
            palette.setColor(QPalette.ColorRole.WindowText, color)
            label.setPalette(palette)
        hint = self.languages_hint.palette()
        hint.setColor(QPalette.ColorRole.WindowText,
                      hint.color(QPalette.ColorRole.PlaceholderText))
        self.languages_hint.setPalette(hint)

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == event.Type.PaletteChange:
            self._apply_error_palette()

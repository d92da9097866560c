"""Small dialogs for a letter's censorship events and translations.

Each saves its record through the database worker and closes only once the store has taken
it; a refused record keeps the dialog open with the problem shown under its field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..domain.enums import CensorshipKind, TranslationStatus
from ..domain.records import CensorshipEventIn, TranslationIn
from ..i18n import _
from ..store.errors import InvalidInput, StoreError
from ..store.letter_ops import add_censorship_event
from ..store.models import CensorshipEvent, Translation
from ..store.service import validate
from .display import enum_choices
from .form_fields import FieldError, LanguageCombo, ValueCombo, problem_text, with_error
from .guards import if_alive
from .partial_date_edit import PartialDateEdit
from .worker import DatabaseWorker


class RecordDialog(QDialog):
    """A form for one record. Subclasses add fields with `add_row` and say how to save."""

    def __init__(self, worker: DatabaseWorker, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.worker = worker
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.errors: dict[str, FieldError] = {}
        self.date_fields: dict[str, PartialDateEdit] = {}
        self.banner = FieldError()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.banner)
        layout.addWidget(self.buttons)
        self.saving = False

    def add_row(self, field: str, label: str, widget: QWidget) -> QWidget:
        box, error = with_error(widget)
        self.errors[field] = error
        if isinstance(widget, PartialDateEdit):
            self.date_fields[field] = widget
        self.form.addRow(label, box)
        return widget

    def values(self) -> dict[str, Any]:
        raise NotImplementedError

    def operation(self, values: dict[str, Any]) -> Callable:
        raise NotImplementedError

    def show_problems(self, problems: list[tuple[str, str]]) -> None:
        for error in self.errors.values():
            error.show_problem(None)
        general = []
        for field, message in problems:
            if field in self.errors:
                self.errors[field].show_problem(problem_text(message))
            else:
                general.append(problem_text(message))
        self.banner.show_problem(" ".join(general) if general else None)

    def save(self) -> None:
        if self.saving:
            return
        bad_dates = [(field, _("This is not a date; write YYYY, YYYY-MM or YYYY-MM-DD."))
                     for field, edit in self.date_fields.items() if not edit.is_valid()]
        if bad_dates:
            self.show_problems(bad_dates)
            return
        self.saving = True
        self.buttons.setEnabled(False)
        self.worker.submit(self.operation(self.values()), on_done=if_alive(self, self._saved),
                           on_error=if_alive(self, self._failed), writes=True)

    def _saved(self, _record: object) -> None:
        self.saving = False
        self.buttons.setEnabled(True)
        self.accept()

    def _failed(self, error: Exception) -> None:
        self.saving = False
        self.buttons.setEnabled(True)
        if isinstance(error, InvalidInput):
            self.show_problems(error.problems)
        elif isinstance(error, StoreError):
            self.show_problems([("record", str(error))])
        else:
            self.show_problems([("record", _("It could not be saved: {error}").format(
                error=error))])


def _save(table, record_in, record_id: str | None, values: dict[str, Any]) -> Callable:
    def operation(store):
        if record_id is None:
            return store.create(validate(record_in, values))
        return store.update(table, record_id, values)
    return operation


class CensorshipEventDialog(RecordDialog):
    def __init__(self, worker: DatabaseWorker, letter_id: str,
                 event: CensorshipEvent | None = None, parent: QWidget | None = None):
        super().__init__(worker, _("Censorship event") if event is None
                         else _("Edit censorship event"), parent)
        self.letter_id = letter_id
        self.event = event
        self.kind = ValueCombo()
        self.kind.set_items(enum_choices(CensorshipKind), CensorshipKind.PASSED.value)
        self.noted_on = PartialDateEdit()
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText(_("What happened: which lines were cut, what the censor "
                                       "wrote, how long it was held…"))
        self.add_row("kind", _("What the censor did:"), self.kind)
        self.add_row("noted_on", _("Noted on:"), self.noted_on)
        self.add_row("note", _("Note:"), self.note)
        if event is not None:
            self.kind.set_value(event.kind)
            self.noted_on.set_value(event.noted_on)
            self.note.setPlainText(event.note or "")
        self.resize(520, 360)

    def values(self) -> dict[str, Any]:
        return {"letter_id": self.letter_id, "kind": self.kind.value(),
                "noted_on": self.noted_on.value(), "note": self.note.toPlainText()}

    def operation(self, values: dict[str, Any]) -> Callable:
        if self.event is None:  # a new event may change the letter's status (withheld…)
            return lambda store: add_censorship_event(store, validate(CensorshipEventIn,
                                                                      values))
        return _save(CensorshipEvent, CensorshipEventIn, self.event.id, values)


class TranslationDialog(RecordDialog):
    """The translation's languages, state, translator, priority and dates. Its text is kept
    as it is (the translation workflow edits it)."""

    def __init__(self, worker: DatabaseWorker, letter_id: str,
                 translation: Translation | None = None, *, letter_language: str | None = None,
                 parent: QWidget | None = None):
        super().__init__(worker, _("Translation") if translation is None
                         else _("Edit translation"), parent)
        self.letter_id = letter_id
        self.translation = translation
        self.source = LanguageCombo(allow_none=False)
        self.target = LanguageCombo(allow_none=False)
        self.status = ValueCombo()
        self.status.set_items(enum_choices(TranslationStatus), TranslationStatus.QUEUED.value)
        self.translator = QLineEdit()
        self.translator.setPlaceholderText(_("Who translates it"))
        self.priority = QSpinBox()
        self.priority.setRange(-100, 100)
        self.priority.setToolTip(_("Higher numbers come first in the translation queue"))
        self.requested_on = PartialDateEdit()
        self.due_on = PartialDateEdit()
        self.completed_on = PartialDateEdit()
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(90)
        self.add_row("source_language", _("From:"), self.source)
        self.add_row("target_language", _("Into:"), self.target)
        self.add_row("status", _("State:"), self.status)
        self.add_row("translator", _("Translator:"), self.translator)
        self.add_row("priority", _("Priority:"), self.priority)
        self.add_row("requested_on", _("Requested on:"), self.requested_on)
        self.add_row("due_on", _("Due on:"), self.due_on)
        self.add_row("completed_on", _("Completed on:"), self.completed_on)
        self.add_row("notes", _("Notes:"), self.notes)
        if translation is not None:
            self.source.set_code(translation.source_language)
            self.target.set_code(translation.target_language)
            self.status.set_value(translation.status)
            self.translator.setText(translation.translator or "")
            self.priority.setValue(translation.priority)
            self.requested_on.set_value(translation.requested_on)
            self.due_on.set_value(translation.due_on)
            self.completed_on.set_value(translation.completed_on)
            self.notes.setPlainText(translation.notes or "")
        else:
            source = letter_language or "ru"
            self.source.set_code(source)
            self.target.set_code("en" if source == "ru" else "ru")
        hint = QLabel(_("The translated text is edited on the Translations page."))
        hint.setEnabled(False)
        self.form.addRow(hint)
        self.layout().insertStretch(1, 1)  # the form keeps its height; the space goes below
        self.resize(520, 470)

    def values(self) -> dict[str, Any]:
        kept = {}
        if self.translation is not None:
            kept = TranslationIn.model_validate(self.translation.model_dump()).model_dump()
        return {
            **kept,
            "letter_id": self.letter_id,
            "source_language": self.source.code(),
            "target_language": self.target.code(),
            "status": self.status.value(),
            "translator": self.translator.text(),
            "priority": self.priority.value(),
            "requested_on": self.requested_on.value(),
            "due_on": self.due_on.value(),
            "completed_on": self.completed_on.value(),
            "notes": self.notes.toPlainText(),
        }

    def operation(self, values: dict[str, Any]) -> Callable:
        return _save(Translation, TranslationIn,
                     self.translation.id if self.translation else None, values)

"""The letter editor's Censorship and Translations tabs: a list with Add, Edit and Delete.

Before the letter is first saved there is nothing to attach records to, so the tab says so
and offers to save the letter. Records are written through their small dialogs
(letter_record_dialogs); deleting one asks first. The editor fills the lists (`set_rows`)
from the letter's detail whenever the data changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..domain.enums import CensorshipKind, TranslationStatus
from ..i18n import _
from ..store.models import CensorshipEvent, Record, Translation
from .display import enum_label, format_partial_date, language_pair
from .letter_record_dialogs import CensorshipEventDialog, RecordDialog, TranslationDialog
from .row_table import ROW_ROLE, Column, RowTableModel, fit_section, setup_table
from .worker import DatabaseWorker


class RecordsTab(QStackedWidget):
    """Page 0: "save the letter first"; page 1: the list. `save_requested()` asks the editor
    to save the letter."""

    save_requested = Signal()
    table: type[Record]

    def __init__(self, worker: DatabaseWorker, columns: list[Column], *, not_saved: str,
                 empty: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.worker = worker
        self.letter_id: str | None = None
        self.active_dialog: RecordDialog | None = None
        self.model = RowTableModel(columns, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        setup_table(self.view, sortable=False)
        self.addWidget(self._not_saved_page(not_saved))
        self.addWidget(self._list_page(empty))

    def _not_saved_page(self, text: str) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        label = QLabel(text)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(label)
        button = QPushButton(_("Save the letter now"))
        button.setAutoDefault(False)
        button.clicked.connect(self.save_requested)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        return page

    def _list_page(self, empty: str) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(_("&Add…"))
        self.edit_button = QPushButton(_("&Edit…"))
        self.delete_button = QPushButton(_("&Delete…"))
        for button, slot in ((self.add_button, self.add), (self.edit_button, self.edit),
                             (self.delete_button, self.delete)):
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.empty_label = QLabel(empty)
        self.empty_label.setEnabled(False)
        self.empty_label.setWordWrap(True)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty_label)
        self.view.activated.connect(lambda _index: self.edit())
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update())
        self.model.modelReset.connect(self._update)
        self._update()
        return page

    def _update(self) -> None:
        has_row = self.view.selectionModel().hasSelection()
        self.edit_button.setEnabled(has_row)
        self.delete_button.setEnabled(has_row)
        self.empty_label.setVisible(self.model.rowCount() == 0)

    # --- what the editor calls ------------------------------------------------------------

    def set_letter(self, letter_id: str | None) -> None:
        self.letter_id = letter_id
        self.setCurrentIndex(1 if letter_id else 0)

    def set_rows(self, rows: list[Any]) -> None:
        self.model.set_rows(rows)

    def selected(self) -> Any:
        indexes = self.view.selectionModel().selectedRows()
        return indexes[0].data(ROW_ROLE) if indexes else None

    # --- actions -------------------------------------------------------------------------

    def dialog(self, record: Any | None) -> RecordDialog:
        raise NotImplementedError

    def describe(self, record: Any) -> tuple[str, str]:
        """The title and the question of the delete confirmation."""
        raise NotImplementedError

    def add(self) -> None:
        if self.letter_id:
            self._open(self.dialog(None))

    def edit(self) -> None:
        record = self.selected()
        if record is not None and self.letter_id:
            self._open(self.dialog(record))

    def delete(self) -> None:
        record = self.selected()
        if record is None:
            return
        title, question = self.describe(record)
        answer = QMessageBox.question(
            self, title, question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            table, record_id = self.table, record.id
            self.worker.submit(lambda store: store.delete(table, record_id), writes=True)

    def _open(self, dialog: RecordDialog) -> None:
        self.active_dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.open()  # window-modal, without a nested event loop


class CensorshipTab(RecordsTab):
    table = CensorshipEvent

    def __init__(self, worker: DatabaseWorker, parent: QWidget | None = None):
        super().__init__(worker, [
            Column(_("What the censor did"), lambda e: enum_label(e.kind, CensorshipKind)),
            Column(_("Noted on"), lambda e: format_partial_date(e.noted_on)),
            Column(_("Note"), lambda e: (e.note or "").replace("\n", " "),
                   tooltip=lambda e: e.note or None),
        ], not_saved=_("Censorship events can be recorded once the letter is saved."),
            empty=_("No censorship events: add one when the censor delays, cuts, withholds "
                    "or comments on the letter."), parent=parent)
        fit_section(self.view, 0, 200)
        fit_section(self.view, 1, 140, format_partial_date("2024-11-30"))

    def dialog(self, record: CensorshipEvent | None) -> RecordDialog:
        return CensorshipEventDialog(self.worker, self.letter_id, record,  # type: ignore[arg-type]
                                     parent=self)

    def describe(self, record: CensorshipEvent) -> tuple[str, str]:
        day = f", {format_partial_date(record.noted_on)}" if record.noted_on else ""
        return _("Delete censorship event"), _(
            "Delete this censorship event ({kind}{date})? This cannot be undone.").format(
            kind=enum_label(record.kind, CensorshipKind), date=day)


class TranslationsTab(RecordsTab):
    table = Translation

    def __init__(self, worker: DatabaseWorker, letter_language: Callable[[], str | None],
                 parent: QWidget | None = None):
        super().__init__(worker, [
            Column(_("Languages"), lambda t: language_pair(t.source_language,
                                                           t.target_language)),
            Column(_("State"), lambda t: enum_label(t.status, TranslationStatus)),
            Column(_("Translator"), lambda t: t.translator or ""),
            Column(_("Priority"), lambda t: str(t.priority), align_right=True),
            Column(_("Due"), lambda t: format_partial_date(t.due_on)),
            Column(_("Completed"), lambda t: format_partial_date(t.completed_on)),
        ], not_saved=_("Translations can be added once the letter is saved."),
            empty=_("No translations. Add one to put the letter in the translation queue."),
            parent=parent)
        self.letter_language = letter_language
        # fitted to titles and typical values, so that all six fit without scrolling
        longest_date = format_partial_date("2024-11-30")
        fit_section(self.view, 0, 170, language_pair("ru", "uk"))
        fit_section(self.view, 1, 90)
        fit_section(self.view, 2, 110)
        fit_section(self.view, 3, 60)
        fit_section(self.view, 4, 90, longest_date)
        fit_section(self.view, 5, 90, longest_date)

    def dialog(self, record: Translation | None) -> RecordDialog:
        return TranslationDialog(self.worker, self.letter_id, record,  # type: ignore[arg-type]
                                 letter_language=self.letter_language(), parent=self)

    def describe(self, record: Translation) -> tuple[str, str]:
        return _("Delete translation"), _(
            "Delete the translation {languages}? Its text is deleted with it. This cannot be "
            "undone.").format(languages=language_pair(record.source_language,
                                                      record.target_language))

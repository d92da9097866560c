"""The Translations page: every translation with its letter, filterable by state and language.

Double-clicking a row opens its letter. (The claim / review workflow comes later.)
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QStackedWidget,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..domain.enums import TranslationStatus
from ..i18n import _, ngettext
from ..i18n.formatting import format_number
from ..store.models import Translation
from ..store.translations_list import (
    OPEN_STATUSES,
    TranslationRow,
    target_languages,
    translation_rows,
)
from .display import enum_label, format_partial_date, language_name, language_pair
from .empty_state import EmptyState
from .guards import if_alive
from .row_table import ROW_ROLE, Column, RowTableModel, setup_table, sorting_proxy
from .worker import DatabaseWorker

OPEN = "open"  # the status filter's "still to do" choice


def translation_columns() -> list[Column]:
    return [
        Column(_("Letter"), lambda r: r.letter_title or _("(untitled letter)")),
        Column(_("Prisoner"), lambda r: r.prisoner_name),
        Column(_("Languages"), lambda r: language_pair(r.source_language, r.target_language)),
        Column(_("Status"), lambda r: enum_label(r.status, TranslationStatus),
               sort=lambda r: list(TranslationStatus).index(TranslationStatus(r.status))),
        Column(_("Translator"), lambda r: r.translator or ""),
        Column(_("Priority"), lambda r: str(r.priority), sort=lambda r: r.priority,
               align_right=True),
        Column(_("Due"), lambda r: format_partial_date(r.due_on, short=True),
               sort=lambda r: r.due_on or "9999"),
    ]


class TranslationsPage(QWidget):
    open_prisoner = Signal(str)
    open_letter = Signal(str)

    def __init__(self, worker: DatabaseWorker, parent: QWidget | None = None):
        super().__init__(parent)
        self.worker = worker
        self._loaded = False
        self._any = False  # whether any translation exists, whatever the filters

        self.filter = QLineEdit()
        self.filter.setPlaceholderText(_("Filter by letter, prisoner or translator…"))
        self.filter.setClearButtonEnabled(True)
        self.status = QComboBox()
        self.status.addItem(_("All states"), None)
        self.status.addItem(_("Still to do"), OPEN)
        for status in TranslationStatus:
            self.status.addItem(enum_label(status), status.value)
        self.language = QComboBox()
        self.language.addItem(_("Any language"), None)
        self.language.setMinimumContentsLength(12)
        self.count_label = QLabel()
        status_label = QLabel(_("S&tate:"))
        status_label.setBuddy(self.status)
        language_label = QLabel(_("&Into:"))
        language_label.setBuddy(self.language)
        toolbar = QHBoxLayout()
        toolbar.setSpacing(8)
        toolbar.addWidget(self.filter, 1)
        toolbar.addSpacing(8)
        toolbar.addWidget(status_label)
        toolbar.addWidget(self.status)
        toolbar.addSpacing(8)
        toolbar.addWidget(language_label)
        toolbar.addWidget(self.language)
        toolbar.addSpacing(8)
        toolbar.addWidget(self.count_label)

        self.model = RowTableModel(translation_columns(), self)
        self.proxy = sorting_proxy(self.model, self)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        setup_table(self.table)
        self.table.setToolTip(_("Double-click a translation to open its letter"))
        self.table.sortByColumn(5, Qt.SortOrder.DescendingOrder)
        for column, width in enumerate((300, 220, 170, 110, 160, 70)):
            self.table.horizontalHeader().resizeSection(column, width)
        self.table.activated.connect(self._open_row)

        self.empty = EmptyState(
            _("No translations yet"),
            hint=_("When a letter needs translating, add a translation to it in the letter "
                   "editor; it then waits here until someone takes it on."),
            icon=QStyle.StandardPixmap.SP_FileDialogInfoView,
        )
        self.no_match = EmptyState(_("No translation matches the filter"),
                                   icon=QStyle.StandardPixmap.SP_FileDialogContentsView)
        self.no_match.add_action(_("Show all translations"), self.clear_filters)
        self.stack = QStackedWidget()
        for widget in (self.table, self.empty, self.no_match):
            self.stack.addWidget(widget)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(8)
        layout.addLayout(toolbar)
        layout.addWidget(self.stack, 1)

        self.filter.textChanged.connect(self._on_text_filter)
        self.status.currentIndexChanged.connect(self.refresh)
        self.language.currentIndexChanged.connect(self.refresh)
        worker.data_changed.connect(if_alive(self, self.refresh))
        self.refresh()

    # --- the page contract -------------------------------------------------------------------

    def refresh(self) -> None:
        chosen = self.status.currentData()
        statuses = OPEN_STATUSES if chosen == OPEN else ([chosen] if chosen else None)
        language = self.language.currentData()

        def load(store):
            return (translation_rows(store, statuses=statuses, target_language=language),
                    target_languages(store), bool(store.counts()["translation"]))

        self.worker.submit(load, on_done=if_alive(self, self._show))

    def focus_filter(self) -> None:
        self.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter.selectAll()

    def delete_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        answer = QMessageBox.question(
            self, _("Delete translation"),
            _("Delete the {language} translation of “{letter}”?\n\nIts text will be lost. "
              "This cannot be undone.").format(
                language=language_name(row.target_language),
                letter=row.letter_title or _("(untitled letter)")),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            translation_id = row.id
            self.worker.submit(lambda store: store.delete(Translation, translation_id),
                               writes=True)

    def save_state(self, settings: QSettings) -> None:
        settings.setValue("translations/header", self.table.horizontalHeader().saveState())

    def restore_state(self, settings: QSettings) -> None:
        header = settings.value("translations/header")
        if header:
            self.table.horizontalHeader().restoreState(header)

    # --- the rest ------------------------------------------------------------------------------

    def selected_row(self) -> TranslationRow | None:
        index = self.table.currentIndex()
        return index.data(ROW_ROLE) if index.isValid() else None

    def clear_filters(self) -> None:
        self.filter.clear()
        self.status.setCurrentIndex(0)
        self.language.setCurrentIndex(0)

    def _show(self, result: tuple[list[TranslationRow], list[str], bool]) -> None:
        rows, languages, any_at_all = result
        selected = self.selected_row()
        self.model.set_rows(rows)
        self._fill_languages(languages)
        self._loaded = True
        self._any = any_at_all
        if selected is not None:
            for number, row in enumerate(rows):
                if row.id == selected.id:
                    self.table.setCurrentIndex(self.proxy.mapFromSource(
                        self.model.index(number, 0)))
                    break
        self._update_state()

    def _fill_languages(self, languages: list[str]) -> None:
        chosen = self.language.currentData()
        self.language.blockSignals(True)
        try:
            while self.language.count() > 1:
                self.language.removeItem(1)
            for code in languages:
                self.language.addItem(language_name(code), code)
            index = self.language.findData(chosen) if chosen else 0
            self.language.setCurrentIndex(max(index, 0))
        finally:
            self.language.blockSignals(False)

    def _on_text_filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self._update_state()

    def _update_state(self) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        if not self._loaded:
            return
        if not self._any:
            self.stack.setCurrentWidget(self.empty)
        elif shown == 0:
            self.stack.setCurrentWidget(self.no_match)
        else:
            self.stack.setCurrentWidget(self.table)
        if shown == total:
            self.count_label.setText(ngettext("{n} translation", "{n} translations", total)
                                     .format(n=format_number(total)))
        else:
            self.count_label.setText(_("{shown} of {total}").format(
                shown=format_number(shown), total=format_number(total)))

    def _open_row(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_letter.emit(index.data(ROW_ROLE).letter_id)

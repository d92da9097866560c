"""Filters for the toolbar's search: prisoner, direction, status, language and a date range.

`SearchFilterButton` sits beside the search box; its drop-down holds a `SearchFilterPanel`.
The panel's `changed` signal says the filters changed; `filters()` gives store.search's
SearchFilters, or None when nothing is chosen.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from ..domain.enums import Direction, LetterStatus
from ..i18n import _, ngettext
from ..store.letter_table import FilterChoices, filter_choices
from ..store.search import SearchFilters
from .display import enum_choices, language_name
from .form_fields import ValueCombo
from .guards import if_alive
from .partial_date_edit import PartialDateEdit
from .worker import DatabaseWorker


class SearchFilterPanel(QWidget):
    changed = Signal()

    def __init__(self, worker: DatabaseWorker, parent: QWidget | None = None):
        super().__init__(parent)
        self.worker = worker
        self.prisoner = ValueCombo()
        self.prisoner.set_items([(_("Any prisoner"), None)])
        self.direction = ValueCombo()
        self.direction.set_items([(_("Both directions"), None),
                                  (_("→ To the prisoner"), Direction.OUTGOING.value),
                                  (_("← From the prisoner"), Direction.INCOMING.value)])
        self.status = ValueCombo()
        self.status.set_items([(_("Any status"), None), *enum_choices(LetterStatus)])
        self.language = ValueCombo()
        self.language.set_items([(_("Any language"), None)])
        self.date_from = PartialDateEdit()
        self.date_to = PartialDateEdit()
        for combo in (self.prisoner, self.direction, self.status, self.language):
            combo.setMinimumWidth(260)
            combo.currentIndexChanged.connect(lambda _index: self.changed.emit())
        for edit in (self.date_from, self.date_to):
            edit.value_changed.connect(lambda _value: self.changed.emit())
        dates = QHBoxLayout()
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel("–"))
        dates.addWidget(self.date_to)
        self.clear_button = QPushButton(_("Clear the filters"))
        self.clear_button.clicked.connect(self.clear)
        note = QLabel(_("Letter filters show only letters, their translations and censorship "
                        "notes."))
        note.setWordWrap(True)
        note.setEnabled(False)  # muted
        form = QFormLayout()
        form.addRow(_("Prisoner:"), self.prisoner)
        form.addRow(_("Direction:"), self.direction)
        form.addRow(_("Status:"), self.status)
        form.addRow(_("Language:"), self.language)
        form.addRow(_("Dated:"), dates)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.clear_button)

    def load_choices(self) -> None:
        """The prisoners and the languages in use, from the database."""
        self.worker.submit(lambda store: filter_choices(store.db),
                           on_done=if_alive(self, self._set_choices))

    def _set_choices(self, choices: FilterChoices) -> None:
        for combo, items in (
                (self.prisoner, [(_("Any prisoner"), None),
                                 *((name, id_) for id_, name, _latin in choices.prisoners)]),
                (self.language, [(_("Any language"), None),
                                 *((language_name(code), code) for code in choices.languages)])):
            value = combo.value()
            combo.blockSignals(True)
            combo.set_items(items, value)
            combo.blockSignals(False)
            if combo.value() != value:
                self.changed.emit()  # the chosen prisoner is gone

    def filters(self) -> SearchFilters | None:
        values = {
            "prisoner_id": self.prisoner.value(), "direction": self.direction.value(),
            "status": self.status.value(), "language": self.language.value(),
            "date_from": self.date_from.value(), "date_to": self.date_to.value(),
        }
        if not any(values.values()):
            return None
        return SearchFilters(**values)

    def active_count(self) -> int:
        found = self.filters()
        if found is None:
            return 0
        return sum(bool(value) for value in (
            found.prisoner_id, found.direction, found.status, found.language,
            found.date_from or found.date_to))

    def clear(self) -> None:
        for combo in (self.prisoner, self.direction, self.status, self.language):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        for edit in (self.date_from, self.date_to):
            edit.blockSignals(True)
            edit.clear()
            edit.blockSignals(False)
        self.changed.emit()


class SearchFilterButton(QToolButton):
    """"Filters" (with the number in use) and a drop-down with the panel."""

    def __init__(self, worker: DatabaseWorker, parent: QWidget | None = None):
        super().__init__(parent)
        self.panel = SearchFilterPanel(worker)
        menu = QMenu(self)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.panel)
        menu.addAction(action)
        menu.aboutToShow.connect(self.panel.load_choices)
        self.setMenu(menu)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setToolTip(_("Narrow the search to one prisoner, direction, status, language "
                          "or period"))
        self.panel.changed.connect(self._show_count)
        self._show_count()

    def _show_count(self) -> None:
        count = self.panel.active_count()
        self.setText(ngettext("Filters ({n})", "Filters ({n})", count).format(n=count)
                     if count else _("Filters"))

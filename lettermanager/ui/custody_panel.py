"""A prisoner's custody timeline: stays (with facility names), free gaps and transit."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..domain.custody import Place
from ..domain.enums import FacilityKind
from ..i18n import _
from ..store.prisoner_list import TimelineRow
from .display import enum_label, format_partial_date
from .empty_state import EmptyState
from .prisoner_list_model import muted

STAY_ROLE = Qt.ItemDataRole.UserRole + 1


class _RoomyDelegate(QStyledItemDelegate):
    """Rows sized to their (wrapped) text, with some air above and below."""

    def sizeHint(self, option, index):  # noqa: N802
        hint = super().sizeHint(option, index)
        hint.setHeight(hint.height() + 10)
        return hint


def place_label(row: TimelineRow) -> str:
    if row.place is Place.FREE:
        return _("Free")
    if row.place is Place.IN_TRANSIT:
        return _("In transit (etap) / whereabouts unknown")
    return row.facility_name or _("Unknown facility")


def date_label(value: str | None, *, open_end: bool = False) -> str:
    if value:
        return format_partial_date(value)
    return _("now") if open_end else _("unknown")


class CustodyPanel(QWidget):
    """The timeline table, the full note of the selected entry, and the custody actions."""

    record_move_requested = Signal()
    release_requested = Signal()
    edit_stay_requested = Signal(str)
    delete_stay_requested = Signal(str)

    FROM, UNTIL, PLACE = range(3)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._rows: list[TimelineRow] = []

        self.move_button = QPushButton(_("Record a &move…"))
        self.move_button.setToolTip(_("The prisoner was moved, sent on transit (etap), or "
                                      "arrested again"))
        self.move_button.clicked.connect(self.record_move_requested)
        self.release_button = QPushButton(_("Record a re&lease…"))
        self.release_button.setToolTip(_("End the current stay: the prisoner is free from then"))
        self.release_button.clicked.connect(self.release_requested)
        self.edit_button = QPushButton(_("&Edit stay…"))
        self.edit_button.clicked.connect(self._edit_selected)
        self.delete_button = QPushButton(_("&Delete stay…"))
        self.delete_button.clicked.connect(self._delete_selected)
        for button in (self.move_button, self.release_button, self.edit_button,
                       self.delete_button):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.move_button)
        buttons.addWidget(self.release_button)
        buttons.addStretch(1)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)

        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([_("From"), _("Until"), _("Place")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)  # long facility names wrap instead of being cut
        self.table.setItemDelegate(_RoomyDelegate(self.table))
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(self.FROM, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.UNTIL, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.PLACE, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.itemDoubleClicked.connect(lambda _item: self._edit_selected())

        self.details = QTextBrowser()
        self.details.setOpenLinks(False)
        self.details.setPlaceholderText(_("Select a stay to see its note."))

        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        split.addWidget(self.table)
        split.addWidget(self.details)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        self.splitter = split

        self.empty = EmptyState(
            _("No custody record yet"),
            hint=_("Record where the prisoner is held: a facility, or in transit."),
            action_text=_("Record a move…"),
        )
        self.empty.action_triggered.connect(self.record_move_requested)
        self.stack = QStackedWidget()
        self.stack.addWidget(split)
        self.stack.addWidget(self.empty)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(buttons)
        layout.addWidget(self.stack, 1)
        self._selection_changed()

    # --- data ---------------------------------------------------------------------------

    def set_timeline(self, rows: list[TimelineRow]) -> None:
        selected = self.selected_stay_id()
        self._rows = list(rows)
        self.table.setRowCount(len(rows))
        palette = self.table.palette()
        dim = muted(palette)
        for number, row in enumerate(rows):
            cells = [
                date_label(row.start),
                date_label(row.end, open_end=row.stay_id is not None),
                place_label(row),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(STAY_ROLE, row.stay_id)
                tip = text if column != self.PLACE else self._place_tooltip(row)
                item.setToolTip(tip)
                font = QFont(self.table.font())
                if row.is_open:
                    font.setBold(True)
                if row.place is not Place.HELD:
                    font.setItalic(True)
                item.setFont(font)
                if row.place is Place.FREE:
                    item.setForeground(dim)
                self.table.setItem(number, column, item)
        has_open = any(row.is_open for row in rows)
        self.release_button.setEnabled(has_open)
        self.stack.setCurrentWidget(self.empty if not rows else self.splitter)
        if selected and self.select_stay(selected):
            return
        if rows:  # the current place is what people look for first
            self.table.selectRow(len(rows) - 1)
        self._selection_changed()

    def rows(self) -> list[TimelineRow]:
        return list(self._rows)

    def select_stay(self, stay_id: str) -> bool:
        for number, row in enumerate(self._rows):
            if row.stay_id == stay_id:
                self.table.selectRow(number)
                return True
        return False

    def selected_row(self) -> TimelineRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        number = rows[0].row()
        return self._rows[number] if 0 <= number < len(self._rows) else None

    def selected_stay_id(self) -> str | None:
        row = self.selected_row()
        return row.stay_id if row else None

    def place_text(self, number: int) -> str:
        item = self.table.item(number, self.PLACE)
        return item.text() if item else ""

    # --- internals ----------------------------------------------------------------------

    def _place_tooltip(self, row: TimelineRow) -> str:
        text = place_label(row)
        if row.place is Place.FREE:
            return _("Not in custody between these dates")
        if row.facility_kind:
            return f"{text}\n{enum_label(row.facility_kind, FacilityKind)}"
        return text

    def _selection_changed(self) -> None:
        row = self.selected_row()
        is_stay = row is not None and row.stay_id is not None
        self.edit_button.setEnabled(is_stay)
        self.delete_button.setEnabled(is_stay)
        self.details.setHtml(self._details_html(row) if row else "")

    def _details_html(self, row: TimelineRow) -> str:
        title = escape(place_label(row))
        start = escape(date_label(row.start))
        end = escape(date_label(row.end, open_end=row.stay_id is not None))
        color = muted(self.details.palette()).name()
        kind = enum_label(row.facility_kind, FacilityKind) if row.facility_kind else ""
        when = escape(_("{start} – {end}").format(start=start, end=end))
        if kind:
            when = f"{escape(kind)} · {when}"
        parts = [f"<p><b>{title}</b><br><span style='color:{color}'>{when}</span></p>"]
        if row.place is Place.FREE:
            parts.append(f"<p>{escape(_('Not in custody between these stays.'))}</p>")
        elif row.note:
            parts.append("<p>" + escape(row.note).replace("\n", "<br>") + "</p>")
        else:
            parts.append(f"<p style='color:{color}'>{escape(_('No note.'))}</p>")
        return "".join(parts)

    def _edit_selected(self) -> None:
        stay = self.selected_stay_id()
        if stay:
            self.edit_stay_requested.emit(stay)

    def _delete_selected(self) -> None:
        stay = self.selected_stay_id()
        if stay:
            self.delete_stay_requested.emit(stay)

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == event.Type.PaletteChange and self._rows:
            self.set_timeline(self._rows)


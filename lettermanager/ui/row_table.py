"""A read-only table model over a list of plain rows (dataclasses), described by columns.

Each column says how a row shows as text and, when that text does not sort right (numbers,
dates shown as words), the value to sort by. Use it behind a QSortFilterProxyModel with
`proxy.setSortRole(SORT_ROLE)`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

ROW_ROLE = Qt.ItemDataRole.UserRole  # the row object itself
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class Column:
    title: str
    text: Callable[[Any], str]
    sort: Callable[[Any], Any] | None = None  # default: the text, case-folded
    align_right: bool = False
    tooltip: Callable[[Any], str | None] | None = None  # default: the text


class RowTableModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], parent=None):
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def rowCount(self, parent: QModelIndex | None = None) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | None = None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == ROW_ROLE:
            return row
        if role == SORT_ROLE:
            if column.sort is not None:
                return column.sort(row)
            return column.text(row).casefold()
        if role == Qt.ItemDataRole.ToolTipRole:
            if column.tooltip is not None:
                return column.tooltip(row)
            return column.text(row) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def sorting_proxy(model: RowTableModel, parent=None) -> QSortFilterProxyModel:
    """A proxy that sorts by SORT_ROLE and filters, case-insensitively, on every column."""
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setFilterKeyColumn(-1)
    return proxy


def setup_table(view: QTableView, *, sortable: bool = True) -> None:
    """The look every list in the app shares: whole rows, alternating colours, sortable."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setSortingEnabled(sortable)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)


def fit_section(view: QTableView, column: int, width: int, *samples: str) -> None:
    """Size a column to `width`, widened so its title and `samples` are never cut.

    Titles are longest in Russian and French ("Последнее письмо"); the default widths were
    chosen for English.
    """
    header = view.horizontalHeader()
    title = view.model().headerData(column, Qt.Orientation.Horizontal) or ""
    needed = header.fontMetrics().horizontalAdvance(str(title)) + 28  # sort arrow and margins
    for sample in samples:
        needed = max(needed, view.fontMetrics().horizontalAdvance(sample) + 16)
    header.resizeSection(column, max(width, needed))

"""The letters table model: every letter's id in order, the rows fetched a page at a time.

The model holds only the ordered id list (filtered and sorted in SQL, store.letter_table).
A row's cells are fetched with its page of `page_size` rows on the database worker the first
time a view asks for them; until the page arrives the row shows "…", then `dataChanged` fills
it in. A few pages are kept in an LRU cache, so scrolling through 100,000 letters holds a
bounded number of rows. While the user scrolls fast, only the pages asked for last are fetched.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QStyle

from ..domain.enums import (
    CensorshipKind,
    Channel,
    Direction,
    LetterStatus,
    TranslationStatus,
)
from ..i18n import N_, _, ngettext
from ..store.letter_table import (
    LetterColumn,
    LetterFilter,
    LetterRow,
    LetterSort,
    letter_count,
    letter_ids,
    letter_rows,
)
from .display import enum_label, format_partial_date, language_name
from .guards import if_alive
from .worker import DatabaseWorker

log = logging.getLogger(__name__)

LetterIdRole = Qt.ItemDataRole.UserRole + 1  # the letter's id (known for every row)
LetterRowRole = Qt.ItemDataRole.UserRole + 2  # the LetterRow, or None until its page arrives
PrisonerIdRole = Qt.ItemDataRole.UserRole + 3  # the prisoner's id, or None until then

COLUMNS: tuple[tuple[LetterColumn, str], ...] = (
    (LetterColumn.DATE, N_("Date")),
    (LetterColumn.DIRECTION, N_("Dir.")),
    (LetterColumn.PRISONER, N_("Prisoner")),
    (LetterColumn.CORRESPONDENT, N_("Correspondent")),
    (LetterColumn.CHANNEL, N_("Channel")),
    (LetterColumn.STATUS, N_("Status")),
    (LetterColumn.LANGUAGE, N_("Language")),
    (LetterColumn.TRANSLATION, N_("Translation")),
    (LetterColumn.CENSORSHIP, N_("Censorship")),
    (LetterColumn.TITLE, N_("Title")),
)
COLUMN_TOOLTIPS = {
    LetterColumn.DIRECTION: N_("→ to the prisoner (outgoing), ← from the prisoner (incoming)"),
    LetterColumn.TRANSLATION: N_("The least advanced of the letter's translations"),
    LetterColumn.CENSORSHIP: N_("The worst thing the censor did to the letter"),
}
COLUMN_INDEX = {column: index for index, (column, _title) in enumerate(COLUMNS)}

PLACEHOLDER = "…"
# Censorship events that mean the letter was hindered, shown with a warning sign.
HINDERED = {CensorshipKind.WITHHELD, CensorshipKind.LOST, CensorshipKind.RETURNED,
            CensorshipKind.REDACTED, CensorshipKind.ITEM_REMOVED, CensorshipKind.DELAYED}
ARROWS = {Direction.OUTGOING.value: "→", Direction.INCOMING.value: "←"}
ITEM_FLAGS = (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
              | Qt.ItemFlag.ItemNeverHasChildren)


@dataclass(frozen=True, slots=True)
class Line:
    """A fetched row and its cell texts, formatted once (on the database thread)."""

    row: LetterRow
    texts: tuple[str, ...]


# Columns whose text depends on one value of the row: formatted once per value and page.
_ONE_VALUE = {
    LetterColumn.DATE: "date", LetterColumn.CHANNEL: "channel", LetterColumn.STATUS: "status",
    LetterColumn.LANGUAGE: "language", LetterColumn.TRANSLATION: "translation",
    LetterColumn.CENSORSHIP: "censorship",
}


def fetch_lines(db, ids: Sequence[str]) -> dict[str, Line]:
    """The rows of `ids` with their texts; runs on the database thread (no Qt)."""
    memo: dict[tuple[LetterColumn, object], str] = {}

    def text(row: LetterRow, column: LetterColumn) -> str:
        field = _ONE_VALUE.get(column)
        if field is None:
            return display_text(row, column)
        key = (column, getattr(row, field))
        if key not in memo:
            memo[key] = display_text(row, column)
        return memo[key]

    return {letter_id: Line(row, tuple(text(row, column) for column, _title in COLUMNS))
            for letter_id, row in letter_rows(db, ids).items()}


class LettersTableModel(QAbstractTableModel):
    """Signals: `loading()` when a new id list is asked for; `reloaded()` when it has arrived
    (then `total_count` and `rowCount()` are current)."""

    loading = Signal()
    reloaded = Signal()

    def __init__(self, worker: DatabaseWorker, parent=None, *, page_size: int = 200,
                 max_pages: int = 20):
        super().__init__(parent)
        self._worker = worker
        self.page_size = page_size
        self.max_pages = max_pages
        self._ids: list[str] = []
        self._filter = LetterFilter()
        self._sort = LetterSort()
        self._pages: OrderedDict[int, list[Line | None]] = OrderedDict()
        self._in_flight: int | None = None  # the page being fetched
        self._wanted: list[int] = []  # pages asked for meanwhile, the latest last
        self._generation = 0  # bumped when the id list changes; older pages are dropped
        self._reload_serial = 0
        self._loaded = False
        self.total_count = 0  # letters in the database, whatever the filter
        self.fetched_pages: list[int] = []  # every page fetched since the last id list
        self._warning_icon: QIcon | None = None
        self._arrow_font: QFont | None = None
        self._brushes: dict[str, QBrush] = {}

    # --- what the model shows -------------------------------------------------------------

    @property
    def letter_filter(self) -> LetterFilter:
        return self._filter

    @property
    def letter_sort(self) -> LetterSort:
        return self._sort

    def is_loaded(self) -> bool:
        """Whether an id list has arrived at least once."""
        return self._loaded

    def set_filter(self, letter_filter: LetterFilter) -> None:
        if letter_filter != self._filter:
            self._filter = letter_filter
            self.reload()

    def set_sort(self, sort: LetterSort) -> None:
        if sort != self._sort:
            self._sort = sort
            self.reload()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self.set_sort(LetterSort(COLUMNS[column][0], order == Qt.SortOrder.AscendingOrder))

    def letter_id(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def letter_ids(self) -> list[str]:
        return list(self._ids)

    def row_of(self, letter_id: str) -> int:
        """The row of a letter, or -1 when the list does not hold it."""
        try:
            return self._ids.index(letter_id)
        except ValueError:
            return -1

    def cached_row(self, row: int) -> LetterRow | None:
        """The row's data if its page is at hand (no fetching)."""
        page = self._pages.get(row // self.page_size)
        if page is None or not 0 <= row % self.page_size < len(page):
            return None
        line = page[row % self.page_size]
        return line.row if line is not None else None

    # --- loading ---------------------------------------------------------------------------

    def reload(self) -> None:
        """Query the id list again (after a change, a new sort or filter). The rows on screen
        stay until the new list arrives, and the pages in use are fetched with it."""
        self._reload_serial += 1
        serial = self._reload_serial
        letter_filter, sort = self._filter, self._sort
        hint_pages = list(reversed(self._pages))[:3]  # the most recently used: on screen
        page_size = self.page_size

        def operation(store) -> tuple[list[str], int, dict[int, dict[str, Line]]]:
            ids = letter_ids(store.db, letter_filter, sort)
            total = len(ids) if letter_filter.is_empty() else letter_count(store.db)
            pages = {}
            for page in hint_pages or [0]:
                page_ids = ids[page * page_size:(page + 1) * page_size]
                if page_ids:
                    pages[page] = fetch_lines(store.db, page_ids)
            return ids, total, pages

        self.loading.emit()
        self._worker.submit(
            operation,
            on_done=if_alive(self, lambda result: self._ids_arrived(serial, *result)),
            on_error=if_alive(self, lambda error: self._ids_failed(serial, error)),
        )

    def _ids_failed(self, serial: int, error: Exception) -> None:
        if serial == self._reload_serial:
            self._worker.failed.emit(_("The letters could not be loaded: {error}").format(
                error=error))

    def _ids_arrived(self, serial: int, ids: list[str], total: int,
                     pages: dict[int, dict[str, Line]]) -> None:
        if serial != self._reload_serial:
            return  # a newer reload is on its way
        self.total_count = total
        self._loaded = True
        self._generation += 1
        self._in_flight = None
        self._wanted.clear()
        self.fetched_pages = []
        new_pages = OrderedDict(
            (page, [rows.get(letter_id) for letter_id in ids[page * self.page_size:
                                                              (page + 1) * self.page_size]])
            for page, rows in sorted(pages.items())
        )
        if ids == self._ids:  # same letters, same order: refresh the cells in place
            self._pages = new_pages
            if ids:
                self.dataChanged.emit(self.index(0, 0),
                                      self.index(len(ids) - 1, len(COLUMNS) - 1))
        elif len(ids) == len(self._ids) and set(ids) == set(self._ids):
            self._reorder(ids, new_pages)  # a new sort: selections follow their letters
        else:
            self.beginResetModel()
            self._ids = ids
            self._pages = new_pages
            self.endResetModel()
        self.reloaded.emit()

    def _reorder(self, ids: list[str], pages: OrderedDict[int, list[Line | None]]) -> None:
        self.layoutAboutToBeChanged.emit()
        old_ids = self._ids
        self._ids = ids
        self._pages = pages
        persistent = self.persistentIndexList()
        if persistent:
            new_row = {letter_id: row for row, letter_id in enumerate(ids)}
            moved = [
                self.index(new_row[old_ids[index.row()]], index.column())
                for index in persistent
            ]
            self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    def _request(self, page: int) -> None:
        if page == self._in_flight:
            return
        if page in self._wanted:
            self._wanted.remove(page)
        self._wanted.append(page)
        del self._wanted[:-4]  # scrolling fast: only the last pages asked for still matter
        if self._in_flight is None:
            self._fetch_next()

    def _fetch_next(self) -> None:
        if not self._wanted:
            return
        page = self._wanted.pop()
        if page in self._pages:
            self._fetch_next()
            return
        page_ids = self._ids[page * self.page_size:(page + 1) * self.page_size]
        self._in_flight = page
        self.fetched_pages.append(page)
        generation = self._generation
        self._worker.submit(
            lambda store: fetch_lines(store.db, page_ids),
            on_done=if_alive(self, lambda rows: self._page_arrived(generation, page, rows)),
            on_error=if_alive(self, lambda error: self._page_failed(generation, page, error)),
        )

    def _page_arrived(self, generation: int, page: int, rows: dict[str, Line]) -> None:
        if generation != self._generation:
            return
        self._in_flight = None
        first = page * self.page_size
        page_ids = self._ids[first:first + self.page_size]
        self._pages[page] = [rows.get(letter_id) for letter_id in page_ids]
        self._pages.move_to_end(page)
        while len(self._pages) > self.max_pages:
            self._pages.popitem(last=False)
        if page_ids:
            self.dataChanged.emit(self.index(first, 0),
                                  self.index(first + len(page_ids) - 1, len(COLUMNS) - 1))
        self._fetch_next()

    def _page_failed(self, generation: int, page: int, error: Exception) -> None:
        log.warning("letters page %s could not be loaded: %s", page, error)
        if generation != self._generation:
            return
        self._in_flight = None
        # Keep the rows empty rather than asking again on every repaint; a reload retries.
        first = page * self.page_size
        self._pages[page] = [None] * len(self._ids[first:first + self.page_size])
        self._fetch_next()

    def _brush(self, name: str) -> QBrush:
        brush = self._brushes.get(name)
        if brush is None:
            if name == "placeholder":
                brush = QBrush(QApplication.palette().color(QPalette.ColorRole.PlaceholderText))
            else:  # the direction arrows: green to the prisoner, blue from the prisoner
                brush = QBrush(QColor("#1f7a4a" if name == Direction.OUTGOING else "#2260a8"))
            self._brushes[name] = brush
        return brush

    # --- QAbstractItemModel ---------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(COLUMNS)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        return ITEM_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        column, title = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return _(title)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = COLUMN_TOOLTIPS.get(column)
            return _(tip) if tip else None
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called for every role of every cell on each repaint: the quick way out first.
        if role not in _ROLES:
            return None
        row_number = index.row()
        if not 0 <= row_number < len(self._ids):
            return None
        if role == _ID:
            return self._ids[row_number]
        page_number, offset = divmod(row_number, self.page_size)
        page = self._pages.get(page_number)
        if page is None:
            if role == _DISPLAY:
                self._request(page_number)
                return PLACEHOLDER if index.column() == 0 else ""
            if role == _FOREGROUND:
                return self._brush("placeholder")
            return None
        line = page[offset] if offset < len(page) else None
        if line is None:
            return None
        column_number = index.column()
        if role == _DISPLAY:
            if column_number == 0:
                self._pages.move_to_end(page_number)  # in use: the last to be dropped
            return line.texts[column_number]
        row = line.row
        column = COLUMNS[column_number][0]
        if role == _FOREGROUND:
            if column is LetterColumn.DIRECTION:
                return self._brush(row.direction)
            if column is LetterColumn.TITLE and not row.title:
                return self._brush("placeholder")
            return None
        if role == _ALIGNMENT:
            return _CENTER if column is LetterColumn.DIRECTION else None
        if role == _FONT:
            return self._arrow() if column is LetterColumn.DIRECTION else None
        if role == _DECORATION:
            if column is LetterColumn.CENSORSHIP and row.censorship in HINDERED:
                return self._warning()
            return None
        if role == _TOOLTIP:
            return tooltip(row, column)
        if role == _ROW:
            return row
        if role == _PRISONER:
            return row.prisoner_id
        return None

    def _arrow(self) -> QFont:
        if self._arrow_font is None:
            self._arrow_font = QFont(QApplication.font())
            self._arrow_font.setBold(True)
            self._arrow_font.setPointSizeF(self._arrow_font.pointSizeF() * 1.35)
        return self._arrow_font

    def _warning(self) -> QIcon:
        if self._warning_icon is None:
            self._warning_icon = QApplication.style().standardIcon(
                QStyle.StandardPixmap.SP_MessageBoxWarning)
        return self._warning_icon


_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_ID, _ROW, _PRISONER = int(LetterIdRole), int(LetterRowRole), int(PrisonerIdRole)
_ROLES = frozenset({_DISPLAY, _TOOLTIP, _ALIGNMENT, _DECORATION, _FONT, _FOREGROUND, _ID, _ROW,
                    _PRISONER})
_CENTER = int(Qt.AlignmentFlag.AlignCenter)


# --- cells ---------------------------------------------------------------------------------

def display_text(row: LetterRow, column: LetterColumn) -> str:
    if column is LetterColumn.DATE:
        return format_partial_date(row.date, short=True) if row.date else _("no date")
    if column is LetterColumn.DIRECTION:
        return ARROWS.get(row.direction, row.direction)
    if column is LetterColumn.PRISONER:
        return row.prisoner_name
    if column is LetterColumn.CORRESPONDENT:
        return row.correspondent_name or ""
    if column is LetterColumn.CHANNEL:
        return enum_label(row.channel, Channel)
    if column is LetterColumn.STATUS:
        return enum_label(row.status, LetterStatus)
    if column is LetterColumn.LANGUAGE:
        return language_name(row.language)
    if column is LetterColumn.TRANSLATION:
        return enum_label(row.translation, TranslationStatus) if row.translation else ""
    if column is LetterColumn.CENSORSHIP:
        return enum_label(row.censorship, CensorshipKind) if row.censorship else ""
    if column is LetterColumn.TITLE:
        return row.title or _("(untitled)")
    return ""


def tooltip(row: LetterRow, column: LetterColumn) -> str | None:
    if column is LetterColumn.DIRECTION:
        return (_("Outgoing: to the prisoner") if row.direction == Direction.OUTGOING
                else _("Incoming: from the prisoner"))
    if column is LetterColumn.PRISONER:
        if row.prisoner_latin_name:
            return f"{row.prisoner_name}\n{row.prisoner_latin_name}"
        return row.prisoner_name
    if column is LetterColumn.DATE:
        return format_partial_date(row.date) if row.date else _("The letter has no date")
    if column is LetterColumn.TRANSLATION:
        if not row.translation_count:
            return _("No translations")
        return ngettext("{count} translation; the least advanced is: {state}",
                        "{count} translations; the least advanced is: {state}",
                        row.translation_count).format(
            count=row.translation_count,
            state=enum_label(row.translation, TranslationStatus))
    if column is LetterColumn.CENSORSHIP:
        if not row.censorship_count:
            return _("No censorship events recorded")
        return ngettext("{count} censorship event; the worst: {kind}",
                        "{count} censorship events; the worst: {kind}",
                        row.censorship_count).format(
            count=row.censorship_count, kind=enum_label(row.censorship, CensorshipKind))
    text = display_text(row, column)
    return text or None


def selected_ids(indexes: Sequence[QModelIndex]) -> list[str]:
    """The letter ids of a selection, each once, in row order."""
    seen: dict[int, str] = {}
    for index in indexes:
        letter_id = index.data(LetterIdRole)
        if letter_id:
            seen.setdefault(index.row(), letter_id)
    return [seen[row] for row in sorted(seen)]

"""The prisoners table: its item model, the name filter and the two-line name cell."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ..domain.custody import Place
from ..domain.enums import PrisonerStatus
from ..i18n import _, ngettext, pgettext
from ..store.prisoner_list import PrisonerRow
from .display import enum_label, format_partial_date

ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
LATIN_ROLE = Qt.ItemDataRole.UserRole + 3
MUTED_ROLE = Qt.ItemDataRole.UserRole + 4  # True: a placeholder value shown dimmed

Index = QModelIndex | QPersistentModelIndex


def fold(text: str | None) -> str:
    """Text for case-insensitive matching; ё matches е, as Russian readers expect."""
    return (text or "").casefold().replace("ё", "е")


def place_text(row: PrisonerRow) -> str:
    if row.place is Place.HELD:
        return row.facility_name or _("Unknown facility")
    if row.place is Place.IN_TRANSIT:
        return _("In transit")
    if row.place is Place.FREE:
        return _("Free")
    return _("Unknown")


class PrisonerListModel(QAbstractTableModel):
    NAME, STATUS, PLACE, LAST_LETTER, AWAITING = range(5)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[PrisonerRow] = []

    def headers(self) -> list[str]:
        return [pgettext("person", "Name"), _("Status"), _("Now at"), _("Last letter"),
                _("Awaiting")]

    # --- data ---------------------------------------------------------------------------

    def set_rows(self, rows: list[PrisonerRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[PrisonerRow]:
        return list(self._rows)

    def row_of(self, prisoner_id: str | None) -> int:
        for number, row in enumerate(self._rows):
            if row.id == prisoner_id:
                return number
        return -1

    def prisoner(self, row: int) -> PrisonerRow:
        return self._rows[row]

    # --- Qt model API -------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 5

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and 0 <= section < 5:
            if role == Qt.ItemDataRole.DisplayRole:
                return self.headers()[section]
            if role == Qt.ItemDataRole.ToolTipRole and section == self.AWAITING:
                return _("Letters to the prisoner that expect a reply and have none yet")
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == SORT_ROLE:
            return self._sort_key(row, column)
        if role == LATIN_ROLE and column == self.NAME:
            return row.latin_name or ""
        if role == MUTED_ROLE:
            return column == self.PLACE and row.place is None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.AWAITING:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.FontRole:
            if column == self.AWAITING and row.awaiting_reply:
                font = QFont()
                font.setBold(True)
                return font
            if column == self.PLACE and row.place is not Place.HELD:
                font = QFont()
                font.setItalic(True)
                return font
        return None

    def _display(self, row: PrisonerRow, column: int) -> str:
        if column == self.NAME:
            return row.full_name
        if column == self.STATUS:
            return enum_label(row.status, PrisonerStatus)
        if column == self.PLACE:
            return place_text(row)
        if column == self.LAST_LETTER:
            return format_partial_date(row.last_letter_on, short=True)
        if column == self.AWAITING:
            return str(row.awaiting_reply) if row.awaiting_reply else ""
        return ""

    def _sort_key(self, row: PrisonerRow, column: int):
        if column == self.NAME:
            return fold(row.full_name)
        if column == self.LAST_LETTER:
            return row.last_letter_on or ""
        if column == self.AWAITING:
            return row.awaiting_reply
        return fold(self._display(row, column))

    def _tooltip(self, row: PrisonerRow, column: int) -> str:
        if column == self.NAME:
            letters = ngettext("{count} letter", "{count} letters", row.letter_count).format(
                count=row.letter_count)
            names = row.full_name + (f"\n{row.latin_name}" if row.latin_name else "")
            return f"{names}\n{letters}"
        if column == self.PLACE:
            text = place_text(row)
            if row.since:
                return _("{place}, since {date}").format(
                    place=text, date=format_partial_date(row.since, in_phrase=True))
            return text
        if column == self.AWAITING:
            return ngettext("{count} letter awaits a reply", "{count} letters await a reply",
                            row.awaiting_reply).format(count=row.awaiting_reply)
        return self._display(row, column)


class PrisonerFilterModel(QSortFilterProxyModel):
    """Keeps the rows whose native or Latin name contains every word typed, in any case."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._words: list[str] = []
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_text(self, text: str) -> None:
        words = fold(text).split()
        if words == self._words:
            return
        if hasattr(self, "beginFilterChange"):  # Qt 6.10+; invalidateFilter is deprecated
            self.beginFilterChange()
            self._words = words
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            self._words = words
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        if not self._words:
            return True
        model = self.sourceModel()
        index = model.index(source_row, PrisonerListModel.NAME, source_parent)
        haystack = fold(f"{index.data(Qt.ItemDataRole.DisplayRole)} {index.data(LATIN_ROLE)}")
        return all(word in haystack for word in self._words)


def muted(palette: QPalette, selected: bool = False) -> QColor:
    """A dimmed text colour that stays readable in light and dark themes."""
    text = palette.color(QPalette.ColorRole.HighlightedText if selected
                         else QPalette.ColorRole.Text)
    back = palette.color(QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Base)
    return blend(text, back, 0.4)


def blend(first: QColor, second: QColor, amount: float) -> QColor:
    """`first` moved `amount` (0..1) of the way towards `second`."""
    return QColor(
        round(first.red() + (second.red() - first.red()) * amount),
        round(first.green() + (second.green() - first.green()) * amount),
        round(first.blue() + (second.blue() - first.blue()) * amount),
    )


class NameDelegate(QStyledItemDelegate):
    """The native name, with the Latin spelling below it in a smaller, dimmed line."""

    def paint(self, painter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        latin = index.data(LATIN_ROLE) or ""
        name = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette = opt.palette
        rect = opt.rect.adjusted(6, 3, -6, -3)
        painter.save()
        first = QFont(opt.font)
        painter.setFont(first)
        painter.setPen(palette.color(QPalette.ColorRole.HighlightedText if selected
                                     else QPalette.ColorRole.Text))
        metrics = painter.fontMetrics()
        top = QRect(rect.left(), rect.top(), rect.width(), metrics.height())
        if not latin:
            top = rect
        painter.drawText(top, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         metrics.elidedText(name, Qt.TextElideMode.ElideRight, rect.width()))
        if latin:
            second = QFont(opt.font)
            second.setPointSizeF(max(opt.font.pointSizeF() * 0.9, 7.0))
            painter.setFont(second)
            painter.setPen(muted(palette, selected))
            small = painter.fontMetrics()
            bottom = QRect(rect.left(), top.bottom() + 1, rect.width(), small.height())
            painter.drawText(bottom, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
                             small.elidedText(latin, Qt.TextElideMode.ElideRight, rect.width()))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        hint = super().sizeHint(option, index)
        return QSize(hint.width(), row_height(option.fontMetrics))


def row_height(metrics) -> int:
    return metrics.height() * 2 + 8


class MutedDelegate(QStyledItemDelegate):
    """Shows placeholder values ("Unknown") dimmed."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        if index.data(MUTED_ROLE):
            color = muted(option.palette)
            option.palette.setColor(QPalette.ColorRole.Text, color)

"""The Overview's lists: two lines per item (who, and what), a badge on the right, and
optional group headings. Each item names a record; clicking it or pressing Enter opens it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

DETAIL_ROLE = Qt.ItemDataRole.UserRole + 1
BADGE_ROLE = Qt.ItemDataRole.UserRole + 2
TARGET_ROLE = Qt.ItemDataRole.UserRole + 3
HEADING_ROLE = Qt.ItemDataRole.UserRole + 4
TONE_ROLE = Qt.ItemDataRole.UserRole + 5

TONES = {"alert": QColor("#b3261e"), "warn": QColor("#9a5b00"), "calm": QColor("#2e6b30")}


@dataclass(frozen=True)
class Target:
    """What an item opens: `kind` is "letter", "prisoner" or "translations"."""

    kind: str
    id: str | None = None


class ItemDelegate(QStyledItemDelegate):
    PAD = 6

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        line = option.fontMetrics.lineSpacing()
        if index.data(HEADING_ROLE):
            return QSize(100, line + self.PAD + 4)
        lines = 2 if index.data(DETAIL_ROLE) else 1
        return QSize(100, line * lines + self.PAD * 2)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        painter.save()
        palette = option.palette
        rect = option.rect.adjusted(self.PAD + 2, 0, -self.PAD - 2, 0)
        metrics = option.fontMetrics
        if index.data(HEADING_ROLE):
            font = QFont(option.font)
            font.setBold(True)
            font.setPointSizeF(font.pointSizeF() * 0.92)
            painter.setFont(font)
            tone = TONES.get(index.data(TONE_ROLE) or "")
            painter.setPen(tone or palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(rect.adjusted(0, 4, 0, 0), Qt.AlignmentFlag.AlignLeft
                             | Qt.AlignmentFlag.AlignVCenter, index.data())
            painter.restore()
            return
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(option.rect, palette.color(QPalette.ColorRole.Highlight))
        elif option.state & QStyle.StateFlag.State_MouseOver:
            painter.fillRect(option.rect, palette.color(QPalette.ColorRole.AlternateBase))
        text_color = palette.color(QPalette.ColorRole.HighlightedText if selected
                                   else QPalette.ColorRole.Text)
        dim_color = text_color if selected else palette.color(QPalette.ColorRole.PlaceholderText)

        badge = index.data(BADGE_ROLE) or ""
        badge_width = 0
        if badge:
            badge_font = QFont(option.font)
            badge_font.setBold(True)
            painter.setFont(badge_font)
            badge_width = painter.fontMetrics().horizontalAdvance(badge) + 12
            tone = TONES.get(index.data(TONE_ROLE) or "")
            painter.setPen(text_color if selected or tone is None else tone)
            top = rect.top() + self.PAD
            painter.drawText(QRect(rect.right() - badge_width, top, badge_width,
                                   metrics.lineSpacing()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, badge)

        text_rect = rect.adjusted(0, self.PAD, -badge_width - (8 if badge else 0), 0)
        title_font = QFont(option.font)
        title_font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(title_font)
        painter.setPen(text_color)
        line = metrics.lineSpacing()
        title = painter.fontMetrics().elidedText(index.data() or "", Qt.TextElideMode.ElideRight,
                                                 text_rect.width())
        painter.drawText(QRect(text_rect.left(), text_rect.top(), text_rect.width(), line),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
        detail = index.data(DETAIL_ROLE)
        if detail:
            painter.setFont(option.font)
            painter.setPen(dim_color)
            full = rect.adjusted(0, self.PAD, 0, 0)
            detail = metrics.elidedText(detail, Qt.TextElideMode.ElideRight, full.width())
            painter.drawText(QRect(full.left(), full.top() + line, full.width(), line),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, detail)
        painter.restore()


class OverviewList(QListWidget):
    """A list that grows with its items up to `max_rows`, then scrolls.

    `target_chosen(Target)` on click or Enter; headings are not selectable."""

    target_chosen = Signal(object)

    def __init__(self, max_rows: int = 6, parent: QWidget | None = None):
        super().__init__(parent)
        self.max_rows = max_rows
        self.setItemDelegate(ItemDelegate(self))
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMouseTracking(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformItemSizes(False)
        self.viewport().setAutoFillBackground(False)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.itemClicked.connect(self._choose)

    def add_heading(self, text: str, tone: str | None = None) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setData(HEADING_ROLE, True)
        item.setData(TONE_ROLE, tone)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        self.addItem(item)
        return item

    def add_entry(self, title: str, detail: str | None, target: Target, *,
                  badge: str | None = None, tone: str | None = None,
                  tooltip: str | None = None) -> QListWidgetItem:
        item = QListWidgetItem(title)
        item.setData(DETAIL_ROLE, detail)
        item.setData(BADGE_ROLE, badge)
        item.setData(TONE_ROLE, tone)
        item.setData(TARGET_ROLE, target)
        item.setToolTip(tooltip or "\n".join(t for t in (title, detail, badge) if t))
        self.addItem(item)
        return item

    def entries(self) -> list[QListWidgetItem]:
        return [self.item(row) for row in range(self.count())
                if not self.item(row).data(HEADING_ROLE)]

    def texts(self) -> list[str]:
        """Every line the list shows (headings, titles, details, badges), for tests."""
        out = []
        for row in range(self.count()):
            item = self.item(row)
            out += [t for t in (item.text(), item.data(DETAIL_ROLE), item.data(BADGE_ROLE)) if t]
        return out

    def fit_height(self) -> None:
        rows = [self.sizeHintForRow(row) for row in range(self.count())]
        shown = rows[:self.max_rows]
        height = sum(shown) + 2 * self.frameWidth()
        if len(rows) > self.max_rows:
            height += rows[self.max_rows] // 2  # half a row shows there is more
        self.setFixedHeight(max(height, 0))

    def _choose(self, item: QListWidgetItem) -> None:
        target = item.data(TARGET_ROLE)
        if target is not None:
            self.target_chosen.emit(target)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem():
            self._choose(self.currentItem())
            return
        super().keyPressEvent(event)

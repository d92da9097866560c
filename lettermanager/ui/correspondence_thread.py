"""One prisoner's correspondence as a single chronological thread.

Letters to the prisoner sit on the right, letters from the prisoner on the left, each as a
card with an arrow, date, correspondent, status, title and summary, and clickable reply
links ("Answers the letter of March 2024"). Painted by a delegate over a list model, so a
thread of thousands of letters stays quick. Colours come from the palette (light and dark
themes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from html import escape

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QKeySequence,
    QPainter,
    QPalette,
    QShortcut,
    QTextLayout,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.enums import Channel, Direction, LetterStatus
from ..domain.partial_date import PartialDate, PartialDateError
from ..i18n import _, ngettext
from ..store.prisoner_list import LetterRef, ThreadItem
from .display import enum_label, format_partial_date
from .empty_state import EmptyState
from .prisoner_list_model import blend
from .prisoner_profile import error_color

ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex

PAD = 10  # inside a card
GAP = 8  # between cards
SIDE = 10  # between a card and the edge of the view
MAX_LINKS = 3


def is_overdue(item: ThreadItem, today: date | None = None) -> bool:
    due = item.letter.reply_due
    if not item.awaiting_reply or not due:
        return False
    try:
        return PartialDate.parse(due).latest() < (today or date.today())
    except PartialDateError:
        return False


def reply_link_text(ref: LetterRef, answers: bool) -> str:
    when = format_partial_date(ref.date) if ref.date else None
    if answers:
        text = (_("Answers the letter of {date}").format(date=when) if when
                else _("Answers an undated letter"))
    else:
        text = (_("Answered by the letter of {date}").format(date=when) if when
                else _("Answered by an undated letter"))
    return f"{text} — “{ref.title}”" if ref.title else text


def who_text(item: ThreadItem) -> str:
    name = item.correspondent_name
    if item.letter.direction == Direction.OUTGOING.value:
        text = (_("To the prisoner, from {name}").format(name=name) if name
                else _("To the prisoner"))
    else:
        text = (_("From the prisoner, to {name}").format(name=name) if name
                else _("From the prisoner"))
    if item.letter.channel not in (Channel.POST.value, None):
        text += " · " + enum_label(item.letter.channel, Channel)
    return text


def header_text(item: ThreadItem) -> str:
    arrow = "→" if item.letter.direction == Direction.OUTGOING.value else "←"
    when = format_partial_date(item.date) if item.date else _("Undated")
    return f"{arrow} {when}"


class ThreadModel(QAbstractListModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._items: list[ThreadItem] = []

    def set_items(self, items: list[ThreadItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def items(self) -> list[ThreadItem]:
        return list(self._items)

    def row_of(self, letter_id: str) -> int:
        for number, item in enumerate(self._items):
            if item.letter.id == letter_id:
                return number
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role == ITEM_ROLE:
            return item
        if role == ID_ROLE:
            return item.letter.id
        if role == Qt.ItemDataRole.DisplayRole:
            return item.letter.title or _("Untitled letter")
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{header_text(item)}. {who_text(item)}. {item.letter.title or ''}"
        return None

    def _tooltip(self, item: ThreadItem) -> str:
        parts = [f"<b>{escape(item.letter.title or _('Untitled letter'))}</b>"]
        if item.letter.summary:
            parts.append(escape(item.letter.summary))
        if item.facility_name:
            parts.append(escape(_("Facility: {name}").format(name=item.facility_name)))
        parts.append(f"<i>{escape(_('Double-click to open the letter'))}</i>")
        return "<p style='white-space:pre-wrap'>" + "<br><br>".join(parts) + "</p>"


@dataclass
class CardLayout:
    card: QRect
    header: QRect
    who: QRect
    chips: list[tuple[QRect, str, str]] = field(default_factory=list)  # rect, text, kind
    title: QRect = field(default_factory=QRect)
    title_text: str = ""
    summary: list[tuple[QRect, str]] = field(default_factory=list)
    links: list[tuple[QRect, str, str]] = field(default_factory=list)  # rect, letter id, text
    height: int = 0


class ThreadDelegate(QStyledItemDelegate):
    """Paints a letter as a card and knows where its reply links are."""

    def __init__(self, view: QListView):
        super().__init__(view)
        self._view = view

    # --- fonts --------------------------------------------------------------------------

    def _fonts(self, base: QFont) -> tuple[QFont, QFont, QFont, QFont]:
        small = QFont(base)
        small.setPointSizeF(max(base.pointSizeF() * 0.92, 7.0))
        bold_small = QFont(small)
        bold_small.setBold(True)
        title = QFont(base)
        title.setBold(True)
        link = QFont(small)
        link.setUnderline(True)
        return small, bold_small, title, link

    # --- layout -------------------------------------------------------------------------

    def card_width(self, available: int) -> int:
        wide = min(int(available * 0.84), 820)
        return max(min(available - 2 * SIDE, 300), wide)

    def layout(self, item: ThreadItem, rect: QRect, base: QFont) -> CardLayout:
        """Where everything of `item` goes inside the item rect `rect`."""
        small, bold_small, title_font, link_font = self._fonts(base)
        available = max(rect.width(), 200)
        width = self.card_width(available)
        outgoing = item.letter.direction == Direction.OUTGOING.value
        left = rect.left() + (available - SIDE - width if outgoing else SIDE)
        inner = width - 2 * PAD
        x = left + PAD
        y = rect.top() + GAP // 2 + PAD

        small_m, bold_m, title_m = QFontMetrics(small), QFontMetrics(bold_small), \
            QFontMetrics(title_font)
        base_m = QFontMetrics(base)

        chips: list[tuple[QRect, str, str]] = []
        chip_right = x + inner
        chip_height = small_m.height() + 2
        for text, kind in reversed(self._chip_texts(item)):
            chip_width = small_m.horizontalAdvance(text) + 12
            chip_right -= chip_width
            chips.insert(0, (QRect(chip_right, y - 1, chip_width, chip_height), text, kind))
            chip_right -= 6
        head = header_text(item)
        header_width = min(bold_m.horizontalAdvance(head) + 4, max(chip_right - x, 40))
        header = QRect(x, y, header_width, bold_m.height())
        who = QRect(header.right() + 8, y, max(chip_right - header.right() - 12, 0),
                    small_m.height())
        y += max(bold_m.height(), chip_height) + 4

        title_text = title_m.elidedText(item.letter.title or _("Untitled letter"),
                                        Qt.TextElideMode.ElideRight, inner)
        title = QRect(x, y, inner, title_m.height())
        y += title_m.height() + 2

        summary = []
        for line in wrap_lines(item.letter.summary or "", base, inner, 2):
            summary.append((QRect(x, y, inner, base_m.height()), line))
            y += base_m.lineSpacing()

        links = []
        refs: list[tuple[LetterRef, bool]] = []
        if item.answers:
            refs.append((item.answers, True))
        refs.extend((ref, False) for ref in item.replies)
        if refs:
            y += 4
        link_m = QFontMetrics(link_font)
        for ref, answers in refs[:MAX_LINKS]:
            text = link_m.elidedText(("↩ " if answers else "↪ ") + reply_link_text(ref, answers),
                                     Qt.TextElideMode.ElideRight, inner)
            links.append((QRect(x, y, link_m.horizontalAdvance(text) + 2, link_m.height()),
                          ref.id, text))
            y += link_m.height() + 2
        if len(refs) > MAX_LINKS:
            more = ngettext("and {count} more reply", "and {count} more replies",
                            len(refs) - MAX_LINKS).format(count=len(refs) - MAX_LINKS)
            links.append((QRect(x, y, small_m.horizontalAdvance(more) + 2, small_m.height()),
                          "", more))
            y += small_m.height() + 2
        y += PAD
        card = QRect(left, rect.top() + GAP // 2, width, y - rect.top() - GAP // 2)
        return CardLayout(card, header, who, chips, title, title_text, summary, links,
                          height=y - rect.top() + GAP // 2)

    def _chip_texts(self, item: ThreadItem) -> list[tuple[str, str]]:
        chips = [(enum_label(item.letter.status, LetterStatus), "status")]
        if is_overdue(item):
            chips.append((_("Reply overdue"), "overdue"))
        elif item.awaiting_reply:
            chips.append((_("Awaiting reply"), "awaiting"))
        return chips

    # --- Qt -----------------------------------------------------------------------------

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        item = index.data(ITEM_ROLE)
        width = self._view.viewport().width()
        if item is None:
            return QSize(width, 0)
        rect = QRect(0, 0, width, 10)
        return QSize(width, self.layout(item, rect, option.font).height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        item: ThreadItem | None = index.data(ITEM_ROLE)
        if item is None:
            return
        palette = option.palette
        geometry = self.layout(item, option.rect, option.font)
        small, bold_small, title_font, link_font = self._fonts(option.font)
        outgoing = item.letter.direction == Direction.OUTGOING.value
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        highlight = palette.color(QPalette.ColorRole.Highlight)
        dim = blend(text, base, 0.42)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)

        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        fill = blend(base, highlight, 0.16) if outgoing else blend(base, text, 0.06)
        if hovered and not selected:
            fill = blend(fill, text, 0.04)
        border = highlight if selected else blend(base, text, 0.22)
        pen = painter.pen()
        pen.setColor(border)
        pen.setWidthF(2.0 if selected else 1.0)
        painter.setPen(pen)
        painter.setBrush(fill)
        painter.drawRoundedRect(geometry.card.adjusted(1, 1, -1, -1), 6, 6)
        # A bar on the prisoner's side of the card: the direction at a glance.
        bar = QRect(geometry.card.left() + 1, geometry.card.top() + 6, 3,
                    geometry.card.height() - 12)
        if outgoing:
            bar.moveLeft(geometry.card.right() - 4)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(highlight if outgoing else dim)
        painter.drawRoundedRect(bar, 1.5, 1.5)

        painter.setFont(bold_small)
        painter.setPen(text)
        painter.drawText(geometry.header, int(Qt.AlignmentFlag.AlignLeft
                                              | Qt.AlignmentFlag.AlignVCenter),
                         QFontMetrics(bold_small).elidedText(
                             header_text(item), Qt.TextElideMode.ElideRight,
                             geometry.header.width()))
        if geometry.who.width() > 20:
            painter.setFont(small)
            painter.setPen(dim)
            painter.drawText(geometry.who, int(Qt.AlignmentFlag.AlignLeft
                                               | Qt.AlignmentFlag.AlignVCenter),
                             QFontMetrics(small).elidedText(
                                 who_text(item), Qt.TextElideMode.ElideRight,
                                 geometry.who.width()))
        painter.setFont(small)
        for rect, label, kind in geometry.chips:
            if kind == "overdue":
                color = error_color(palette)
            elif kind == "awaiting":
                color = palette.color(QPalette.ColorRole.Link)
            else:
                color = dim
            painter.setPen(color)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(0, 0, -1, -1), rect.height() / 2,
                                    rect.height() / 2)
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), label)

        painter.setFont(title_font)
        painter.setPen(text if item.letter.title else dim)
        painter.drawText(geometry.title, int(Qt.AlignmentFlag.AlignLeft
                                             | Qt.AlignmentFlag.AlignVCenter),
                         geometry.title_text)
        painter.setFont(option.font)
        painter.setPen(text)
        for rect, line in geometry.summary:
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignLeft
                                       | Qt.AlignmentFlag.AlignVCenter), line)
        link_color = palette.color(QPalette.ColorRole.Link)
        for rect, letter_id, label in geometry.links:
            painter.setFont(link_font if letter_id else small)
            painter.setPen(link_color if letter_id else dim)
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignLeft
                                       | Qt.AlignmentFlag.AlignVCenter), label)
        if option.state & QStyle.StateFlag.State_HasFocus and selected:
            pen = painter.pen()
            pen.setColor(highlight)
            pen.setStyle(Qt.PenStyle.DotLine)
            pen.setWidthF(1.0)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(geometry.card.adjusted(4, 4, -4, -4), 4, 4)
        painter.restore()

    def link_at(self, index: Index, rect: QRect, pos: QPoint, font: QFont) -> str | None:
        item = index.data(ITEM_ROLE)
        if item is None:
            return None
        for link_rect, letter_id, _text in self.layout(item, rect, font).links:
            if letter_id and link_rect.contains(pos):
                return letter_id
        return None


def wrap_lines(text: str, font: QFont, width: int, max_lines: int) -> list[str]:
    """`text` broken into at most `max_lines` lines of `width` pixels; the last is elided."""
    text = " ".join(text.split())
    if not text or width <= 0:
        return []
    layout = QTextLayout(text, font)
    layout.beginLayout()
    lines: list[str] = []
    metrics = QFontMetrics(font)
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        start, length = line.textStart(), line.textLength()
        if len(lines) == max_lines - 1:
            rest = text[start:]
            lines.append(metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width))
            break
        lines.append(text[start:start + length].rstrip())
    layout.endLayout()
    return lines


class ThreadView(QListView):
    """The list of cards. Emits `open_letter(id)` on double-click, Enter or a reply link."""

    open_letter = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalScrollBar().setSingleStep(24)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setUniformItemSizes(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.thread_delegate = ThreadDelegate(self)
        self.setItemDelegate(self.thread_delegate)
        self.doubleClicked.connect(self._open_index)

    def link_at(self, pos: QPoint) -> str | None:
        index = self.indexAt(pos)
        if not index.isValid():
            return None
        return self.thread_delegate.link_at(index, self.visualRect(index), pos, self.font())

    def link_rects(self, row: int) -> list[tuple[QRect, str]]:
        """Where the reply links of a row are, in viewport coordinates (for tests)."""
        index = self.model().index(row, 0)
        item = index.data(ITEM_ROLE)
        geometry = self.thread_delegate.layout(item, self.visualRect(index), self.font())
        return [(rect, letter_id) for rect, letter_id, _t in geometry.links if letter_id]

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        over_link = self.link_at(event.position().toPoint()) is not None
        self.viewport().setCursor(Qt.CursorShape.PointingHandCursor if over_link
                                  else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            letter_id = self.link_at(event.position().toPoint())
            if letter_id:
                super().mouseReleaseEvent(event)
                self.open_letter.emit(letter_id)
                return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._open_index(self.currentIndex())
            return
        super().keyPressEvent(event)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.scheduleDelayedItemsLayout()  # card heights depend on the width

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.PaletteChange:
            self.viewport().update()
        return super().event(event)

    def _open_index(self, index: QModelIndex) -> None:
        letter_id = index.data(ID_ROLE)
        if letter_id:
            self.open_letter.emit(letter_id)


class CorrespondencePanel(QWidget):
    """The thread, a one-line summary and the "New letter to this prisoner" button."""

    open_letter = Signal(str)
    new_letter_requested = Signal()
    reply_requested = Signal(str)  # the incoming letter to answer

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = ThreadModel(self)
        self.view = ThreadView()
        self.view.setModel(self.model)
        self.view.open_letter.connect(self.open_letter)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.new_button = QPushButton(_("&New letter to this prisoner…"))
        self.new_button.setAutoDefault(False)
        self.new_button.clicked.connect(self.new_letter_requested)
        self.open_button = QPushButton(_("&Open letter"))
        self.open_button.setAutoDefault(False)
        self.open_button.setToolTip(_("Open the selected letter (Enter or double-click)"))
        self.open_button.clicked.connect(self._open_selected)
        self.reply_button = QPushButton(_("&Reply"))
        self.reply_button.setAutoDefault(False)
        self.reply_button.setToolTip(_("Write a reply to the selected letter from the "
                                       "prisoner (Ctrl+R)"))
        self.reply_button.clicked.connect(self.reply_to_selected)
        reply_key = QShortcut(QKeySequence("Ctrl+R"), self)
        reply_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        reply_key.activated.connect(self.reply_to_selected)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.reply_button)
        top.addWidget(self.open_button)
        top.addWidget(self.new_button)

        self.empty = EmptyState(
            _("No letters with this prisoner yet"),
            hint=_("Letters to and from the prisoner appear here in date order."),
            action_text=_("New letter to this prisoner…"),
        )
        self.empty.action_triggered.connect(self.new_letter_requested)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)

        legend = QLabel(_("→ to the prisoner (right)    ← from the prisoner (left)"))
        palette = legend.palette()
        palette.setColor(QPalette.ColorRole.WindowText,
                         palette.color(QPalette.ColorRole.PlaceholderText))
        legend.setPalette(palette)
        self.legend = legend

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        layout.addWidget(legend)
        self.view.selectionModel().currentChanged.connect(self._update_buttons)
        self.set_items([])

    def set_items(self, items: list[ThreadItem]) -> None:
        current = self.selected_letter_id()
        self.model.set_items(items)
        awaiting = sum(1 for item in items if item.awaiting_reply)
        text = ngettext("{count} letter", "{count} letters", len(items)).format(
            count=len(items))
        if awaiting:
            text += " · " + ngettext("{count} awaiting a reply", "{count} awaiting a reply",
                                     awaiting).format(count=awaiting)
        self.summary.setText(text)
        self.stack.setCurrentWidget(self.view if items else self.empty)
        self.legend.setVisible(bool(items))
        self.summary.setVisible(bool(items))
        self.open_button.setVisible(bool(items))
        self.reply_button.setVisible(bool(items))
        self.new_button.setVisible(bool(items))
        row = self.model.row_of(current) if current else -1
        if row >= 0:
            self.view.setCurrentIndex(self.model.index(row, 0))
        self._update_buttons()

    def scroll_to_latest(self) -> None:
        if self.model.rowCount():
            self.view.scrollToBottom()

    def selected_letter_id(self) -> str | None:
        index = self.view.currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def _open_selected(self) -> None:
        letter_id = self.selected_letter_id()
        if letter_id:
            self.open_letter.emit(letter_id)

    def selected_incoming_id(self) -> str | None:
        """The selected letter if it came from the prisoner (it can be replied to)."""
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        item = self.model.items()[index.row()]
        return item.letter.id if item.letter.direction == Direction.INCOMING else None

    def reply_to_selected(self) -> None:
        letter_id = self.selected_incoming_id()
        if letter_id:
            self.reply_requested.emit(letter_id)

    def _update_buttons(self, *_args) -> None:
        self.open_button.setEnabled(self.selected_letter_id() is not None)
        self.reply_button.setEnabled(self.selected_incoming_id() is not None)



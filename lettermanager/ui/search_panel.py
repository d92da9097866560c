"""Search as you type: a search box for the toolbar and the list of hits under it.

`SearchBox(worker)` searches (store.search) a moment after the user stops typing, on the
database thread, and shows the hits in a popup under itself: kind icon, title, where the hit
belongs, and the matching passage with the matched words in bold. Down/Up move through the
hits, Enter opens one, Esc clears the box. Opening a hit emits `open_letter(id)`,
`open_prisoner(id)`, `open_facility(id)` or `open_correspondent(id)`; a translation or a
censorship event opens its letter.

`SearchResultsPanel` is the list with its status line, for use inside other widgets too.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAbstractTextDocumentLayout, QIcon, QKeyEvent, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.enums import CensorshipKind, CorrespondentRole, Direction
from ..i18n import _, ngettext
from ..store.search import SearchFilters, SearchHit, search
from .display import enum_label, format_partial_date, language_pair
from .icons import icon
from .worker import DatabaseWorker

DEBOUNCE_MS = 250
PAGE_SIZE = 50
VISIBLE_ROWS = 8
# The store marks matched words with these; they never occur in a snippet's own text
# (the store drops control characters from it).
MARK_START, MARK_END = "\x02", "\x03"
HitRole = Qt.ItemDataRole.UserRole + 1
HtmlRole = Qt.ItemDataRole.UserRole + 2

KIND_ICONS = {
    "letter": "nav-letters", "translation": "nav-translations", "prisoner": "nav-prisoners",
    "facility": "nav-facilities", "correspondent": "search-correspondent",
    "censorship_event": "search-censorship",
}


def kind_label(kind: str) -> str:
    return {
        "letter": _("Letter"), "translation": _("Translation"),
        "censorship_event": _("Censorship"), "prisoner": _("Prisoner"),
        "correspondent": _("Correspondent"), "facility": _("Facility"),
    }.get(kind, kind)


def kind_icon(kind: str) -> QIcon:
    found = icon(KIND_ICONS.get(kind, ""))
    if found.isNull():
        return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
    return found


def marked_html(snippet: str) -> str:
    """The snippet as rich text: everything escaped, the marked words in bold."""
    return (html.escape(snippet).replace(MARK_START, "<b>").replace(MARK_END, "</b>"))


def hit_context(hit: SearchHit) -> str:
    """Where a hit belongs, in words: "Letter · incoming · Кагарлицкий Б. Ю. · March 2024"."""
    parts = [kind_label(hit.kind)]
    if hit.kind == "letter" and hit.detail:
        parts.append(enum_label(hit.detail, Direction))
    elif hit.kind == "translation" and hit.detail and "→" in hit.detail:
        parts.append(language_pair(*hit.detail.split("→", 1)))
    elif hit.kind == "censorship_event" and hit.detail:
        parts.append(enum_label(hit.detail, CensorshipKind))
    elif hit.kind == "correspondent" and hit.detail:
        parts.append(enum_label(hit.detail, CorrespondentRole))
    elif hit.detail:
        parts.append(hit.detail)
    if hit.prisoner_name and hit.kind != "prisoner":
        parts.append(hit.prisoner_name)
    if hit.date:
        parts.append(format_partial_date(hit.date, short=True))
    return " · ".join(part for part in parts if part)


def hit_title(hit: SearchHit) -> str:
    if hit.title:
        return hit.title
    return _("Untitled letter") if hit.kind in ("letter", "translation",
                                                "censorship_event") else _("(no name)")


def hit_html(hit: SearchHit) -> str:
    """Title (bold), context (muted) and the passage; a match in the title alone is marked in
    the title rather than repeated below it."""
    snippet = marked_html(hit.snippet)
    title = html.escape(hit_title(hit))
    if hit.snippet.replace(MARK_START, "").replace(MARK_END, "") == hit_title(hit):
        title, snippet = snippet.replace("<b>", "<u>").replace("</b>", "</u>"), ""
    context = html.escape(hit_context(hit))
    lines = [f"<b>{title}</b> &nbsp;<span class='context'>{context}</span>"]
    if snippet:
        lines.append(f"<span class='snippet'>{snippet}</span>")
    return "<br>".join(lines)


class SearchResultsModel(QAbstractListModel):
    """The hits of one search, best first."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._hits: list[SearchHit] = []
        self._html: list[str] = []
        self._icons: dict[str, QIcon] = {}

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self._html = [hit_html(hit) for hit in self._hits]
        self.endResetModel()

    def hits(self) -> list[SearchHit]:
        return list(self._hits)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(self._hits)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return hit_title(hit)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{hit_title(hit)}\n{hit_context(hit)}"
        if role == Qt.ItemDataRole.DecorationRole:
            if hit.kind not in self._icons:
                self._icons[hit.kind] = kind_icon(hit.kind)
            return self._icons[hit.kind]
        if role == HitRole:
            return hit
        if role == HtmlRole:
            return self._html[index.row()]
        return None


class _HitDelegate(QStyledItemDelegate):
    """Paints a hit as rich text (title, context, the passage with bold matches)."""

    MARGIN = 6
    ICON = 20

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex, width: int
                  ) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        muted = option.palette.color(QPalette.ColorRole.HighlightedText if selected
                                     else QPalette.ColorRole.PlaceholderText).name()
        document.setDefaultStyleSheet(f".context {{ color: {muted}; }}")
        document.setHtml(index.data(HtmlRole) or "")
        document.setTextWidth(max(50, width))
        return document

    def _text_width(self, option: QStyleOptionViewItem) -> int:
        return option.rect.width() - self.ICON - 3 * self.MARGIN

    def paint(self, painter, option, index) -> None:
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else QApplication.style()
        text_option = QStyleOptionViewItem(option)
        text_option.text = ""
        text_option.icon = QIcon()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, text_option, painter,
                          option.widget)
        rect = option.rect
        decoration = index.data(Qt.ItemDataRole.DecorationRole)
        if isinstance(decoration, QIcon):
            decoration.paint(painter, QRect(rect.left() + self.MARGIN, rect.top() + self.MARGIN,
                                            self.ICON, self.ICON))
        document = self._document(option, index, self._text_width(option))
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        context = QAbstractTextDocumentLayout.PaintContext()
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(role))
        painter.save()
        painter.translate(rect.left() + self.ICON + 2 * self.MARGIN, rect.top() + 3)
        painter.setClipRect(QRect(0, 0, self._text_width(option), rect.height()))
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        self.initStyleOption(option, index)
        width = option.widget.viewport().width() if option.widget else 400
        option.rect = QRect(0, 0, width, 0)
        document = self._document(option, index, self._text_width(option))
        return QSize(width, max(self.ICON + 2 * self.MARGIN, int(document.size().height()) + 6))


class SearchResultsPanel(QWidget):
    """A status line and the list of hits. `activated(hit)` when the user opens one."""

    activated = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setContentsMargins(8, 4, 8, 4)
        self.model = SearchResultsModel(self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(_HitDelegate(self.view))
        self.view.setUniformItemSizes(False)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)  # rows re-wrap to the width
        self.view.setWordWrap(True)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the search box keeps the keyboard
        self.view.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.view.clicked.connect(self._activate_index)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)

    def show_searching(self) -> None:
        self.status.setText(_("Searching…"))

    def show_hits(self, query: str, hits: list[SearchHit]) -> None:
        self.model.set_hits(hits)
        if not hits:
            self.status.setText(_("No results for “{query}”. Try fewer words, or the start of "
                                  "a name.").format(query=_shorten(query)))
        elif len(hits) >= PAGE_SIZE:
            self.status.setText(_("The best {count} results; type more words to narrow them "
                                  "down.").format(count=len(hits)))
        else:
            self.status.setText(ngettext("{count} result", "{count} results",
                                         len(hits)).format(count=len(hits)))
        if hits:
            self.view.setCurrentIndex(self.model.index(0))
            self.view.scrollToTop()

    def show_error(self, message: str) -> None:
        self.model.set_hits([])
        self.status.setText(_("The search failed: {reason}").format(reason=message))

    def move(self, step: int) -> None:
        """Move the current hit by `step` rows (Down: 1, Up: -1), stopping at the ends."""
        rows = self.model.rowCount()
        if not rows:
            return
        row = self.view.currentIndex().row()
        row = 0 if row < 0 else max(0, min(rows - 1, row + step))
        self.view.setCurrentIndex(self.model.index(row))

    def current_hit(self) -> SearchHit | None:
        index = self.view.currentIndex()
        return index.data(HitRole) if index.isValid() else None

    def activate_current(self) -> bool:
        hit = self.current_hit()
        if hit is None:
            return False
        self.activated.emit(hit)
        return True

    def _activate_index(self, index: QModelIndex) -> None:
        self.view.setCurrentIndex(index)
        self.activate_current()

    def preferred_height(self) -> int:
        rows = min(self.model.rowCount(), VISIBLE_ROWS)
        height = sum(self.view.sizeHintForRow(row) for row in range(rows))
        status = self.status.heightForWidth(max(100, self.width())) if self.width() else -1
        return max(status, self.status.sizeHint().height()) + height + (4 if rows else 0)


def _shorten(text: str, length: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[:length - 1] + "…"


class SearchBox(QLineEdit):
    """The toolbar's search field; see the module docstring."""

    open_letter = Signal(str)
    open_prisoner = Signal(str)
    open_facility = Signal(str)
    open_correspondent = Signal(str)

    def __init__(self, worker: DatabaseWorker, parent: QWidget | None = None, *,
                 searcher: Callable | None = None):
        super().__init__(parent)
        self._worker = worker
        self._search = searcher or search
        self._generation = 0  # answers to older queries are dropped
        self._shown_query: str | None = None
        self.filters: SearchFilters | None = None
        self.setPlaceholderText(_("Search letters, people, places…"))
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(220)
        self.setMaximumWidth(480)
        self.setToolTip(_("Words or a \"quoted phrase\", in any script: Kagarlitsky finds "
                          "Кагарлицкий"))
        self.setAccessibleName(_("Search"))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._run)
        self.textEdited.connect(self._typed)
        self.textChanged.connect(self._changed)
        self.returnPressed.connect(self._enter)

        # The popup is a child of the window, laid over its content (not a window of its own,
        # which some platforms would activate, taking the keyboard from the box).
        self.popup = QFrame(self)
        self.popup.setObjectName("SearchPopup")
        self.popup.setFrameShape(QFrame.Shape.StyledPanel)
        self.popup.setFrameShadow(QFrame.Shadow.Raised)
        self.popup.setAutoFillBackground(True)
        self.popup.setBackgroundRole(QPalette.ColorRole.Base)
        self.popup.hide()
        self.results = SearchResultsPanel(self.popup)
        layout = QVBoxLayout(self.popup)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.addWidget(self.results)
        self.results.activated.connect(self._open)
        worker.data_changed.connect(self._refresh)

    def focus_search(self) -> None:
        """Put the keyboard in the box with its text selected (for the window's Ctrl+F)."""
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.selectAll()

    def set_filters(self, filters: SearchFilters | None) -> None:
        """Narrow the search (see search_filters); the hits on screen are searched again."""
        self.filters = filters
        if self.text().strip():
            self._shown_query = None
            self._run()

    def _refresh(self) -> None:
        """Records changed: the hits on screen may be out of date."""
        if self.popup.isVisible() and self.text().strip():
            self._run()

    # --- typing -------------------------------------------------------------------------------

    def _typed(self, _text: str) -> None:
        self._timer.start()

    def _changed(self, text: str) -> None:
        if not text.strip():
            self._timer.stop()
            self._generation += 1
            self._shown_query = None
            self.results.model.set_hits([])
            self.popup.hide()

    def search_now(self) -> None:
        """Search for the text at once (Enter before the pause, or a program)."""
        self._timer.stop()
        self._run()

    def _run(self) -> None:
        query = self.text()
        if not query.strip():
            return
        self._generation += 1
        generation = self._generation
        searcher, filters = self._search, self.filters
        if not self.popup.isVisible():
            self.results.show_searching()
        self._worker.submit(
            lambda store: searcher(store.db, query, filters=filters, limit=PAGE_SIZE,
                                   markers=(MARK_START, MARK_END)),
            on_done=lambda hits: self._answer(generation, query, hits),
            on_error=lambda error: self._failed(generation, error),
        )

    def _answer(self, generation: int, query: str, hits: list[SearchHit]) -> None:
        if generation != self._generation:
            return
        self._shown_query = query
        self.results.show_hits(query, hits)
        self._show_popup()

    def _failed(self, generation: int, error: Exception) -> None:
        if generation != self._generation:
            return
        self.results.show_error(str(error))
        self._show_popup()

    # --- keys ---------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape:
            if self.text():
                self.clear()
                event.accept()
                return
            self.popup.hide()
        elif key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
            step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: VISIBLE_ROWS,
                    Qt.Key.Key_PageUp: -VISIBLE_ROWS}[key]
            if not self.popup.isVisible() and self.results.model.rowCount():
                self._show_popup()
            else:
                self.results.move(step)
            event.accept()
            return
        super().keyPressEvent(event)

    def _enter(self) -> None:
        if self._shown_query == self.text() and self.results.activate_current():
            return
        self.search_now()  # the hits on screen are for older text: search first

    # --- opening a hit ------------------------------------------------------------------------

    def _open(self, hit: SearchHit) -> None:
        self.popup.hide()
        if hit.kind in ("letter", "translation", "censorship_event") and hit.letter_id:
            self.open_letter.emit(hit.letter_id)
        elif hit.kind == "prisoner":
            self.open_prisoner.emit(hit.id)
        elif hit.kind == "facility":
            self.open_facility.emit(hit.id)
        elif hit.kind == "correspondent":
            self.open_correspondent.emit(hit.id)

    # --- the popup ----------------------------------------------------------------------------

    def _show_popup(self) -> None:
        window = self.window()
        if not self.isVisible() or window is self:
            return
        if self.popup.parentWidget() is not window:
            self.popup.setParent(window)
            window.installEventFilter(self)
        area = window.rect()
        below = self.mapTo(window, QPoint(0, self.height() + 2))
        width = min(max(self.width(), 640), area.width() - 16)
        x = max(8, min(below.x(), area.width() - width - 8))
        self.popup.setGeometry(x, below.y(), width, max(self.popup.height(), 40))
        self.popup.show()
        self.results.view.doItemsLayout()  # rows wrap to the popup's width
        room = min(area.height() - below.y() - 8, int(area.height() * 0.75))
        height = min(self.results.preferred_height() + 2, room)
        self.popup.setGeometry(x, below.y(), width, max(height, 40))
        self.popup.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.popup.parentWidget() and event.type() == QEvent.Type.Resize
                and self.popup.isVisible()):
            self._show_popup()  # follow the box
        return super().eventFilter(watched, event)

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        if not self.popup.underMouse():
            self.popup.hide()

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        if self.text().strip() and self._shown_query == self.text():
            self._show_popup()

    def hideEvent(self, event) -> None:
        self.popup.hide()
        super().hideEvent(event)

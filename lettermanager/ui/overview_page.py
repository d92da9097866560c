"""The Overview page: what needs attention at a glance, and the latest letters.

A later version grows this into the full dashboard; for now it shows the counts that matter
(letters awaiting a reply, drafts, translations to do) and the ten most recent letters.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSettings, Qt, Signal
from PySide6.QtGui import QCursor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..domain.enums import Direction, LetterStatus
from ..i18n import _, ngettext
from ..store.summary import OverviewCounts, RecentLetter, overview_counts, recent_letters
from .display import enum_label, format_partial_date
from .empty_state import EmptyState
from .guards import if_alive
from .row_table import ROW_ROLE, Column, RowTableModel, setup_table, sorting_proxy
from .worker import DatabaseWorker

RECENT = 10


def recent_columns() -> list[Column]:
    return [
        Column(_("Date"), lambda r: format_partial_date(r.date, short=True),
               sort=lambda r: r.date or ""),
        Column(_("Direction"), lambda r: enum_label(r.direction, Direction)),
        Column(_("Prisoner"), lambda r: r.prisoner_name),
        Column(_("Letter"), lambda r: r.title or _("(untitled letter)"),
               tooltip=lambda r: r.summary or r.title),
        Column(_("Status"), lambda r: enum_label(r.status, LetterStatus)),
    ]


CARDS = ("prisoners", "letters", "awaiting_reply", "drafts", "translations_queued",
         "translations_in_progress")


def card_caption(name: str, n: int) -> str:
    captions = {
        "prisoners": ngettext("prisoner", "prisoners", n),
        "letters": ngettext("letter", "letters", n),
        "awaiting_reply": ngettext("letter awaiting a reply", "letters awaiting a reply", n),
        "drafts": ngettext("draft not sent yet", "drafts not sent yet", n),
        "translations_queued": ngettext("translation queued", "translations queued", n),
        "translations_in_progress": ngettext("translation in progress",
                                             "translations in progress", n),
    }
    return captions[name]


class StatCard(QFrame):
    """A number with a caption under it."""

    def __init__(self, caption: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("StatCard")
        self.number = QLabel("–")
        font = self.number.font()
        font.setPointSizeF(font.pointSizeF() * 2.0)
        font.setBold(True)
        self.number.setFont(font)
        self.caption = QLabel(caption)
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(2)
        layout.addWidget(self.number)
        layout.addWidget(self.caption)
        layout.addStretch(1)

    def set_value(self, value: int, caption: str | None = None) -> None:
        self.number.setText(f"{value:,}".replace(",", "\u202f"))
        if caption is not None:
            self.caption.setText(caption)


class OverviewPage(QWidget):
    open_prisoner = Signal(str)
    open_letter = Signal(str)
    new_letter_requested = Signal()
    import_requested = Signal()

    def __init__(self, worker: DatabaseWorker, parent: QWidget | None = None):
        super().__init__(parent)
        self.worker = worker
        self.counts: OverviewCounts | None = None

        heading = QLabel(_("Overview"))
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        heading.setFont(font)

        self.cards = {name: StatCard(card_caption(name, 0)) for name in CARDS}
        grid = QGridLayout()
        grid.setSpacing(10)
        for number, card in enumerate(self.cards.values()):
            grid.addWidget(card, 0, number)
            grid.setColumnStretch(number, 1)

        recent_heading = QLabel(_("Recent letters"))
        font = recent_heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        recent_heading.setFont(font)
        self.new_letter_button = QPushButton(_("New letter…"))
        self.new_letter_button.clicked.connect(self.new_letter_requested)
        recent_bar = QHBoxLayout()
        recent_bar.addWidget(recent_heading)
        recent_bar.addStretch(1)
        recent_bar.addWidget(self.new_letter_button)

        self.model = RowTableModel(recent_columns(), self)
        self.proxy = sorting_proxy(self.model, self)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        setup_table(self.table)
        self.table.setToolTip(_("Click a letter to open it"))
        self.table.viewport().setCursor(QCursor(Qt.CursorShape.PointingHandCursor))
        self.table.setMouseTracking(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # newest first
        for column, width in enumerate((120, 120, 240, 420)):
            self.table.horizontalHeader().resizeSection(column, width)
        self.table.clicked.connect(self._open_index)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(key), self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda: self._open_index(self.table.currentIndex()))

        self.no_letters = EmptyState(
            _("No letters yet"),
            hint=_("Record a letter you sent or received, and it will show here."),
            action_text=_("New letter…"),
        )
        self.no_letters.action_triggered.connect(self.new_letter_requested)
        self.recent_stack = QStackedWidget()
        self.recent_stack.addWidget(self.table)
        self.recent_stack.addWidget(self.no_letters)

        summary = QWidget()
        summary_layout = QVBoxLayout(summary)
        summary_layout.setContentsMargins(0, 0, 0, 0)
        summary_layout.setSpacing(10)
        summary_layout.addLayout(grid)
        summary_layout.addSpacing(8)
        summary_layout.addLayout(recent_bar)
        summary_layout.addWidget(self.recent_stack, 1)

        self.welcome = EmptyState(
            _("No letters yet"),
            hint=_("Start by recording a letter (you can add the prisoner as you go), or "
                   "import an export file from another computer."),
            icon=QStyle.StandardPixmap.SP_MessageBoxInformation,
            action_text=_("New letter…"),
        )
        self.welcome.action_triggered.connect(self.new_letter_requested)
        self.import_button = self.welcome.add_action(_("Import…"), self.import_requested.emit)

        self.stack = QStackedWidget()
        self.stack.addWidget(summary)
        self.stack.addWidget(self.welcome)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(self.stack, 1)

        worker.data_changed.connect(if_alive(self, self.refresh))
        self.refresh()

    # --- the page contract -------------------------------------------------------------------

    def refresh(self) -> None:
        def load(store):
            return overview_counts(store), recent_letters(store, RECENT)

        self.worker.submit(load, on_done=if_alive(self, self._show))

    def focus_filter(self) -> None:
        """The overview has no filter; the recent letters take the focus instead."""
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def delete_selected(self) -> None:
        """Nothing is deleted from the overview; open the record to delete it."""

    def save_state(self, settings: QSettings) -> None:
        settings.setValue("overview/header", self.table.horizontalHeader().saveState())

    def restore_state(self, settings: QSettings) -> None:
        header = settings.value("overview/header")
        if header:
            self.table.horizontalHeader().restoreState(header)

    # --- the rest ------------------------------------------------------------------------------

    def _show(self, result: tuple[OverviewCounts, list[RecentLetter]]) -> None:
        counts, letters = result
        self.counts = counts
        for name, card in self.cards.items():
            value = getattr(counts, name)
            card.set_value(value, card_caption(name, value))
        self.model.set_rows(letters)
        self.recent_stack.setCurrentWidget(self.table if letters else self.no_letters)
        self.stack.setCurrentIndex(1 if counts.is_empty else 0)

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_letter.emit(index.data(ROW_ROLE).id)

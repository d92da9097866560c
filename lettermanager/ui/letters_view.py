"""The Letters page: a filter bar over the table of every letter.

Filtering and sorting happen in SQL (LettersTableModel); the page keeps the selection across
reloads, shows how many letters match, and says so plainly when there are none.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QStyle,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.enums import CensorshipKind, Channel, Direction, LetterStatus, TranslationStatus
from ..i18n import _, ngettext
from ..store.errors import NotFound
from ..store.letter_table import (
    FilterChoices,
    LetterColumn,
    LetterFilter,
    LetterSort,
    filter_choices,
)
from ..store.models import Letter
from .display import enum_choices, enum_label, format_number, format_partial_date, language_name
from .empty_state import EmptyState
from .form_fields import SearchCombo, ValueCombo
from .guards import if_alive
from .letters_model import COLUMN_INDEX, LettersTableModel, selected_ids
from .reply_actions import REPLY_SHORTCUT, ReplyActions
from .worker import DatabaseWorker

SETTINGS_HEADER = "letters/header"
SETTINGS_SORT = "letters/sort"
FILTER_DELAY_MS = 250


def default_widths(metrics) -> dict[LetterColumn, int]:
    """Column widths that fit typical values in the interface language; the title (last
    column) takes what is left."""

    def fit(*texts: str, extra: int = 18) -> int:
        return max(metrics.horizontalAdvance(text) for text in texts) + extra

    return {
        LetterColumn.DATE: fit(format_partial_date("2024-09-30", short=True),
                               format_partial_date("2024-12", short=True)),
        LetterColumn.DIRECTION: fit("←", _("Dir."), extra=24),
        LetterColumn.PRISONER: fit("Кагарлицкий Борис Юльевич"),
        LetterColumn.CORRESPONDENT: fit("Ksenia Kagarlitskaya"),
        LetterColumn.CHANNEL: fit(enum_label(Channel.REGISTERED_POST)),
        LetterColumn.STATUS: fit(*(label for label, _value in enum_choices(LetterStatus))),
        LetterColumn.LANGUAGE: fit(language_name("uk"), language_name("ru")),
        LetterColumn.TRANSLATION: fit(*(label for label, _v in enum_choices(TranslationStatus))),
        LetterColumn.CENSORSHIP: fit(enum_label(CensorshipKind.CENSOR_COMMENT), extra=40),
    }


def format_count(number: int) -> str:
    return format_number(number)


class _FilterEdit(QLineEdit):
    """The title filter: Escape clears it (a second Escape goes on to the window)."""

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)


class LettersPage(QWidget):
    """Page contract: refresh(), focus_filter(), delete_selected(), save_state(settings),
    restore_state(settings); signals open_prisoner(id), open_letter(id), and new_letter()
    when the empty page's "New letter…" button is clicked."""

    open_prisoner = Signal(str)
    open_letter = Signal(str)
    new_letter = Signal()

    def __init__(self, worker: DatabaseWorker, parent: QWidget | None = None):
        super().__init__(parent)
        self.worker = worker
        self.model = LettersTableModel(worker, self)
        self._dirty = True  # the list must be loaded when the page shows
        self._keep: tuple[list[str], str | None, int] | None = None
        self._scroll_to_top = False

        self._build_filter_bar()
        self._build_table()
        self.empty_none = EmptyState(
            _("No letters yet"),
            hint=_("Record a letter you sent to a prisoner or received from one."),
            action_text=_("New letter…"),
        )
        self.empty_none.action_triggered.connect(self.new_letter)
        self.empty_filtered = EmptyState(
            _("No letters match the filter"),
            hint=_("Change the filter or clear it to see every letter."),
            icon=QStyle.StandardPixmap.SP_FileDialogContentsView,
            action_text=_("Clear filters"),
        )
        self.empty_filtered.action_triggered.connect(self.clear_filters)
        self.stack = QStackedWidget()
        for widget in (self.table, self.empty_none, self.empty_filtered):
            self.stack.addWidget(widget)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addLayout(self.filter_bar)
        layout.addWidget(self.stack, 1)

        self._filter_timer = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self._apply_filter)
        self._reload_timer = QTimer(self, singleShot=True, interval=50)
        self._reload_timer.timeout.connect(self.refresh)
        worker.data_changed.connect(self._on_data_changed)
        self.model.loading.connect(self._on_loading)
        self.model.reloaded.connect(self._on_reloaded)
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.modelReset.connect(self._restore_selection)
        self.reply_actions = ReplyActions(worker, self)
        self.reply_actions.open_letter.connect(self.open_letter)
        reply_key = QShortcut(REPLY_SHORTCUT, self.table)
        reply_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        reply_key.activated.connect(self.reply_to_current)
        self._update_count()

    def reply_to_current(self) -> None:
        """Ctrl+R: reply to the current letter if it came from the prisoner."""
        index = self.table.currentIndex()
        row = self.model.cached_row(index.row()) if index.isValid() else None
        if row is not None and row.direction == Direction.INCOMING:
            self.reply_actions.reply(self.model.letter_id(index.row()))

    # --- building ------------------------------------------------------------------------

    def _build_filter_bar(self) -> None:
        self.search = _FilterEdit()
        self.search.setPlaceholderText(_("Filter by title…"))
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip(_("Show the letters whose title contains this text "
                                 "(Escape clears it)"))
        self.search.setMinimumWidth(180)
        self.search.textChanged.connect(lambda _text: self._filter_timer.start())

        self.prisoner_combo = SearchCombo(min_chars=22)
        self.prisoner_combo.setToolTip(_("Show one prisoner's letters; type to find a name"))
        self.prisoner_combo.lineEdit().setPlaceholderText(_("All prisoners"))
        self._set_prisoners([])
        self.prisoner_combo.chosen.connect(lambda _id: self._apply_filter())

        self.direction_combo = ValueCombo()
        self.direction_combo.set_items([(_("Both directions"), None),
                                        (_("→ To the prisoner"), Direction.OUTGOING.value),
                                        (_("← From the prisoner"), Direction.INCOMING.value)])

        self.status_combo = ValueCombo()
        self.status_combo.set_items([(_("Any status"), None), *enum_choices(LetterStatus)])

        self.language_combo = ValueCombo()
        self.language_combo.set_items([(_("Any language"), None)])
        self.language_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

        for combo in (self.direction_combo, self.status_combo, self.language_combo):
            combo.currentIndexChanged.connect(lambda _index: self._apply_filter())

        self.clear_button = QToolButton()
        self.clear_button.setText(_("Clear filters"))
        self.clear_button.setToolTip(_("Show every letter"))
        self.clear_button.clicked.connect(self.clear_filters)
        self.clear_button.setEnabled(False)

        self.count_label = QLabel()
        self.count_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)

        bar = QHBoxLayout()
        bar.setSpacing(6)
        bar.addWidget(self.search, 2)
        bar.addWidget(self.prisoner_combo, 2)
        bar.addWidget(self.direction_combo)
        bar.addWidget(self.status_combo)
        bar.addWidget(self.language_combo)
        bar.addWidget(self.clear_button)
        bar.addStretch(0)
        bar.addSpacing(8)
        bar.addWidget(self.count_label)
        self.filter_bar = bar

    def _build_table(self) -> None:
        table = QTableView()
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._context_menu)
        table.activated.connect(self._on_activated)
        vertical = table.verticalHeader()
        vertical.hide()
        # Fixed row heights: the view never measures 100,000 rows.
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(table.fontMetrics().height() + 10)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionsMovable(True)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column, width in default_widths(table.fontMetrics()).items():
            header.resizeSection(COLUMN_INDEX[column], width)
        sort = self.model.letter_sort
        header.setSortIndicator(COLUMN_INDEX[sort.column], _qt_order(sort.ascending))
        table.setSortingEnabled(True)  # calls model.sort() with the indicator: no change
        self.table = table

    # --- the page contract --------------------------------------------------------------

    def refresh(self) -> None:
        """Load the letters and the filter choices again."""
        self._dirty = False
        self.model.reload()
        self.worker.submit(lambda store: filter_choices(store.db),
                           on_done=if_alive(self, self._set_choices))

    def focus_filter(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def selected_letter_ids(self) -> list[str]:
        return selected_ids(self.table.selectionModel().selectedRows())

    def current_letter_id(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.letter_id(index.row()) if index.isValid() else None

    def delete_selected(self) -> None:
        ids = self.selected_letter_ids()
        if not ids:
            return
        count = len(ids)
        if count == 1:
            row = self.model.cached_row(self.model.row_of(ids[0]))
            title = row.title if row and row.title else _("(untitled)")
            question = _("Delete the letter “{title}”?").format(title=title)
        else:
            question = ngettext("Delete {count} letter?", "Delete {count} letters?",
                                count).format(count=format_count(count))
        box = QMessageBox(QMessageBox.Icon.Warning, _("Delete letters"), question,
                          parent=self)
        box.setInformativeText(_(
            "Their censorship events and translations are deleted with them. Letters that "
            "answer them are kept, without the link. This cannot be undone."))
        delete = box.addButton(_("Delete"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.exec()
        if box.clickedButton() is not delete:
            return

        def operation(store) -> int:
            deleted = 0
            for letter_id in ids:
                try:
                    store.delete(Letter, letter_id)
                except NotFound:  # deleted meanwhile (another window): nothing to do
                    continue
                else:
                    deleted += 1
            return deleted

        self.worker.submit(operation, writes=True)

    def save_state(self, settings: QSettings) -> None:
        settings.setValue(SETTINGS_HEADER, self.table.horizontalHeader().saveState())
        sort = self.model.letter_sort
        settings.setValue(SETTINGS_SORT, f"{sort.column.value}:{int(sort.ascending)}")

    def restore_state(self, settings: QSettings) -> None:
        state = settings.value(SETTINGS_HEADER)
        header = self.table.horizontalHeader()
        if state is not None:
            header.restoreState(state)
        sort = _parse_sort(settings.value(SETTINGS_SORT))
        if sort is not None:
            header.setSortIndicator(COLUMN_INDEX[sort.column], _qt_order(sort.ascending))
            self.model.set_sort(sort)
        # Qt may have restored the indicator from the header state: the model follows it.
        self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())

    # --- filters -------------------------------------------------------------------------

    def current_filter(self) -> LetterFilter:
        return LetterFilter(
            prisoner_id=self.prisoner_combo.value(),
            direction=self.direction_combo.value(),
            status=self.status_combo.value(),
            language=self.language_combo.value(),
            text=self.search.text().strip() or None,
        )

    def set_prisoner_filter(self, prisoner_id: str | None) -> None:
        """Show one prisoner's letters (None: everyone's)."""
        if prisoner_id and self.prisoner_combo.find_value(prisoner_id) < 0:
            self.prisoner_combo.add_value(prisoner_id, prisoner_id)  # named when choices come
        self.prisoner_combo.set_value(prisoner_id)
        self._apply_filter()

    def clear_filters(self) -> None:
        for widget in (self.prisoner_combo, self.direction_combo, self.status_combo,
                       self.language_combo):
            widget.blockSignals(True)
            widget.setCurrentIndex(0)
            widget.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self._apply_filter()

    def _apply_filter(self) -> None:
        self._filter_timer.stop()
        letter_filter = self.current_filter()
        self.clear_button.setEnabled(not letter_filter.is_empty())
        if letter_filter != self.model.letter_filter:
            self._scroll_to_top = True
            self._dirty = False
            self.model.set_filter(letter_filter)

    def _set_choices(self, choices: FilterChoices) -> None:
        self._set_prisoners(choices.prisoners)
        combo = self.language_combo
        current = combo.value()
        items: list[tuple[str, object]] = [(_("Any language"), None)]
        items += [(language_name(code), code) for code in choices.languages]
        if current is not None and current not in choices.languages:
            items.append((language_name(current), current))  # still filtered by it
        combo.set_items(items, current)

    def _set_prisoners(self, prisoners: list[tuple[str, str, str | None]]) -> None:
        combo = self.prisoner_combo
        current = combo.value()
        combo.set_items([(_("All prisoners"), None),
                         *[(name, prisoner_id) for prisoner_id, name, _latin in prisoners]])
        for index, (_id, _name, latin) in enumerate(prisoners, start=1):
            if latin:
                combo.setItemData(index, latin, Qt.ItemDataRole.ToolTipRole)
        if not combo.set_value(current):
            combo.set_value(None)

    # --- reloading -----------------------------------------------------------------------

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def _on_data_changed(self) -> None:
        if self.isVisible():
            self._reload_timer.start()
        else:
            self._dirty = True

    def _on_loading(self) -> None:
        if not self.model.is_loaded():
            self.count_label.setText(_("Loading letters…"))

    def _on_reloaded(self) -> None:
        self._update_count()
        has_letters = self.model.total_count > 0
        for widget in (self.search, self.prisoner_combo, self.direction_combo,
                       self.status_combo, self.language_combo):
            widget.setEnabled(has_letters)  # nothing to filter in an empty database
        if self.model.rowCount() == 0:
            empty = self.empty_none if self.model.total_count == 0 else self.empty_filtered
            self.stack.setCurrentWidget(empty)
        else:
            self.stack.setCurrentWidget(self.table)
        if self._scroll_to_top:
            self._scroll_to_top = False
            self.table.scrollToTop()

    def _update_count(self) -> None:
        if not self.model.is_loaded():
            self.count_label.setText("")
            return
        shown, total = self.model.rowCount(), self.model.total_count
        if self.model.letter_filter.is_empty():
            text = ngettext("{count} letter", "{count} letters", total).format(
                count=format_count(total))
        else:
            text = ngettext("{shown} of {total} letter", "{shown} of {total} letters",
                            total).format(shown=format_count(shown), total=format_count(total))
        self.count_label.setText(text)

    def _remember_selection(self) -> None:
        self._keep = (self.selected_letter_ids(), self.current_letter_id(),
                      self.table.verticalScrollBar().value())

    def _restore_selection(self) -> None:
        if self._keep is None:
            return
        ids, current, scroll = self._keep
        self._keep = None
        self.table.verticalScrollBar().setValue(scroll)
        if not ids and current is None:
            return
        wanted = set(ids) | ({current} if current else set())
        rows = {letter_id: row for row, letter_id in enumerate(self.model.letter_ids())
                if letter_id in wanted}
        selection = QItemSelection()
        last = self.model.columnCount() - 1
        for letter_id in ids:
            row = rows.get(letter_id)
            if row is not None:
                selection.select(self.model.index(row, 0), self.model.index(row, last))
        selection_model = self.table.selectionModel()
        if current in rows:
            selection_model.setCurrentIndex(self.model.index(rows[current], 0),
                                            QItemSelectionModel.SelectionFlag.NoUpdate)
        selection_model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    # --- opening -------------------------------------------------------------------------

    def _on_activated(self, index) -> None:
        letter_id = self.model.letter_id(index.row())
        if letter_id:
            self.open_letter.emit(letter_id)

    def _context_menu(self, position) -> None:
        index = self.table.indexAt(position)
        if not index.isValid():
            return
        menu = QMenu(self)
        open_action = QAction(_("Open letter"), menu)
        open_action.setShortcut(QKeySequence(Qt.Key.Key_Return))
        open_action.triggered.connect(lambda: self._on_activated(index))
        menu.addAction(open_action)
        row = self.model.cached_row(index.row())
        prisoner_id = row.prisoner_id if row is not None else None
        prisoner_action = menu.addAction(_("Open prisoner"))
        prisoner_action.setEnabled(bool(prisoner_id))
        prisoner_action.triggered.connect(lambda: self.open_prisoner.emit(prisoner_id))
        filter_action = menu.addAction(_("Only this prisoner's letters"))
        filter_action.setEnabled(bool(prisoner_id))
        filter_action.triggered.connect(lambda: self.set_prisoner_filter(prisoner_id))
        menu.addSeparator()
        self.reply_actions.add_to_menu(menu, self.model.letter_id(index.row()),
                                       row.direction if row is not None else None)
        menu.addSeparator()
        delete_action = menu.addAction(_("Delete…"))
        delete_action.triggered.connect(self.delete_selected)
        menu.popup(self.table.viewport().mapToGlobal(position))


def _qt_order(ascending: bool) -> Qt.SortOrder:
    return Qt.SortOrder.AscendingOrder if ascending else Qt.SortOrder.DescendingOrder


def _parse_sort(value: object) -> LetterSort | None:
    if not isinstance(value, str) or ":" not in value:
        return None
    column, _sep, ascending = value.partition(":")
    try:
        return LetterSort(LetterColumn(column), ascending == "1")
    except ValueError:
        return None


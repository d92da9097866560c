"""The Prisoners page: the list on the left, the chosen prisoner's page on the right.

The prisoner's page has three tabs: the editable Profile, the Custody timeline, and the
Correspondence thread. All data comes through the worker; unsaved profile changes are never
dropped silently (switching prisoner asks Save / Discard / Cancel).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QModelIndex, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyle,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..domain.custody import Place
from ..domain.enums import PrisonerStatus
from ..domain.records import PrisonerIn
from ..domain.replies import DEFAULT_CONTACT_INTERVAL_DAYS
from ..i18n import _, ngettext
from ..i18n.formatting import format_number
from ..store.errors import DeleteRefused, InvalidInput, NotFound, StoreError
from ..store.models import CustodyStay, Prisoner
from ..store.prisoner_list import PrisonerPage, PrisonerRow, prisoner_page, prisoner_rows
from ..store.service import Store, validate
from .contact_summary import contact_summary
from .correspondence_thread import CorrespondencePanel
from .custody_panel import CustodyPanel, date_label, place_label
from .display import enum_label, format_partial_date
from .empty_state import EmptyState
from .guards import if_alive
from .in_flight_dialog import InFlightDialog
from .print_actions import PrisonerPrintButton
from .prisoner_list_model import (
    ID_ROLE,
    MutedDelegate,
    NameDelegate,
    PrisonerFilterModel,
    PrisonerListModel,
    muted,
    row_height,
)
from .prisoner_profile import ProfileForm
from .record_move_dialog import RecordMoveDialog, StayDialog
from .reply_actions import ReplyActions
from .row_table import fit_section
from .worker import DatabaseWorker


class _FilterEdit(QLineEdit):
    """The name filter: Down moves into the table, Escape clears."""

    move_down = Signal()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Down:
            self.move_down.emit()
            return
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)


class PrisonersPage(QWidget):
    open_prisoner = Signal(str)
    open_letter = Signal(str)

    PROFILE, CUSTODY, CORRESPONDENCE = range(3)

    def __init__(self, worker: DatabaseWorker, parent: QWidget | None = None):
        super().__init__(parent)
        self.worker = worker
        self._shown_id: str | None = None  # the prisoner on the right
        self._new_mode = False  # the profile form holds a prisoner not saved yet
        self._page: PrisonerPage | None = None
        self._syncing = False  # selection changes made by code, not by the user
        self._saving = False
        self._loaded = False
        self._request = 0  # the latest page request; older answers are dropped
        self._before_new: str | None = None  # shown before the new-prisoner form
        self.active_dialog: QDialog | None = None
        self.letter_editor: QWidget | None = None

        self._build_list()
        self._build_detail()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self._list_panel)
        self.splitter.addWidget(self.detail_stack)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self._sized = False  # the splitter got its first sizes (or restored ones)

        self.page_stack = QStackedWidget()
        self.page_stack.addWidget(self.splitter)
        self.page_stack.addWidget(self.empty)  # no prisoners at all: one clear message

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.page_stack)

        save = QShortcut(QKeySequence.StandardKey.Save, self)
        save.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save.activated.connect(lambda: self.save())

        worker.data_changed.connect(if_alive(self, self.refresh))
        self._show_detail(False)
        self.refresh()

    # --- building -----------------------------------------------------------------------

    def _build_list(self) -> None:
        self.filter = _FilterEdit()
        self.filter.setPlaceholderText(_("Filter by name, Cyrillic or Latin…"))
        self.filter.setToolTip(_("Type part of a name (Ctrl+F). Escape clears the filter."))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._on_filter)
        self.filter.move_down.connect(self._focus_table)
        self.filter.returnPressed.connect(self._focus_table)
        self.new_button = QPushButton(_("New prisoner"))
        self.new_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon))
        self.new_button.setToolTip(_("Add a prisoner to write to"))
        self.new_button.clicked.connect(self.new_prisoner)
        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(self.filter, 1)
        top.addWidget(self.new_button)

        self.model = PrisonerListModel(self)
        self.proxy = PrisonerFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        vertical = self.table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(row_height(self.table.fontMetrics()))
        self.table.setItemDelegateForColumn(PrisonerListModel.NAME, NameDelegate(self.table))
        self.table.setItemDelegateForColumn(PrisonerListModel.PLACE, MutedDelegate(self.table))
        self.table.sortByColumn(PrisonerListModel.NAME, Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(PrisonerListModel.NAME, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(48)
        for column, width in ((PrisonerListModel.STATUS, 92), (PrisonerListModel.PLACE, 132),
                              (PrisonerListModel.LAST_LETTER, 88),
                              (PrisonerListModel.AWAITING, 68)):
            fit_section(self.table, column, width)
        fit_section(self.table, PrisonerListModel.LAST_LETTER, 88,
                    format_partial_date("2024-11-14", short=True))
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.table.doubleClicked.connect(self._on_double_click)

        self.empty = EmptyState(
            _("No prisoners yet"),
            hint=_("Add the people you write to: their name as on envelopes, where they are "
                   "held, and the letters you exchange."),
            action_text=_("New prisoner…"),
        )
        self.empty.action_triggered.connect(self.new_prisoner)
        self.list_empty = EmptyState(_("No prisoners yet"),
                                     hint=_("Fill in the profile and save it."))
        self.no_match = EmptyState(_("No prisoner matches the filter"),
                                   icon=QStyle.StandardPixmap.SP_FileDialogContentsView)
        self.no_match.add_action(_("Clear filter"), self.filter.clear)
        self.no_match.add_action(_("New prisoner…"), self._new_from_filter)
        self.list_stack = QStackedWidget()
        for widget in (self.table, self.list_empty, self.no_match):
            self.list_stack.addWidget(widget)

        self.count_label = QLabel()
        palette = self.count_label.palette()
        palette.setColor(QPalette.ColorRole.WindowText,
                         palette.color(QPalette.ColorRole.PlaceholderText))
        self.count_label.setPalette(palette)

        panel = QWidget()
        column = QVBoxLayout(panel)
        column.setContentsMargins(0, 0, 4, 0)
        column.setSpacing(6)
        column.addLayout(top)
        column.addWidget(self.list_stack, 1)
        column.addWidget(self.count_label)
        panel.setMinimumWidth(300)
        self._list_panel = panel

    def _build_detail(self) -> None:
        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        self.subtitle.setTextFormat(Qt.TextFormat.PlainText)
        self.subtitle.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.contact = QLabel()
        self.contact.setWordWrap(True)
        self.contact.setTextFormat(Qt.TextFormat.PlainText)
        self.today = date.today  # replaced in tests
        self._default_interval = DEFAULT_CONTACT_INTERVAL_DAYS
        self.place = QLabel()
        self.place.setWordWrap(True)
        self.place.setTextFormat(Qt.TextFormat.PlainText)

        self.profile = ProfileForm()
        self.profile.save_requested.connect(lambda: self.save())
        self.profile.delete_requested.connect(self.delete_selected)
        self.profile.dirty_changed.connect(self._update_tab_titles)
        self.profile.cancel_new_requested.connect(self._cancel_new)
        self.custody = CustodyPanel()
        self.custody.record_move_requested.connect(lambda: self.record_move())
        self.custody.release_requested.connect(lambda: self.record_move(release=True))
        self.custody.edit_stay_requested.connect(self.edit_stay)
        self.custody.delete_stay_requested.connect(self.delete_stay)
        self.correspondence = CorrespondencePanel()
        self.correspondence.open_letter.connect(self.open_letter)
        self.reply_actions = ReplyActions(self.worker, self)
        self.reply_actions.open_letter.connect(self.open_letter)
        self.correspondence.reply_requested.connect(self.reply_actions.reply)
        self.correspondence.new_letter_requested.connect(self.new_letter)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.profile, _("Profile"))
        self.tabs.addTab(self.custody, _("Custody"))
        self.tabs.addTab(self.correspondence, _("Correspondence"))

        detail = QWidget()
        column = QVBoxLayout(detail)
        column.setContentsMargins(8, 0, 0, 0)
        column.setSpacing(2)
        self.print_button = PrisonerPrintButton(
            self.worker, lambda: None if self._new_mode else self._shown_id)
        title_row = QHBoxLayout()
        title_row.addWidget(self.title, 1)
        title_row.addWidget(self.print_button, 0, Qt.AlignmentFlag.AlignTop)
        column.addLayout(title_row)
        column.addWidget(self.subtitle)
        column.addWidget(self.place)
        column.addWidget(self.contact)
        column.addSpacing(6)
        column.addWidget(self.tabs, 1)
        self._detail = detail

        self.no_selection = EmptyState(
            _("Select a prisoner to see their profile, custody and letters"),
            hint=_("Or add a new one."),
            icon=QStyle.StandardPixmap.SP_FileDialogDetailedView,
            action_text=_("New prisoner…"),
        )
        self.no_selection.action_triggered.connect(self.new_prisoner)
        self.detail_stack = QStackedWidget()
        self.detail_stack.addWidget(self.no_selection)
        self.detail_stack.addWidget(detail)
        self.detail_stack.setMinimumWidth(420)

    # --- the page contract ----------------------------------------------------------------

    def refresh(self) -> None:
        self.worker.submit(prisoner_rows, on_done=if_alive(self, self._show_rows))

    def focus_filter(self) -> None:
        self.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter.selectAll()

    def selected_prisoner_id(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(
                index.row(), QModelIndex()):
            return None
        return index.data(ID_ROLE)

    def show_prisoner(self, prisoner_id: str) -> None:
        """Select a prisoner and show their page (asks first about unsaved changes)."""
        if prisoner_id == self._shown_id and not self._new_mode:
            self._select_in_table(prisoner_id)
            return
        if self.request_leave(lambda: self.show_prisoner(prisoner_id)):
            self._open(prisoner_id)

    def delete_selected(self) -> None:
        """Delete what is selected: the custody stay when the timeline has the focus, else
        the prisoner (refused, with the reason, while letters refer to them)."""
        if self.custody.table.hasFocus() and self.custody.selected_stay_id():
            self.delete_stay(self.custody.selected_stay_id())
            return
        prisoner_id = self._shown_id if not self._new_mode else None
        if prisoner_id is None:
            return
        row = self._row(prisoner_id)
        name = row.full_name if row else (self._page.prisoner.full_name if self._page else "")
        if row is not None and row.letter_count:
            self._refuse_delete(name, ngettext(
                "{count} letter is recorded with this prisoner. Delete or move it first.",
                "{count} letters are recorded with this prisoner. Delete or move them first.",
                row.letter_count).format(count=row.letter_count))
            return
        answer = QMessageBox.question(
            self, _("Delete prisoner"),
            _("Delete the prisoner “{name}”?\n\nTheir custody record is deleted with them. "
              "This cannot be undone.").format(name=name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        neighbour = self._neighbour_of(prisoner_id)
        self.worker.submit(
            lambda store: store.delete(Prisoner, prisoner_id),
            on_done=if_alive(self, lambda _result: self._deleted(neighbour)),
            on_error=if_alive(self, lambda exc: self._delete_failed(name, exc)),
            writes=True,
        )

    def save_state(self, settings: QSettings) -> None:
        settings.setValue("prisoners/splitter", self.splitter.saveState())
        settings.setValue("prisoners/header", self.table.horizontalHeader().saveState())
        settings.setValue("prisoners/custody_splitter", self.custody.splitter.saveState())
        settings.setValue("prisoners/tab", self.tabs.currentIndex())

    def restore_state(self, settings: QSettings) -> None:
        splitter = settings.value("prisoners/splitter")
        if splitter and self.splitter.restoreState(splitter):
            self._sized = True
        header = settings.value("prisoners/header")
        if header:
            self.table.horizontalHeader().restoreState(header)
            self.table.horizontalHeader().setSectionResizeMode(
                PrisonerListModel.NAME, QHeaderView.ResizeMode.Stretch)
        custody = settings.value("prisoners/custody_splitter")
        if custody:
            self.custody.splitter.restoreState(custody)
        try:
            tab = int(settings.value("prisoners/tab", 0))
        except (TypeError, ValueError):
            tab = 0
        if 0 <= tab < self.tabs.count():
            self.tabs.setCurrentIndex(tab)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            width = max(self.splitter.width(), 800)
            # Room for the fixed columns (wider in Russian and French) and about 200 px of names.
            header = self.table.horizontalHeader()
            columns = sum(header.sectionSize(column) for column in range(header.count())
                          if column != PrisonerListModel.NAME)
            left = min(max(600, columns + 220), int(width * 0.55))
            self.splitter.setSizes([left, width - left])

    # --- unsaved changes ------------------------------------------------------------------

    def is_dirty(self) -> bool:
        return self._detail_visible() and self.profile.is_dirty()

    def request_leave(self, proceed: Callable[[], None]) -> bool:
        """Ask what to do with unsaved profile changes before showing something else.

        True: nothing to keep (or discarded), go ahead now. False: cancelled, or saving; then
        `proceed()` runs once the save succeeds.
        """
        if not self.is_dirty():
            return True
        name = self.profile.values()["full_name"] or _("the new prisoner")
        answer = QMessageBox.question(
            self, _("Unsaved changes"),
            _("Save the changes to “{name}”?").format(name=name),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Discard:
            self.profile.revert()
            return True
        if answer == QMessageBox.StandardButton.Save:
            self.save(then=proceed)
        return False

    # --- actions --------------------------------------------------------------------------

    def new_prisoner(self) -> None:
        if self.request_leave(self.new_prisoner):
            self._start_new()

    def save(self, then: Callable[[], None] | None = None) -> None:
        if not self._detail_visible() or self._saving:
            return
        if not self._new_mode and not self.profile.is_dirty():
            if then is not None:
                then()
            return
        values = self.profile.values()
        if not values["full_name"]:
            self.profile.show_problems([("full_name", _("Enter the prisoner's full name."))])
            return
        record_id = self.profile.prisoner_id

        def operation(store: Store) -> Prisoner:
            if record_id is None:
                return store.create(validate(PrisonerIn, values))
            return store.update(Prisoner, record_id, values)

        self._saving = True
        self.profile.set_busy(True)
        self.worker.submit(
            operation,
            on_done=if_alive(self, lambda record: self._saved(record, then)),
            on_error=if_alive(self, self._save_failed),
            writes=True,
        )

    def record_move(self, release: bool = False) -> None:
        if self._shown_id is None or self._new_mode:
            return
        page = self._page
        dialog = RecordMoveDialog(
            self.worker, self._shown_id, self,
            prisoner_name=page.prisoner.full_name if page else "",
            current=page.current if page else None,
            release=release,
        )
        dialog.moved.connect(self._letters_at_risk)
        self._open_dialog(dialog)

    def _letters_at_risk(self, outcome) -> None:
        """After a move: offer to deal with the letters still in flight to the old place."""
        if outcome.in_flight:
            self._open_dialog(InFlightDialog(self.worker, outcome, self))

    def edit_stay(self, stay_id: str) -> None:
        def loaded(stay: CustodyStay) -> None:
            self._open_dialog(StayDialog(self.worker, stay, self))

        self.worker.submit(lambda store: store.get(CustodyStay, stay_id),
                           on_done=if_alive(self, loaded))

    def delete_stay(self, stay_id: str) -> None:
        row = next((r for r in self.custody.rows() if r.stay_id == stay_id), None)
        if row is None:
            return
        answer = QMessageBox.question(
            self, _("Delete custody stay"),
            _("Delete this custody stay?\n\n{place}\n{start} – {end}\n\nThis cannot be "
              "undone.").format(place=place_label(row), start=date_label(row.start),
                                end=date_label(row.end, open_end=True)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.worker.submit(lambda store: store.delete(CustodyStay, stay_id), writes=True)

    def new_letter(self) -> None:
        if self._shown_id is None or self._new_mode:
            return
        from .letter_editor import LetterEditor  # imported late: the editor imports much

        editor = LetterEditor(self.worker, prisoner_id=self._shown_id, parent=self)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.letter_editor = editor
        editor.show()

    # --- list -----------------------------------------------------------------------------

    def _show_rows(self, rows: list[PrisonerRow]) -> None:
        first_load = not self._loaded
        self._loaded = True
        self._syncing = True
        try:
            self.model.set_rows(rows)
        finally:
            self._syncing = False
        ids = {row.id for row in rows}
        if self._shown_id is not None and self._shown_id not in ids and not self._new_mode:
            self._shown_id = None  # deleted elsewhere
            self._page = None
            self.profile.load(None)
            self._show_detail(False)
        self._update_list_state()
        if first_load and self._shown_id is None and not self._new_mode and rows:
            first = self.proxy.index(0, 0).data(ID_ROLE)
            if first:
                self._open(first)  # selects it and loads its page
                return
        self._select_in_table(self._shown_id if not self._new_mode else None)
        if self._shown_id is not None and not self._new_mode:
            self._load_page(self._shown_id)

    def _update_list_state(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        nothing = total == 0 and self._loaded and not self._new_mode
        self.page_stack.setCurrentWidget(self.empty if nothing else self.splitter)
        if total == 0:
            self.list_stack.setCurrentWidget(self.list_empty)
        elif shown == 0:
            self.no_match.set_message(
                _("No prisoner matches “{text}”").format(text=self.filter.text().strip()),
                _("The filter looks in the names in Cyrillic and in Latin letters."))
            self.list_stack.setCurrentWidget(self.no_match)
        else:
            self.list_stack.setCurrentWidget(self.table)
        if total == 0:
            self.count_label.setText("")
        elif shown == total:
            self.count_label.setText(ngettext("{count} prisoner", "{count} prisoners",
                                              total).format(count=format_number(total)))
        else:
            self.count_label.setText(ngettext("{shown} of {count} prisoner",
                                              "{shown} of {count} prisoners",
                                              total).format(shown=format_number(shown),
                                                             count=format_number(total)))

    def _on_filter(self, text: str) -> None:
        self.proxy.set_text(text)
        self._select_in_table(self._shown_id if not self._new_mode else None)
        self._update_list_state()

    def _focus_table(self) -> None:
        if self.proxy.rowCount() == 0:
            return
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.table.currentIndex().isValid() or self.selected_prisoner_id() is None:
            self.table.selectRow(0)

    def _new_from_filter(self) -> None:
        text = self.filter.text().strip()
        self.filter.clear()
        self.new_prisoner()
        if self._new_mode and text and not self.profile.full_name.text():
            self.profile.full_name.setText(text)

    def _select_in_table(self, prisoner_id: str | None) -> None:
        self._syncing = True
        try:
            row = self.model.row_of(prisoner_id) if prisoner_id else -1
            index = self.proxy.mapFromSource(self.model.index(row, 0)) if row >= 0 \
                else QModelIndex()
            if index.isValid():
                self.table.selectRow(index.row())
                self.table.scrollTo(index)
            else:
                self.table.clearSelection()
                self.table.setCurrentIndex(QModelIndex())
        finally:
            self._syncing = False

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        prisoner_id = current.data(ID_ROLE)
        if not prisoner_id or (prisoner_id == self._shown_id and not self._new_mode):
            return
        if self.request_leave(lambda: self.show_prisoner(prisoner_id)):
            self._open(prisoner_id)
        else:  # cancelled (or saving first): the selection goes back to what is shown,
            # once the view has finished handling the click that moved it
            QTimer.singleShot(0, if_alive(self, self._reselect_shown))

    def _reselect_shown(self) -> None:
        self._select_in_table(self._shown_id if not self._new_mode else None)

    def _on_double_click(self, index: QModelIndex) -> None:
        if index.isValid():
            self.tabs.setCurrentIndex(self.PROFILE)
            self.profile.full_name.setFocus()

    def _row(self, prisoner_id: str | None) -> PrisonerRow | None:
        row = self.model.row_of(prisoner_id)
        return self.model.prisoner(row) if row >= 0 else None

    def _neighbour_of(self, prisoner_id: str) -> str | None:
        row = self.model.row_of(prisoner_id)
        if row < 0:
            return None
        view_row = self.proxy.mapFromSource(self.model.index(row, 0)).row()
        for candidate in (view_row + 1, view_row - 1):
            index = self.proxy.index(candidate, 0)
            if index.isValid():
                return index.data(ID_ROLE)
        return None

    # --- the prisoner's page --------------------------------------------------------------

    def _open(self, prisoner_id: str) -> None:
        self._shown_id = prisoner_id
        self._new_mode = False
        self._select_in_table(prisoner_id)
        row = self._row(prisoner_id)
        if self._page is None or self._page.prisoner.id != prisoner_id:
            # Until the page arrives the form would still hold the previous prisoner.
            self.tabs.setEnabled(False)
            if row is not None:
                self._show_header_from_row(row)
        self._show_detail(True)
        self._set_tabs_enabled(True)
        self._load_page(prisoner_id)

    def _load_page(self, prisoner_id: str) -> None:
        self._request += 1
        token = self._request

        def loaded(result: tuple[PrisonerPage, int]) -> None:
            page, self._default_interval = result
            if token == self._request and prisoner_id == self._shown_id:
                self._show_page(page)

        def failed(error: Exception) -> None:
            if token != self._request or prisoner_id != self._shown_id:
                return
            self.tabs.setEnabled(True)
            if isinstance(error, NotFound):
                self._shown_id = None
                self._page = None
                self._show_detail(False)
            else:
                self.worker.failed.emit(str(error))

        self.worker.submit(lambda store: (prisoner_page(store, prisoner_id),
                                          store.settings().contact_interval_days),
                           on_done=if_alive(self, loaded), on_error=if_alive(self, failed))

    def _show_page(self, page: PrisonerPage) -> None:
        same = self._page is not None and self._page.prisoner.id == page.prisoner.id
        self._page = page
        self.tabs.setEnabled(True)
        if not (same and self.profile.is_dirty()) and not self._saving:
            self.profile.load(page.prisoner)
        self._show_header(page)
        self.custody.set_timeline(page.timeline)
        self.correspondence.set_items(page.thread)
        if not same:
            self.correspondence.scroll_to_latest()
        self._update_tab_titles()

    def _show_header(self, page: PrisonerPage) -> None:
        prisoner = page.prisoner
        self.title.setText(prisoner.full_name)
        self.subtitle.setText(self._subtitle(prisoner.latin_name, prisoner.birth_year,
                                             prisoner.status))
        self.place.setText(self._place_text(page))
        text, late = contact_summary(page, self._default_interval, self.today())
        self.contact.setText(text)
        self.contact.setStyleSheet("color: #9a5b00; font-weight: 600;" if late else "")
        self._dim(self.subtitle)

    def _show_header_from_row(self, row: PrisonerRow) -> None:
        self.title.setText(row.full_name)
        self.subtitle.setText(self._subtitle(row.latin_name, None, row.status))
        self.place.setText("")
        self.contact.setText("")

    @staticmethod
    def _subtitle(latin: str | None, birth_year: int | None, status: str) -> str:
        parts = [latin] if latin else []
        if birth_year:
            parts.append(_("born {year}").format(year=birth_year))
        parts.append(enum_label(status, PrisonerStatus))
        return " · ".join(parts)

    @staticmethod
    def _place_text(page: PrisonerPage) -> str:
        current = page.current
        if current is None:
            return _("No custody record yet")
        since = format_partial_date(current.start, in_phrase=True) if current.start else None
        if current.place is Place.FREE:
            return (_("Free since {date}").format(date=since)
                    if current.start else _("Free"))
        if current.place is Place.IN_TRANSIT:
            return (_("In transit (etap) since {date}").format(date=since) if since
                    else _("In transit (etap), whereabouts unknown"))
        facility = current.facility_name or _("an unknown facility")
        return (_("Now at {facility}, since {date}").format(facility=facility, date=since)
                if since else _("Now at {facility}").format(facility=facility))

    def _cancel_new(self) -> None:
        """Leave the new-prisoner form (the Cancel button) for the prisoner shown before."""
        if not self._new_mode:
            return
        self._new_mode = False
        self.profile.load(None)
        previous = self._before_new
        if previous and self._row(previous) is not None:
            self._open(previous)
        else:
            self._show_detail(False)
        self._update_list_state()

    def _start_new(self) -> None:
        if not self._new_mode:
            self._before_new = self._shown_id
        self._new_mode = True
        self._shown_id = None
        self._page = None
        self._request += 1
        self._select_in_table(None)
        self.profile.load(None)
        self.title.setText(_("New prisoner"))
        self.subtitle.setText(_("Fill in the profile and save it (Ctrl+S); custody and "
                                "letters can be added then."))
        self.place.setText("")
        self.contact.setText("")
        self._show_detail(True)
        self.tabs.setEnabled(True)
        self._set_tabs_enabled(False)
        self.tabs.setCurrentIndex(self.PROFILE)
        self.custody.set_timeline([])
        self.correspondence.set_items([])
        self._update_tab_titles()
        self._update_list_state()
        self.profile.full_name.setFocus()

    def _saved(self, record: Prisoner, then: Callable[[], None] | None) -> None:
        self._saving = False
        self.profile.set_busy(False)
        self.profile.mark_saved(record)
        created = self._new_mode
        self._new_mode = False
        self._shown_id = record.id
        if created:
            self._set_tabs_enabled(True)
            self.title.setText(record.full_name)
            self.subtitle.setText(self._subtitle(record.latin_name, record.birth_year,
                                                 record.status))
        self._update_tab_titles()
        if then is not None:
            then()

    def _save_failed(self, error: Exception) -> None:
        self._saving = False
        self.profile.set_busy(False)
        if isinstance(error, InvalidInput):
            self.profile.show_problems(error.problems)
        elif isinstance(error, StoreError):
            self.profile.show_problems([("record", str(error))])
        else:
            self.profile.show_problems([("record", _("The profile could not be saved: {error}")
                                         .format(error=error))])
        self.tabs.setCurrentIndex(self.PROFILE)

    def _deleted(self, neighbour: str | None) -> None:
        self._shown_id = None
        self._page = None
        self.profile.load(None)
        self._show_detail(False)
        if neighbour:
            self._open(neighbour)

    def _delete_failed(self, name: str, error: Exception) -> None:
        if isinstance(error, DeleteRefused):
            self._refuse_delete(name, str(error))
        else:
            QMessageBox.warning(self, _("Delete prisoner"), str(error))

    def _refuse_delete(self, name: str, reason: str) -> None:
        QMessageBox.warning(self, _("Cannot delete prisoner"),
                            _("“{name}” cannot be deleted.").format(name=name) + "\n\n"
                            + reason)

    def _open_dialog(self, dialog: QDialog) -> None:
        """Show a dialog window-modally without blocking (tests drive it through
        `active_dialog`)."""
        self.active_dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.finished.connect(lambda _code: self._dialog_closed(dialog))
        dialog.open()

    def _dialog_closed(self, dialog: QDialog) -> None:
        if self.active_dialog is dialog:
            self.active_dialog = None

    # --- look -----------------------------------------------------------------------------

    def _detail_visible(self) -> bool:
        return self.detail_stack.currentWidget() is self._detail

    def _show_detail(self, visible: bool) -> None:
        self.detail_stack.setCurrentWidget(self._detail if visible else self.no_selection)

    def _set_tabs_enabled(self, enabled: bool) -> None:
        self.tabs.setTabEnabled(self.CUSTODY, enabled)
        self.tabs.setTabEnabled(self.CORRESPONDENCE, enabled)

    def _update_tab_titles(self, *_args) -> None:
        profile = _("Profile")
        self.tabs.setTabText(self.PROFILE, f"{profile} *" if self.profile.is_dirty()
                             else profile)
        if self._page is not None and not self._new_mode:
            stays = sum(1 for row in self._page.timeline if row.stay_id)
            self.tabs.setTabText(self.CUSTODY, _("Custody ({count})").format(count=stays))
            self.tabs.setTabText(self.CORRESPONDENCE, _("Correspondence ({count})").format(
                count=len(self._page.thread)))
        else:
            self.tabs.setTabText(self.CUSTODY, _("Custody"))
            self.tabs.setTabText(self.CORRESPONDENCE, _("Correspondence"))

    def _dim(self, label: QLabel) -> None:
        palette = label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, muted(self.palette()))
        label.setPalette(palette)

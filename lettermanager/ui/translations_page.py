"""The Translations page: the queue, filterable by state and target language.

Most urgent first (priority, due date, age). The buttons above the list claim, release, send
for review, finish or close the selected translation under the user's name; "Translate…"
(Enter, double-click) opens the side-by-side editor; "Open letter" opens its letter. Several
rows can be chosen for an offline batch (Export batch… / Import batch…).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QStackedWidget,
    QStyle,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ..domain.enums import TranslationStatus
from ..i18n import _, ngettext
from ..i18n.formatting import format_number
from ..store.models import Translation
from ..store.translations_list import (
    OPEN_STATUSES,
    TranslationRow,
    target_languages,
    translation_rows,
)
from .display import enum_label, format_partial_date, language_name, language_pair
from .empty_state import EmptyState
from .guards import if_alive, is_alive
from .row_table import ROW_ROLE, Column, RowTableModel, fit_section, setup_table, sorting_proxy
from .translation_batch import export_batch_dialog, import_batch_dialog
from .translation_editor import TranslationEditor
from .translation_work import (
    CLAIM,
    DONE,
    NOT_NEEDED,
    RELEASE,
    REVIEW,
    action_tips,
    action_titles,
    enabled_actions,
    format_timestamp,
    submit_action,
)
from .who_am_i import WhoAmI
from .worker import DatabaseWorker

OPEN = "open"  # the status filter's "still to do" choice


def translation_columns() -> list[Column]:
    return [
        Column(_("Letter"), lambda r: r.letter_title or _("(untitled letter)")),
        Column(_("Prisoner"), lambda r: r.prisoner_name),
        Column(_("Languages"), lambda r: language_pair(r.source_language, r.target_language)),
        Column(_("Status"), lambda r: enum_label(r.status, TranslationStatus),
               sort=lambda r: list(TranslationStatus).index(TranslationStatus(r.status))),
        Column(_("Translator"), lambda r: r.translator or ""),
        Column(_("Priority"), lambda r: str(r.priority), sort=lambda r: r.priority,
               align_right=True),
        Column(_("Due"), lambda r: format_partial_date(r.due_on, short=True),
               sort=lambda r: r.due_on or "9999"),
        Column(_("Claimed since"), claimed_since, sort=lambda r: claimed_since_sort(r)),
    ]


def claimed_since(row: TranslationRow) -> str:
    if row.status != TranslationStatus.IN_PROGRESS or not row.claimed_at:
        return ""
    return format_timestamp(row.claimed_at)


def claimed_since_sort(row: TranslationRow) -> str:
    return row.claimed_at or "" if row.status == TranslationStatus.IN_PROGRESS else ""


class TranslationsPage(QWidget):
    open_prisoner = Signal(str)
    open_letter = Signal(str)

    def __init__(self, worker: DatabaseWorker, parent: QWidget | None = None):
        super().__init__(parent)
        self.worker = worker
        self._loaded = False
        self._any = False  # whether any translation exists, whatever the filters

        self.filter = QLineEdit()
        self.filter.setPlaceholderText(_("Filter by letter, prisoner or translator…"))
        self.filter.setClearButtonEnabled(True)
        self.status = QComboBox()
        self.status.addItem(_("All states"), None)
        self.status.addItem(_("Still to do"), OPEN)
        for status in TranslationStatus:
            self.status.addItem(enum_label(status), status.value)
        self.language = QComboBox()
        self.language.addItem(_("Any language"), None)
        self.language.setMinimumContentsLength(12)
        self.count_label = QLabel()
        status_label = QLabel(_("S&tate:"))
        status_label.setBuddy(self.status)
        language_label = QLabel(_("&Into:"))
        language_label.setBuddy(self.language)
        toolbar = QHBoxLayout()
        toolbar.setSpacing(8)
        toolbar.addWidget(self.filter, 1)
        toolbar.addSpacing(8)
        toolbar.addWidget(status_label)
        toolbar.addWidget(self.status)
        toolbar.addSpacing(8)
        toolbar.addWidget(language_label)
        toolbar.addWidget(self.language)
        toolbar.addSpacing(8)
        toolbar.addWidget(self.count_label)

        self.who = WhoAmI(worker, self)
        self.me: str | None = None  # the user's name, once known
        self.editors: list[TranslationEditor] = []
        self.batch_dialog = None  # the open batch import report, if any
        self.batch_import = None
        # A tool bar, not a row of buttons: on a narrow window the rest folds into its »
        # menu instead of widening the page. The same actions are on the rows' context menu.
        self.actions_bar = QToolBar()
        self.actions_bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.actions_bar.setIconSize(QSize(1, 1))
        self.translate_button = self._action(
            _("&Translate…"), _("Open the original and the translation side by side (Enter)"),
            self.translate_selected)
        self.action_buttons: dict[str, QAction] = {}
        titles, tips = action_titles(), action_tips()
        for action in (CLAIM, RELEASE, REVIEW, DONE, NOT_NEEDED):
            self.action_buttons[action] = self._action(
                titles[action], tips[action], lambda _checked=False, a=action: self.run(a))
        self.open_letter_button = self._action(_("Open &letter"), _("Open the letter itself"),
                                               self._open_selected_letter)
        self.actions_bar.addSeparator()
        self.export_button = self._action(
            _("E&xport batch…"), _("Save the chosen translations with their originals to one "
                                   "file, for a translator who works offline"),
            self.export_batch)
        self.import_button = self._action(
            _("I&mport batch…"), _("Bring back a batch a translator has worked on"),
            self.import_batch)
        self.actions_bar.addSeparator()
        self.name_action = self._action(_("Your &name…"), _("The name your claims are marked "
                                                            "with"), self.change_name)

        self.model = RowTableModel(translation_columns(), self)
        self.proxy = sorting_proxy(self.model, self)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        setup_table(self.table)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setToolTip(_("Double-click a translation to translate it side by side"))
        self.table.sortByColumn(5, Qt.SortOrder.DescendingOrder)
        for column, width in enumerate((260, 200, 170, 100, 130, 70, 90)):
            fit_section(self.table, column, width)
        self.table.activated.connect(self._open_row)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.table.addActions([a for a in self.actions_bar.actions() if a is not self.name_action])
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.table.selectionModel().currentChanged.connect(lambda *_: self._update_actions())

        self.empty = EmptyState(
            _("No translations yet"),
            hint=_("An outgoing letter in a language its facility does not accept comes here "
                   "by itself when it is saved; any letter can be added from the Translations "
                   "tab of its editor. Each waits here until someone claims it."),
            icon=QStyle.StandardPixmap.SP_FileDialogInfoView,
        )
        self.no_match = EmptyState(_("No translation matches the filter"),
                                   icon=QStyle.StandardPixmap.SP_FileDialogContentsView)
        self.no_match.add_action(_("Show all translations"), self.clear_filters)
        self.stack = QStackedWidget()
        for widget in (self.table, self.empty, self.no_match):
            self.stack.addWidget(widget)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(8)
        layout.addLayout(toolbar)
        layout.addWidget(self.actions_bar)
        layout.addWidget(self.stack, 1)

        self.filter.textChanged.connect(self._on_text_filter)
        self.status.currentIndexChanged.connect(self.refresh)
        self.language.currentIndexChanged.connect(self.refresh)
        worker.data_changed.connect(if_alive(self, self.refresh))
        self.refresh()

    # --- the page contract -------------------------------------------------------------------

    def refresh(self) -> None:
        chosen = self.status.currentData()
        statuses = OPEN_STATUSES if chosen == OPEN else ([chosen] if chosen else None)
        language = self.language.currentData()

        def load(store):
            return (translation_rows(store, statuses=statuses, target_language=language),
                    target_languages(store), bool(store.counts()["translation"]),
                    store.settings().user_name.strip())

        self.worker.submit(load, on_done=if_alive(self, self._show))

    def focus_filter(self) -> None:
        self.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter.selectAll()

    def delete_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        answer = QMessageBox.question(
            self, _("Delete translation"),
            _("Delete the {language} translation of “{letter}”?\n\nIts text will be lost. "
              "This cannot be undone.").format(
                language=language_name(row.target_language),
                letter=row.letter_title or _("(untitled letter)")),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            translation_id = row.id
            self.worker.submit(lambda store: store.delete(Translation, translation_id),
                               writes=True)

    def save_state(self, settings: QSettings) -> None:
        settings.setValue("translations/header", self.table.horizontalHeader().saveState())

    def restore_state(self, settings: QSettings) -> None:
        header = settings.value("translations/header")
        if header:
            self.table.horizontalHeader().restoreState(header)

    # --- the rest ------------------------------------------------------------------------------

    def selected_row(self) -> TranslationRow | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(
                index.row(), QModelIndex()):
            rows = self.selected_rows()
            return rows[0] if rows else None
        return index.data(ROW_ROLE)

    def selected_rows(self) -> list[TranslationRow]:
        """The chosen rows, in the order shown."""
        indexes = sorted(self.table.selectionModel().selectedRows(), key=lambda i: i.row())
        return [index.data(ROW_ROLE) for index in indexes]

    def select_ids(self, ids: list[str]) -> None:
        """Choose these translations (tests, and keeping a selection across reloads)."""
        selection = self.table.selectionModel()
        selection.clearSelection()
        first = True
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(ROW_ROLE).id in ids:
                flags = (selection.SelectionFlag.Select | selection.SelectionFlag.Rows)
                if first:
                    selection.setCurrentIndex(index, flags)
                    first = False
                else:
                    selection.select(index, flags)

    def _action(self, text: str, tip: str, slot) -> QAction:
        action = QAction(text, self)
        action.setIconText(text.replace("&", ""))  # keep the "…" of actions that ask more
        action.setToolTip(tip.replace("&", ""))
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.actions_bar.addAction(action)
        return action

    # --- the workflow ----------------------------------------------------------------------

    def run(self, action: str) -> None:
        """Claim, release, review, finish or close the selected translation as the user."""
        row = self.selected_row()
        if row is None:
            return
        translation_id = row.id

        def as_me(name: str) -> None:
            self.me = name
            submit_action(self.worker, self, action, translation_id, name)

        self.who.then(as_me)

    def translate_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        for editor in self.editors:
            if editor.translation_id == row.id and editor.isVisible():
                editor.raise_()
                editor.activateWindow()
                return
        translation_id = row.id

        def open_as(name: str) -> None:
            self.me = name
            editor = TranslationEditor(self.worker, translation_id, name, parent=self.window())
            editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
            editor.open_letter.connect(self.open_letter)
            editor.destroyed.connect(lambda *_: self._forget_editor(editor))
            self.editors.append(editor)
            editor.show()

        self.who.then(open_as)

    def request_leave(self, proceed: Callable[[], None]) -> bool:
        """Before the window closes: each open translation editor saves its text and closes.
        False while one is still saving; `proceed()` runs once all have closed."""
        open_editors = [e for e in self.editors if is_alive(e) and e.isVisible()]
        for editor in open_editors:
            editor.close()
        waiting = [e for e in open_editors if is_alive(e) and e.isVisible()]
        if not waiting:
            return True
        for editor in waiting:
            editor.closed_after_save.connect(lambda: self._proceed_when_closed(proceed))
        return False

    def _proceed_when_closed(self, proceed: Callable[[], None]) -> None:
        if not any(is_alive(e) and e.isVisible() for e in self.editors):
            proceed()

    def change_name(self) -> None:
        name = self.who.ask(self.me or "")
        if name:
            self.me = name
            self._update_actions()

    def _forget_editor(self, editor: TranslationEditor) -> None:
        if editor in self.editors:
            self.editors.remove(editor)

    def export_batch(self) -> None:
        rows = self.selected_rows()
        if not rows:
            QMessageBox.information(self, _("Export batch"), _(
                "Choose the translations to export first (Ctrl+click or Shift+click to choose "
                "several)."))
            return
        export_batch_dialog(self.worker, self, rows, self.me)

    def import_batch(self) -> None:
        import_batch_dialog(self.worker, self)

    def _open_selected_letter(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.open_letter.emit(row.letter_id)

    def _update_actions(self) -> None:
        row = self.selected_row()
        allowed = enabled_actions(row.status, row.translator, self.me) if row else set()
        for action, button in self.action_buttons.items():
            button.setEnabled(action in allowed)
        self.translate_button.setEnabled(row is not None)
        self.open_letter_button.setEnabled(row is not None)
        self.export_button.setEnabled(bool(self.selected_rows()))
        self.name_action.setText(_("You: {name}…").format(name=self.me) if self.me
                                 else _("Your &name…"))
        self.name_action.setIconText(self.name_action.text().replace("&", ""))

    def clear_filters(self) -> None:
        self.filter.clear()
        self.status.setCurrentIndex(0)
        self.language.setCurrentIndex(0)

    def _show(self, result: tuple[list[TranslationRow], list[str], bool, str]) -> None:
        rows, languages, any_at_all, me = result
        selected = [row.id for row in self.selected_rows()]
        self.me = me or self.me
        self.model.set_rows(rows)
        self._fill_languages(languages)
        self._loaded = True
        self._any = any_at_all
        if selected:
            self.select_ids(selected)
        self._update_state()
        self._update_actions()

    def _fill_languages(self, languages: list[str]) -> None:
        chosen = self.language.currentData()
        self.language.blockSignals(True)
        try:
            while self.language.count() > 1:
                self.language.removeItem(1)
            for code in languages:
                self.language.addItem(language_name(code), code)
            index = self.language.findData(chosen) if chosen else 0
            self.language.setCurrentIndex(max(index, 0))
        finally:
            self.language.blockSignals(False)

    def _on_text_filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self._update_state()

    def _update_state(self) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        if not self._loaded:
            return
        if not self._any:
            self.stack.setCurrentWidget(self.empty)
        elif shown == 0:
            self.stack.setCurrentWidget(self.no_match)
        else:
            self.stack.setCurrentWidget(self.table)
        if shown == total:
            self.count_label.setText(ngettext("{n} translation", "{n} translations", total)
                                     .format(n=format_number(total)))
        else:
            self.count_label.setText(_("{shown} of {total}").format(
                shown=format_number(shown), total=format_number(total)))

    def _open_row(self, index: QModelIndex) -> None:
        if index.isValid():
            self.translate_selected()

"""The main window: a sidebar of pages, the menus, and the status bar.

Every page follows one contract: `Page(worker, parent=None)` with `refresh()`,
`focus_filter()`, `delete_selected()`, `save_state(settings)`, `restore_state(settings)` and
the signals `open_prisoner(str)` and `open_letter(str)`, which this window routes. A page with
unsaved edits may also offer `request_leave(proceed) -> bool` (see FacilitiesPage); the window
asks it before closing.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from .. import __version__
from ..i18n import _, ngettext
from ..i18n.formatting import format_number
from ..paths import DataPaths
from .correspondent_card import CorrespondentCard
from .exchange_flow import ExchangeFlow
from .facilities_page import FacilitiesPage
from .guards import if_alive, is_alive
from .icons import app_icon, icon
from .letter_editor import LetterEditor
from .letters_view import LettersPage
from .overview_page import OverviewPage
from .prisoners_view import PrisonersPage
from .safety_menu import SafetyActions
from .search_toolbar import install_search_toolbar
from .settings_dialog import SettingsDialog
from .translations_page import TranslationsPage
from .worker import DatabaseWorker

OVERVIEW, PRISONERS, LETTERS, TRANSLATIONS, FACILITIES = range(5)
BUSY_DELAY_MS = 300  # short operations never flash the busy indicator
STATE_VERSION = 1

SIDEBAR_STYLE = """
QListWidget#Sidebar {
    border: none;
    background: palette(base);
    outline: 0;
}
QListWidget#Sidebar::item {
    padding: 7px 8px;
    margin: 1px 6px;
    border-radius: 5px;
}
QListWidget#Sidebar::item:selected {
    background: palette(highlight);
    color: palette(highlighted-text);
}
QListWidget#Sidebar::item:hover:!selected {
    background: palette(alternate-base);
}
"""


class MainWindow(QMainWindow):
    def __init__(self, worker: DatabaseWorker, paths: DataPaths, parent: QWidget | None = None):
        super().__init__(parent)
        self.worker = worker
        self.paths = paths
        self.editors: dict[str, QWidget] = {}  # open letter editors by letter id
        self._new_editors: list[QWidget] = []
        self.setWindowTitle("LetterManager")
        self.setWindowIcon(app_icon())

        self.pages: list[QWidget] = [
            OverviewPage(worker),
            PrisonersPage(worker),
            LettersPage(worker),
            TranslationsPage(worker),
            FacilitiesPage(worker),
        ]
        self.page_titles = [_("Overview"), _("Prisoners"), _("Letters"), _("Translations"),
                            _("Facilities")]
        icons = ["nav-overview", "nav-prisoners", "nav-letters", "nav-translations",
                 "nav-facilities"]

        self.stack = QStackedWidget()
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("Sidebar")
        self.sidebar.setStyleSheet(SIDEBAR_STYLE)
        self.sidebar.setIconSize(QSize(22, 22))
        self.sidebar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Wide enough for the longest page name in the interface language ("Établissements").
        sidebar_width = max(130, 60 + max(self.sidebar.fontMetrics().horizontalAdvance(title)
                                          for title in self.page_titles))
        self.sidebar.setMinimumWidth(sidebar_width)
        for number, (page, title, icon_name) in enumerate(
                zip(self.pages, self.page_titles, icons, strict=True)):
            self.stack.addWidget(page)
            item = QListWidgetItem(icon(icon_name), title)
            shortcut = QKeySequence(f"Ctrl+{number + 1}").toString(
                QKeySequence.SequenceFormat.NativeText)
            item.setToolTip(f"{title} ({shortcut})")
            item.setSizeHint(QSize(0, 38))
            self.sidebar.addItem(item)
            page.open_prisoner.connect(self.show_prisoner)
            page.open_letter.connect(self.open_letter)
        self.overview.new_letter_requested.connect(self.new_letter)
        self.letters.new_letter.connect(self.new_letter)  # its empty state's button
        self.overview.import_requested.connect(lambda: self.exchange.import_())
        self.overview.open_translations.connect(lambda: self.show_page(TRANSLATIONS))

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([sidebar_width + 20, 1200])
        self.setCentralWidget(self.splitter)

        self.exchange = ExchangeFlow(worker, self, paths)
        self.exchange.finished.connect(lambda message: self.statusBar().showMessage(message,
                                                                                     8000))
        self.search_box = install_search_toolbar(self, worker)
        self.search_box.open_letter.connect(self.open_letter)
        self.search_box.open_prisoner.connect(self.show_prisoner)
        self.search_box.open_facility.connect(self.show_facility)
        self.search_box.open_correspondent.connect(self.show_correspondent)
        self._build_menus()
        self._build_status_bar()

        self.sidebar.currentRowChanged.connect(self._on_page_chosen)
        self.sidebar.setCurrentRow(OVERVIEW)

        worker.failed.connect(if_alive(self, self.show_failure))
        worker.data_changed.connect(if_alive(self, self.refresh_counts))
        worker.busy.connect(if_alive(self, self._on_busy))
        self.resize(1280, 760)
        self.restore_state()
        self.refresh_counts()

    # --- pages ---------------------------------------------------------------------------------

    @property
    def overview(self) -> OverviewPage:
        return self.pages[OVERVIEW]  # type: ignore[return-value]

    @property
    def prisoners(self) -> PrisonersPage:
        return self.pages[PRISONERS]  # type: ignore[return-value]

    @property
    def letters(self) -> LettersPage:
        return self.pages[LETTERS]  # type: ignore[return-value]

    @property
    def translations(self) -> TranslationsPage:
        return self.pages[TRANSLATIONS]  # type: ignore[return-value]

    @property
    def facilities(self) -> FacilitiesPage:
        return self.pages[FACILITIES]  # type: ignore[return-value]

    def current_page(self) -> QWidget:
        return self.stack.currentWidget()

    def current_index(self) -> int:
        return self.stack.currentIndex()

    def show_page(self, index: int) -> None:
        self.sidebar.setCurrentRow(index)

    def _on_page_chosen(self, index: int) -> None:
        if index < 0:
            return
        self.stack.setCurrentIndex(index)
        self.page_actions[index].setChecked(True)

    # --- routing -------------------------------------------------------------------------------

    def show_prisoner(self, prisoner_id: str) -> None:
        self.show_page(PRISONERS)
        self.prisoners.show_prisoner(prisoner_id)

    def show_facility(self, facility_id: str) -> None:
        self.show_page(FACILITIES)
        self.facilities.show_facility(facility_id)

    def show_correspondent(self, correspondent_id: str) -> None:
        card = CorrespondentCard(self.worker, correspondent_id, self)
        card.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        card.open_letter.connect(self.open_letter)
        card.show()

    def open_letter(self, letter_id: str) -> None:
        editor = self.editors.get(letter_id)
        if editor is not None and is_alive(editor):
            editor.show()
            editor.raise_()
            editor.activateWindow()
            return
        editor = LetterEditor(self.worker, letter_id=letter_id, parent=self)
        self._track_editor(editor, letter_id)
        editor.show()

    def new_letter(self) -> None:
        prisoner_id = None
        if self.current_index() == PRISONERS:
            prisoner_id = self.prisoners.selected_prisoner_id()
        editor = LetterEditor(self.worker, prisoner_id=prisoner_id, parent=self)
        self._track_editor(editor, None)
        editor.show()

    def new_prisoner(self) -> None:
        self.show_page(PRISONERS)
        self.prisoners.new_prisoner()

    def _track_editor(self, editor: QWidget, letter_id: str | None) -> None:
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        editor.open_letter_requested.connect(self.open_letter)
        if letter_id is not None:
            self.editors[letter_id] = editor
            editor.destroyed.connect(lambda *_: self.editors.pop(letter_id, None))
        else:
            self._new_editors.append(editor)
            editor.destroyed.connect(lambda *_: self._forget_new_editor(editor))

    def _forget_new_editor(self, editor: QWidget) -> None:
        self._new_editors = [e for e in self._new_editors if e is not editor]

    def open_editors(self) -> list[QWidget]:
        return [e for e in [*self.editors.values(), *self._new_editors] if is_alive(e)]

    # --- menus ---------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        bar = self.menuBar()

        file_menu = bar.addMenu(_("&File"))
        self.new_letter_action = self._action(
            _("&New letter…"), self.new_letter, QKeySequence.StandardKey.New)
        self.new_prisoner_action = self._action(
            _("New &prisoner"), self.new_prisoner, QKeySequence("Ctrl+Shift+N"))
        self.export_action = self._action(_("&Export…"), self.exchange.export,
                                          QKeySequence("Ctrl+E"))
        self.import_action = self._action(_("&Import…"), self.exchange.import_,
                                          QKeySequence("Ctrl+I"))
        self.quit_action = self._action(_("&Quit"), self.close, QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        for action in (self.new_letter_action, self.new_prisoner_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.export_action)
        file_menu.addAction(self.import_action)
        file_menu.addSeparator()
        self.safety = SafetyActions(self, self.worker, self.paths)
        self.safety.add_to(file_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        edit_menu = bar.addMenu(_("&Edit"))
        self.find_action = self._action(_("&Find"), self.search_box.focus_search,
                                        QKeySequence.StandardKey.Find)
        self.filter_action = self._action(_("F&ilter this page"), self.focus_filter,
                                          QKeySequence("Ctrl+Shift+F"))
        # The Del key is a separate shortcut so that it can leave form fields alone; the
        # menu shows it after the tab.
        delete_key = QKeySequence(Qt.Key.Key_Delete).toString(
            QKeySequence.SequenceFormat.NativeText)
        self.delete_action = self._action(_("&Delete…") + "\t" + delete_key,
                                          self.delete_selected)
        self.delete_shortcut = QShortcut(QKeySequence(Qt.Key.Key_Delete), self)
        self.delete_shortcut.activated.connect(self._delete_key)
        edit_menu.addAction(self.find_action)
        edit_menu.addAction(self.filter_action)
        edit_menu.addAction(self.delete_action)
        edit_menu.addSeparator()
        self.settings_action = self._action(_("&Settings…"), self.show_settings)
        keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences)
        self.settings_action.setShortcuts(keys + [QKeySequence("Ctrl+,")]
                                          if QKeySequence("Ctrl+,") not in keys else keys)
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        edit_menu.addAction(self.settings_action)

        view_menu = bar.addMenu(_("&View"))
        group = QActionGroup(self)
        group.setExclusive(True)
        self.page_actions: list[QAction] = []
        for number, title in enumerate(self.page_titles):
            action = self._action(title, lambda _checked=False, n=number: self.show_page(n),
                                  QKeySequence(f"Ctrl+{number + 1}"))
            action.setCheckable(True)
            group.addAction(action)
            view_menu.addAction(action)
            self.page_actions.append(action)

        help_menu = bar.addMenu(_("&Help"))
        self.about_action = self._action(_("&About LetterManager"), self.show_about,
                                         QKeySequence(Qt.Key.Key_F1))
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        help_menu.addAction(self.about_action)

    def _action(self, text: str, slot: Callable, shortcut: QKeySequence | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)  # shortcuts work even while the menu bar is hidden
        return action

    def focus_filter(self) -> None:
        self.current_page().focus_filter()

    def delete_selected(self) -> None:
        self.current_page().delete_selected()

    def _delete_key(self) -> None:
        # Text fields take Del themselves; a combo box or spin box must not delete a record.
        if isinstance(QApplication.focusWidget(), (QComboBox, QAbstractSpinBox)):
            return
        self.delete_selected()

    def about_text(self) -> str:
        return (
            f"<h3>LetterManager {html.escape(__version__)}</h3>"
            "<p>" + html.escape(_(
                "Keeps the record of letters to and from political prisoners: who is held "
                "where and since when, what was sent and received, what the censor did, which "
                "letters wait for translation and which still wait for a reply. Everything "
                "stays on this computer.")) + "</p>"
            "<p>" + html.escape(_("Version: {version}").format(version=__version__))
            + "<br>" + html.escape(_("Data folder: {path}").format(path=self.paths.root))
            + "<br>" + html.escape(_("Database: {path}").format(path=self.paths.database))
            + "</p>"
        )

    def show_settings(self) -> None:
        self.settings_dialog = SettingsDialog(self.worker, self)
        self.settings_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.settings_dialog.open()

    def show_about(self) -> None:
        QMessageBox.about(self, _("About LetterManager"), self.about_text())

    # --- status bar ----------------------------------------------------------------------------

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.counts_label = QLabel()
        self.counts_label.setToolTip(_("Database: {path}").format(path=self.paths.database))
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)  # an endless "working" bar
        self.busy_bar.setMaximumWidth(120)
        self.busy_bar.setMaximumHeight(14)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setToolTip(_("Working…"))
        self.busy_bar.hide()
        status.addPermanentWidget(self.busy_bar)
        status.addPermanentWidget(self.counts_label)
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.setInterval(BUSY_DELAY_MS)
        self._busy_timer.timeout.connect(self.busy_bar.show)

    def refresh_counts(self) -> None:
        self.worker.submit(lambda store: store.counts(),
                           on_done=if_alive(self, self._show_counts))

    def _show_counts(self, counts: dict[str, int]) -> None:
        prisoners, letters = counts.get("prisoner", 0), counts.get("letter", 0)
        facilities, translations = counts.get("facility", 0), counts.get("translation", 0)
        self.counts_label.setText("  ·  ".join([
            ngettext("{n} prisoner", "{n} prisoners", prisoners).format(n=format_number(prisoners)),
            ngettext("{n} letter", "{n} letters", letters).format(n=format_number(letters)),
            ngettext("{n} facility", "{n} facilities", facilities).format(
                n=format_number(facilities)),
            ngettext("{n} translation", "{n} translations", translations).format(
                n=format_number(translations)),
        ]))

    def _on_busy(self, busy: bool) -> None:
        if busy:
            self._busy_timer.start()
        else:
            self._busy_timer.stop()
            self.busy_bar.hide()

    def is_busy_shown(self) -> bool:
        return not self.busy_bar.isHidden()

    # --- failures ------------------------------------------------------------------------------

    def show_failure(self, message: str) -> None:
        text = message[:1].upper() + message[1:] if message else _("An unknown error occurred.")
        QMessageBox.warning(self, _("The operation failed"), text)

    # --- state ---------------------------------------------------------------------------------

    def settings(self) -> QSettings:
        return QSettings(str(self.paths.window_state), QSettings.Format.IniFormat)

    def save_state(self) -> None:
        settings = self.settings()
        settings.setValue("main/version", STATE_VERSION)
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/state", self.saveState(STATE_VERSION))
        settings.setValue("main/splitter", self.splitter.saveState())
        settings.setValue("main/page", self.current_index())
        for page in self.pages:
            page.save_state(settings)
        settings.sync()

    def restore_state(self) -> None:
        settings = self.settings()
        geometry = settings.value("main/geometry")
        if geometry:
            self.restoreGeometry(geometry)
        else:
            self._default_geometry()
        state = settings.value("main/state")
        if state:
            self.restoreState(state, STATE_VERSION)
        splitter = settings.value("main/splitter")
        if splitter:
            self.splitter.restoreState(splitter)
        try:
            page = int(settings.value("main/page", OVERVIEW))
        except (TypeError, ValueError):
            page = OVERVIEW
        self.show_page(page if 0 <= page < len(self.pages) else OVERVIEW)
        for each in self.pages:
            each.restore_state(settings)

    def _default_geometry(self) -> None:
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None:
            return
        available = screen.availableGeometry()
        width = min(1280, int(available.width() * 0.92))
        height = min(800, int(available.height() * 0.9))
        self.resize(width, height)
        frame = self.frameGeometry()
        frame.moveCenter(available.center())
        self.move(frame.topLeft())

    # --- closing -------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        for editor in self.open_editors():
            editor.close()  # each editor asks about its own unsaved changes
            if is_alive(editor) and editor.isVisible():
                event.ignore()
                return
        for page in self.pages:
            request_leave = getattr(page, "request_leave", None)
            if callable(request_leave) and not request_leave(self.close):
                self.show_page(self.pages.index(page))
                event.ignore()
                return
        self.save_state()
        event.accept()



"""The main window: pages, menus and shortcuts, state across runs, failures, import/export."""

import json

import pytest
from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from lettermanager import __version__
from lettermanager.paths import DataPaths
from lettermanager.store.database import Database
from lettermanager.store.models import Facility
from lettermanager.store.service import Store
from lettermanager.ui import main_window as main_window_module
from lettermanager.ui.facilities_page import FacilitiesPage
from lettermanager.ui.letters_view import LettersPage
from lettermanager.ui.main_window import (
    FACILITIES,
    LETTERS,
    OVERVIEW,
    PRISONERS,
    TRANSLATIONS,
    MainWindow,
)
from lettermanager.ui.overview_page import OverviewPage
from lettermanager.ui.prisoners_view import PrisonersPage
from lettermanager.ui.translations_page import TranslationsPage
from lettermanager.ui.worker import DatabaseWorker

KAGARLITSKY = "72c787ca-3846-55fc-bd24-3dcad7826a3d"
STATEMENT = "f8f45f7b-ba4f-5f06-adbe-8be56c7aac6c"  # his letter of 2024-11-14


def settle(worker, rounds=8):
    for _ in range(rounds):
        worker.call(lambda store: None)
        QApplication.processEvents()


class FakeEditor(QWidget):
    """Stands in for the letter editor: records how the window opened it."""

    opened: list["FakeEditor"] = []
    open_letter_requested = Signal(str)

    def __init__(self, worker, letter_id=None, prisoner_id=None, parent=None):
        super().__init__(parent, Qt.WindowType.Window)
        self.letter_id = letter_id
        self.prisoner_id = prisoner_id
        FakeEditor.opened.append(self)


class Dialogs:
    """Replaces QMessageBox's blocking static dialogs; records what they would show."""

    def __init__(self, monkeypatch):
        self.shown: list[tuple[str, str, str]] = []
        self.answer = QMessageBox.StandardButton.Yes
        for kind in ("warning", "information", "critical"):
            monkeypatch.setattr(QMessageBox, kind, self._recorder(kind))
        monkeypatch.setattr(QMessageBox, "question", self._question)
        monkeypatch.setattr(QMessageBox, "about", self._recorder("about"))
        monkeypatch.setattr(QMessageBox, "exec", lambda box: self.shown.append(
            ("box", box.text(), box.informativeText())))

    def _recorder(self, kind):
        def show(parent, title, text, *args, **kwargs):
            self.shown.append((kind, title, text))
            return QMessageBox.StandardButton.Ok
        return show

    def _question(self, parent, title, text, *args, **kwargs):
        self.shown.append(("question", title, text))
        return self.answer

    def of(self, kind):
        return [text for shown_kind, _title, text in self.shown if shown_kind == kind]


@pytest.fixture
def dialogs(monkeypatch):
    return Dialogs(monkeypatch)


@pytest.fixture
def make_window(qtbot, data_paths):
    def make(worker):
        window = MainWindow(worker, data_paths)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        settle(worker)
        return window
    return make


@pytest.fixture
def window(make_window, worker):
    return make_window(worker)


def test_pages_in_order_and_ctrl_number_switches(qtbot, window):
    kinds = [OverviewPage, PrisonersPage, LettersPage, TranslationsPage, FacilitiesPage]
    assert [type(page) for page in window.pages] == kinds
    assert [window.sidebar.item(n).text() for n in range(5)] == [
        "Overview", "Prisoners", "Letters", "Translations", "Facilities"]
    assert window.windowTitle() == "LetterManager"
    for number in (5, 2, 4, 3, 1):
        qtbot.keyClick(window, getattr(Qt.Key, f"Key_{number}"),
                       Qt.KeyboardModifier.ControlModifier)
        assert window.current_index() == number - 1
        assert window.stack.currentWidget() is window.pages[number - 1]
        assert window.sidebar.currentRow() == number - 1
        assert window.page_actions[number - 1].isChecked()
    window.sidebar.setCurrentRow(FACILITIES)
    assert window.current_page() is window.facilities


def test_about_shows_version_and_data_location(qtbot, window, dialogs, data_paths):
    qtbot.keyClick(window, Qt.Key.Key_F1)
    [text] = dialogs.of("about")
    assert __version__ in text
    assert str(data_paths.root) in text
    assert str(data_paths.database) in text


def test_status_bar_counts_follow_changes(qtbot, window, worker):
    assert window.counts_label.text().startswith("4 prisoners  ·  5 letters  ·  4 facilities")
    from lettermanager.domain.records import FacilityIn

    worker.submit(lambda store: store.create(FacilityIn(name="ИК-7")), writes=True)
    settle(worker)
    assert "5 facilities" in window.counts_label.text()


def test_busy_indicator_shows_only_for_slow_work(qtbot, window, worker):
    worker.busy.emit(True)
    assert not window.is_busy_shown()  # not at once: quick operations never flash it
    qtbot.waitUntil(window.is_busy_shown, timeout=2000)
    worker.busy.emit(False)
    assert not window.is_busy_shown()


def test_state_is_saved_and_restored(qtbot, make_window, worker, data_paths):
    first = make_window(worker)
    # Qt fits a restored window to the (small, offscreen) screen: pick a width that survives.
    screen_width = first.screen().availableGeometry().width()
    width = max(first.minimumSizeHint().width(), min(760, screen_width - 40))
    first.resize(width, 700)
    first.show_page(FACILITIES)
    QApplication.processEvents()
    first.splitter.setSizes([200, 900])
    sidebar_width = first.splitter.sizes()[0]
    total = sum(first.facilities.splitter.sizes())
    first.facilities.splitter.setSizes([total - 400, 400])
    facilities_sizes = first.facilities.splitter.sizes()
    first.show_page(TRANSLATIONS)
    first.close()
    assert not first.isVisible()
    settings = QSettings(str(data_paths.window_state), QSettings.Format.IniFormat)
    assert int(settings.value("main/page")) == TRANSLATIONS

    second = make_window(worker)
    assert second.current_index() == TRANSLATIONS
    assert second.current_page() is second.translations
    assert (second.width(), second.height()) == (width, 700)
    assert second.splitter.sizes()[0] == sidebar_width
    second.show_page(FACILITIES)
    QApplication.processEvents()
    assert second.facilities.splitter.sizes() == facilities_sizes


def test_damaged_state_file_is_ignored(qtbot, make_window, worker, data_paths):
    data_paths.root.mkdir(parents=True, exist_ok=True)
    data_paths.window_state.write_text("[main]\npage=banana\ngeometry=@ByteArray(xx)\n")
    window = make_window(worker)
    assert window.current_index() == OVERVIEW


def test_a_failed_operation_is_shown_and_the_app_carries_on(qtbot, window, worker, dialogs):
    worker.submit(lambda store: store.get(Facility, "00000000-0000-0000-0000-000000000000"))
    settle(worker)
    [message] = dialogs.of("warning")
    assert "No facility with id" in message
    assert window.isVisible()
    # The worker and the window still work.
    assert worker.call(lambda store: store.counts()["prisoner"]) == 4
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() is window.facilities


def test_ctrl_shift_f_focuses_the_current_page_filter(qtbot, window):
    window.activateWindow()
    for number, page in ((FACILITIES, window.facilities), (TRANSLATIONS, window.translations),
                         (PRISONERS, window.prisoners)):
        window.show_page(number)
        qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier
                       | Qt.KeyboardModifier.ShiftModifier)
        qtbot.waitUntil(lambda page=page: page.filter.hasFocus())


def test_delete_key_deletes_the_selected_record_after_confirming(qtbot, window, worker,
                                                                 dialogs, seeded_store):
    from lettermanager.domain.records import FacilityIn

    spare = worker.call(lambda store: store.create(FacilityIn(name="Spare")))
    window.facilities.refresh()
    settle(worker)
    window.show_page(FACILITIES)
    window.facilities.show_facility(spare.id)
    window.facilities.table.setFocus()
    dialogs.answer = QMessageBox.StandardButton.No
    window.delete_action.trigger()
    settle(worker)
    assert "Spare" in dialogs.of("question")[0]
    assert "Spare" in [f.name for f in seeded_store.facilities()]

    # Del in a form field edits the field; it never deletes the record.
    dialogs.answer = QMessageBox.StandardButton.Yes
    for field in (window.facilities.form.kind, window.facilities.form.mail_notes):
        field.setFocus()
        qtbot.keyClick(field, Qt.Key.Key_Delete)
    assert len(dialogs.of("question")) == 1

    window.facilities.table.setFocus()
    qtbot.keyClick(window.facilities.table, Qt.Key.Key_Delete)
    settle(worker)
    assert len(dialogs.of("question")) == 2
    assert "Spare" not in [f.name for f in seeded_store.facilities()]


def test_open_prisoner_goes_to_the_prisoners_page(qtbot, window, worker):
    window.show_page(FACILITIES)
    window.facilities.open_prisoner.emit(KAGARLITSKY)
    settle(worker)
    assert window.current_page() is window.prisoners
    assert window.prisoners.selected_prisoner_id() == KAGARLITSKY


def test_letters_open_in_the_editor(qtbot, window, worker, monkeypatch):
    FakeEditor.opened = []
    monkeypatch.setattr(main_window_module, "LetterEditor", FakeEditor)
    window.overview.open_letter.emit(STATEMENT)
    assert [(e.letter_id, e.prisoner_id) for e in FakeEditor.opened] == [(STATEMENT, None)]
    assert FakeEditor.opened[0].isVisible()
    window.open_letter(STATEMENT)  # the same letter again: the open editor comes forward
    assert len(FakeEditor.opened) == 1

    # Ctrl+N on the Prisoners page writes to the selected prisoner; elsewhere to nobody yet.
    window.show_page(PRISONERS)
    window.prisoners.show_prisoner(KAGARLITSKY)
    settle(worker)
    window.activateWindow()  # the editor window took the focus
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert (FakeEditor.opened[-1].letter_id, FakeEditor.opened[-1].prisoner_id) == \
        (None, KAGARLITSKY)
    window.show_page(LETTERS)
    window.new_letter_action.trigger()
    assert FakeEditor.opened[-1].prisoner_id is None
    assert len(window.open_editors()) == 3
    FakeEditor.opened[0].close()  # closing deletes it; the window forgets it
    qtbot.waitUntil(lambda: len(window.open_editors()) == 2)
    window.open_letter(STATEMENT)
    assert len(FakeEditor.opened) == 4


def test_overview_recent_letters_and_empty_state(qtbot, make_window, store, dialogs):
    worker = DatabaseWorker(store)
    try:
        window = make_window(worker)
        overview = window.overview
        assert overview.stack.currentWidget() is overview.welcome
        assert "No letters yet" in overview.welcome.message()
        with qtbot.waitSignal(overview.new_letter_requested):
            qtbot.mouseClick(overview.welcome.primary_button, Qt.MouseButton.LeftButton)
    finally:
        worker.stop()


def test_overview_summary_with_seed_data(qtbot, window):
    overview = window.overview
    assert overview.stack.currentIndex() == 0
    assert any("Кагарлицкий" in text for text in overview.list("contact").texts())
    with qtbot.waitSignal(overview.open_prisoner) as signal:
        view = overview.list("contact")
        rect = view.visualItemRect(view.entries()[0])
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert signal.args == [KAGARLITSKY]
    assert window.current_index() == PRISONERS
    window.show_page(OVERVIEW)
    qtbot.mouseClick(overview.cards["translations"], Qt.MouseButton.LeftButton)
    assert window.current_index() == TRANSLATIONS


def test_export_then_import_into_another_database(qtbot, make_window, worker, dialogs,
                                                  tmp_path):
    window = make_window(worker)
    target = tmp_path / "export.json"
    window.exchange.export_to(target)
    settle(worker)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["format"] == "lettermanager" and len(data["prisoners"]) == 4

    other_paths = DataPaths(tmp_path / "other")
    other_db = Database.open(other_paths, seed=False)
    store = Store(other_db)
    other_worker = DatabaseWorker(store)
    try:
        other = MainWindow(other_worker, other_paths)
        qtbot.addWidget(other)
        settle(other_worker)
        dialogs.answer = QMessageBox.StandardButton.Cancel
        other.exchange.import_from(target)
        settle(other_worker)
        assert "4 new" in dialogs.of("question")[-1]
        assert store.counts()["prisoner"] == 0  # the dry run wrote nothing

        dialogs.answer = QMessageBox.StandardButton.Yes
        other.exchange.import_from(target)
        settle(other_worker)
        assert store.counts()["prisoner"] == 4
        assert "4 prisoners" in other.counts_label.text()
        assert other.overview.stack.currentIndex() == 0  # the summary, no longer the welcome
    finally:
        other_worker.stop()
        other_db.close()


def test_a_bad_import_file_changes_nothing(qtbot, window, worker, dialogs, tmp_path,
                                           seeded_store):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "lettermanager", "version": 1, "prisoners": [{"id": 3}]}')
    before = seeded_store.counts()
    window.exchange.import_from(bad)
    settle(worker)
    [(kind, text, informative)] = [s for s in dialogs.shown if s[0] == "box"]
    assert "bad.json was not imported" in text
    assert seeded_store.counts() == before
    assert not dialogs.of("question")


def test_closing_asks_about_unsaved_facility_edits(qtbot, window, worker, dialogs,
                                                   seeded_store):
    window.show_page(FACILITIES)
    facilities = window.facilities
    facilities.show_facility("75dbd772-7b12-5319-9762-26126833d2a5")
    facilities.form.postal_code.setText("124460")
    dialogs.answer = QMessageBox.StandardButton.Cancel
    window.close()
    assert window.isVisible()
    dialogs.answer = QMessageBox.StandardButton.Save
    window.close()
    settle(worker)
    qtbot.waitUntil(lambda: not window.isVisible())
    assert seeded_store.get(Facility, "75dbd772-7b12-5319-9762-26126833d2a5").postal_code \
        == "124460"


def test_app_refuses_a_database_from_a_newer_version(qtbot, data_paths, monkeypatch,
                                                     dialogs):
    import argparse

    from lettermanager.ui.app import run_gui

    database = Database.open(data_paths, seed=False)
    with database.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_future'")
    database.close()
    before = data_paths.database.read_bytes()
    args = argparse.Namespace(data_dir=str(data_paths.root), lang="en", no_seed=False)
    assert run_gui(args) == 1
    [text] = dialogs.of("critical")
    assert "newer version" in text
    assert data_paths.database.read_bytes() == before


def test_app_refuses_a_file_that_is_not_a_database(qtbot, data_paths, dialogs):
    import argparse

    from lettermanager.ui.app import run_gui

    data_paths.root.mkdir(parents=True)
    data_paths.database.write_text("my shopping list")
    args = argparse.Namespace(data_dir=str(data_paths.root), lang="en", no_seed=False)
    assert run_gui(args) == 1
    [text] = dialogs.of("critical")
    assert "not a LetterManager database" in text
    assert data_paths.database.read_text() == "my shopping list"


def test_app_opens_the_window_and_closes_cleanly(qtbot, data_paths):
    import argparse

    from PySide6.QtCore import QTimer

    from lettermanager.ui.app import run_gui

    seen = []

    def close_windows():
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                seen.append(widget.windowTitle())
                widget.close()

    QTimer.singleShot(300, close_windows)
    args = argparse.Namespace(data_dir=str(data_paths.root), lang="en", no_seed=False)
    assert run_gui(args) == 0
    assert seen == ["LetterManager"]
    assert (data_paths.logs / "lettermanager.log").is_file()
    assert data_paths.window_state.is_file()
    reopened = Database.open(data_paths)  # closed cleanly, seeded on first start
    try:
        assert Store(reopened).counts()["prisoner"] == 4
    finally:
        reopened.close()

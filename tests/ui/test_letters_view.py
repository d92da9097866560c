"""The Letters page: filter bar, table, counts, empty states, opening, deleting, state."""

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox
from qt_helpers import settle

from lettermanager.domain.records import LetterIn
from lettermanager.store.letter_table import LetterColumn, LetterSort
from lettermanager.store.models import Letter
from lettermanager.store.service import Store
from lettermanager.ui.letters_model import COLUMN_INDEX
from lettermanager.ui.letters_view import LettersPage
from lettermanager.ui.worker import DatabaseWorker

KAGARLITSKY = "72c787ca-3846-55fc-bd24-3dcad7826a3d"
SKOCHILENKO = "fb1f50d7-25c4-5576-b451-f48e3b21e0ca"
SECOND_LETTER = "5b1bbd37-f78e-5935-a341-71020fd58516"  # has a censorship event, a translation
STATEMENT = "f8f45f7b-ba4f-5f06-adbe-8be56c7aac6c"


@pytest.fixture
def make_page(qtbot):
    def make(worker):
        page = LettersPage(worker)
        qtbot.addWidget(page)
        page.resize(1366, 768)
        with qtbot.waitSignal(page.model.reloaded, timeout=5000):
            page.show()
        settle(worker)
        return page
    return make


@pytest.fixture
def page(make_page, worker):
    return make_page(worker)


class DeleteBox:
    """Answers the page's delete confirmation (a QMessageBox run with exec())."""

    def __init__(self, monkeypatch):
        self.answer_delete = True
        self.shown: list[tuple[str, str]] = []
        monkeypatch.setattr(QMessageBox, "exec", lambda box: self._exec(box))

    def _exec(self, box):
        self.shown.append((box.text(), box.informativeText()))
        for button in box.buttons():
            role = box.buttonRole(button)
            if (role == QMessageBox.ButtonRole.DestructiveRole) == self.answer_delete:
                button.click()
                break
        return 0


def select(page, *letter_ids):
    page.table.clearSelection()
    for letter_id in letter_ids:
        row = page.model.row_of(letter_id)
        page.table.selectionModel().select(
            page.model.index(row, 0),
            page.table.selectionModel().SelectionFlag.Select
            | page.table.selectionModel().SelectionFlag.Rows)
        page.table.selectionModel().setCurrentIndex(
            page.model.index(row, 0), page.table.selectionModel().SelectionFlag.NoUpdate)


def test_shows_the_letters_and_their_count(page):
    assert page.model.rowCount() == 5
    assert page.stack.currentWidget() is page.table
    assert page.count_label.text() == "5 letters"
    assert page.table.isSortingEnabled()
    assert page.table.alternatingRowColors()
    header = page.table.horizontalHeader()
    assert header.sortIndicatorSection() == COLUMN_INDEX[LetterColumn.DATE]
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    names = [page.prisoner_combo.itemText(i) for i in range(page.prisoner_combo.count())]
    assert names[0] == "All prisoners" and "Кагарлицкий Борис Юльевич" in names
    languages = [page.language_combo.itemText(i) for i in range(page.language_combo.count())]
    assert languages == ["Any language", "Russian"]


def test_an_empty_database_says_so_and_offers_a_new_letter(qtbot, make_page, store):
    worker = DatabaseWorker(store)
    try:
        page = make_page(worker)
        assert page.stack.currentWidget() is page.empty_none
        assert page.empty_none.message() == "No letters yet"
        assert page.count_label.text() == "0 letters"
        assert not page.search.isEnabled()
        with qtbot.waitSignal(page.new_letter):
            qtbot.mouseClick(page.empty_none.primary_button, Qt.MouseButton.LeftButton)
    finally:
        worker.stop()


def test_the_title_filter_applies_as_you_type(qtbot, page, worker):
    qtbot.keyClicks(page.search, "KSENIA")
    assert page.model.rowCount() == 5  # not yet: the filter waits for a pause in typing
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=3000)
    assert page.count_label.text() == "2 of 5 letters"
    page.search.setText("ksenia's")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=3000)
    assert page.clear_button.isEnabled()

    page.search.setText("no such letter")
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.empty_filtered, timeout=3000)
    assert page.count_label.text() == "0 of 5 letters"
    qtbot.mouseClick(page.empty_filtered.primary_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.rowCount() == 5, timeout=3000)
    assert page.search.text() == "" and page.stack.currentWidget() is page.table
    assert not page.clear_button.isEnabled()


def test_escape_clears_the_title_filter(qtbot, page):
    page.search.setText("ksenia")
    qtbot.keyClick(page.search, Qt.Key.Key_Escape)
    assert page.search.text() == ""


def test_filter_by_prisoner_direction_and_status(qtbot, page, worker):
    combo = page.prisoner_combo
    with qtbot.waitSignal(page.model.reloaded, timeout=3000):
        combo.setCurrentIndex(combo.find_value(SKOCHILENKO))
        combo.activated.emit(combo.currentIndex())
    assert page.model.rowCount() == 0 and page.stack.currentWidget() is page.empty_filtered
    with qtbot.waitSignal(page.model.reloaded, timeout=3000):
        page.set_prisoner_filter(KAGARLITSKY)
    assert page.model.rowCount() == 5
    with qtbot.waitSignal(page.model.reloaded, timeout=3000):
        page.direction_combo.setCurrentIndex(page.direction_combo.find_value("outgoing"))
    assert page.model.rowCount() == 1
    with qtbot.waitSignal(page.model.reloaded, timeout=3000):
        page.direction_combo.setCurrentIndex(0)
    with qtbot.waitSignal(page.model.reloaded, timeout=3000):
        page.status_combo.setCurrentIndex(page.status_combo.find_value("received"))
    assert page.model.rowCount() == 4
    assert page.current_filter().prisoner_id == KAGARLITSKY


def test_typing_a_prisoners_name_filters_by_them(qtbot, page):
    combo = page.prisoner_combo
    combo.lineEdit().setText("Скочиленко Александра")
    with qtbot.waitSignal(page.model.reloaded, timeout=3000):
        combo.lineEdit().editingFinished.emit()
    assert page.current_filter().prisoner_id == SKOCHILENKO
    combo.lineEdit().setText("nobody of that name")
    combo.lineEdit().editingFinished.emit()
    assert combo.currentText() == "Скочиленко Александра"  # the choice stays
    with qtbot.waitSignal(page.model.reloaded, timeout=3000):
        combo.lineEdit().setText("")
        combo.lineEdit().editingFinished.emit()
    assert page.current_filter().prisoner_id is None


def test_enter_and_double_click_open_the_letter(qtbot, page):
    page.table.setFocus()
    select(page, STATEMENT)
    with qtbot.waitSignal(page.open_letter) as signal:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert signal.args == [STATEMENT]
    row = page.model.row_of(SECOND_LETTER)
    rect = page.table.visualRect(page.model.index(row, 2))
    with qtbot.waitSignal(page.open_letter) as signal:
        # (QTest's double click needs the press that comes before it in real life)
        qtbot.mousePress(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton,
                          pos=rect.center())
    assert signal.args == [SECOND_LETTER]


def test_focus_filter(qtbot, page):
    page.window().activateWindow()
    page.focus_filter()
    qtbot.waitUntil(lambda: page.search.hasFocus(), timeout=2000)


def test_delete_asks_then_deletes_the_letters_events_and_translations(
        qtbot, page, worker, monkeypatch):
    boxes = DeleteBox(monkeypatch)
    select(page, SECOND_LETTER)
    boxes.answer_delete = False
    page.delete_selected()
    settle(worker)
    assert page.model.rowCount() == 5
    question, details = boxes.shown[-1]
    assert "Second letter to Ksenia from prison" in question
    assert "censorship events and translations are deleted" in details

    boxes.answer_delete = True
    with qtbot.waitSignal(page.model.reloaded, timeout=3000):
        page.delete_selected()
    assert page.model.rowCount() == 4 and page.model.row_of(SECOND_LETTER) == -1
    counts = worker.call(lambda store: store.counts())
    assert (counts["letter"], counts["censorship event"], counts["translation"]) == (4, 0, 3)


def test_delete_several(qtbot, page, worker, monkeypatch):
    boxes = DeleteBox(monkeypatch)
    select(page, SECOND_LETTER, STATEMENT)
    with qtbot.waitSignal(page.model.reloaded, timeout=3000):
        page.delete_selected()
    assert boxes.shown[-1][0] == "Delete 2 letters?"
    assert page.model.rowCount() == 3


def test_delete_with_nothing_selected_does_nothing(page, monkeypatch):
    boxes = DeleteBox(monkeypatch)
    page.table.clearSelection()
    page.delete_selected()
    assert boxes.shown == []


def test_changes_reload_the_list_and_keep_the_selection(qtbot, page, worker):
    select(page, SECOND_LETTER)
    with qtbot.waitSignal(page.model.reloaded, timeout=3000):
        worker.submit(lambda store: store.create(LetterIn(
            prisoner_id=KAGARLITSKY, direction="outgoing", written_on="2025-02-01",
            title="Новое письмо")), writes=True)
    assert page.model.rowCount() == 6
    assert page.count_label.text() == "6 letters"
    assert page.selected_letter_ids() == [SECOND_LETTER]
    assert page.current_letter_id() == SECOND_LETTER


def test_a_hidden_page_reloads_when_it_shows_again(qtbot, page, worker):
    page.hide()
    worker.submit(lambda store: store.create(LetterIn(
        prisoner_id=KAGARLITSKY, direction="outgoing")), writes=True)
    settle(worker)
    assert page.model.rowCount() == 5
    with qtbot.waitSignal(page.model.reloaded, timeout=3000):
        page.show()
    assert page.model.rowCount() == 6


def test_sorting_by_a_header_click_keeps_the_selection(qtbot, page):
    select(page, STATEMENT)
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(COLUMN_INDEX[LetterColumn.TITLE]) + 10
    with qtbot.waitSignal(page.model.layoutChanged, timeout=3000):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                         pos=header.viewport().rect().center().__class__(x, 5))
    assert page.model.letter_sort.column is LetterColumn.TITLE
    titles = [page.model.index(r, COLUMN_INDEX[LetterColumn.TITLE]).data() for r in range(5)]
    assert titles == sorted(titles, key=str.casefold) or titles == sorted(
        titles, key=str.casefold, reverse=True)
    assert page.selected_letter_ids() == [STATEMENT]


def test_state_is_saved_and_restored(qtbot, make_page, page, worker, tmp_path):
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    header = page.table.horizontalHeader()
    header.setSortIndicator(COLUMN_INDEX[LetterColumn.PRISONER], Qt.SortOrder.AscendingOrder)
    header.resizeSection(COLUMN_INDEX[LetterColumn.CHANNEL], 211)
    settle(worker)
    page.save_state(settings)
    settings.sync()

    again = LettersPage(worker)
    qtbot.addWidget(again)
    again.restore_state(QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat))
    assert again.model.letter_sort == LetterSort(LetterColumn.PRISONER, True)
    restored = again.table.horizontalHeader()
    assert restored.sectionSize(COLUMN_INDEX[LetterColumn.CHANNEL]) == 211
    assert restored.sortIndicatorSection() == COLUMN_INDEX[LetterColumn.PRISONER]
    with qtbot.waitSignal(again.model.reloaded, timeout=3000):
        again.show()


def test_restoring_from_empty_settings_keeps_the_defaults(qtbot, worker, tmp_path):
    page = LettersPage(worker)
    qtbot.addWidget(page)
    page.restore_state(QSettings(str(tmp_path / "none.ini"), QSettings.Format.IniFormat))
    assert page.model.letter_sort == LetterSort()


def test_the_context_menu_opens_the_prisoner(qtbot, page, monkeypatch):
    from PySide6.QtWidgets import QMenu

    menus = []
    monkeypatch.setattr(QMenu, "popup", lambda menu, *args: menus.append(menu))
    rect = page.table.visualRect(page.model.index(0, 2))
    page._context_menu(rect.center())
    [menu] = menus
    actions = {action.text(): action for action in menu.actions()}
    with qtbot.waitSignal(page.open_prisoner) as signal:
        actions["Open prisoner"].trigger()
    assert signal.args == [KAGARLITSKY]


def test_a_deleted_letter_elsewhere_is_skipped(qtbot, page, worker, monkeypatch):
    DeleteBox(monkeypatch)
    select(page, SECOND_LETTER, STATEMENT)
    worker.call(lambda store: Store.delete(store, Letter, STATEMENT))
    with qtbot.waitSignal(page.model.reloaded, timeout=3000):
        page.delete_selected()
    assert page.model.rowCount() == 3

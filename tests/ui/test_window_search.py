"""The search box in the main window's toolbar: Ctrl+F, hostile input, opening the hits."""

import pytest
from hostile_queries import HOSTILE
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QToolBar, QWidget
from qt_helpers import settle

from lettermanager.ui import main_window as main_window_module
from lettermanager.ui import search_panel
from lettermanager.ui.main_window import FACILITIES, LETTERS, PRISONERS, MainWindow

KAGARLITSKY = "72c787ca-3846-55fc-bd24-3dcad7826a3d"


class FakeEditor(QWidget):
    opened: list["FakeEditor"] = []
    open_letter_requested = Signal(str)

    def __init__(self, worker, letter_id=None, prisoner_id=None, parent=None):
        super().__init__(parent, Qt.WindowType.Window)
        self.letter_id = letter_id
        FakeEditor.opened.append(self)


@pytest.fixture
def shown(monkeypatch):
    """Every message box the window would show (none is expected)."""
    seen = []
    for kind in ("warning", "information", "critical", "question"):
        monkeypatch.setattr(QMessageBox, kind, lambda *args, kind=kind, **kw: seen.append(
            (kind, args[1:3])) or QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: seen.append(("box", box.text())))
    return seen


@pytest.fixture
def window(qtbot, worker, data_paths, shown):
    window = MainWindow(worker, data_paths)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    settle(worker)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def type_into(box, text):
    """One key press carrying the whole text, as an input method would deliver it."""
    box.clear()
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(box, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, text))


def search_for(qtbot, worker, box, text):
    type_into(box, text)
    qtbot.wait(search_panel.DEBOUNCE_MS + 30)
    settle(worker)


def test_the_search_box_is_in_the_toolbar_and_ctrl_f_focuses_it(qtbot, window):
    box = window.search_box
    assert isinstance(box.parentWidget(), QToolBar)
    assert box.isVisible()
    window.show_page(LETTERS)
    window.letters.table.setFocus()
    box.setText("old words")
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(box.hasFocus)
    assert box.selectedText() == "old words"  # typing replaces the last search
    # The page's own filter keeps a shortcut.
    qtbot.keyClick(window, Qt.Key.Key_F,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(window.letters.search.hasFocus)


def test_hostile_queries_in_the_window_box(qtbot, window, worker, shown):
    failures = []
    worker.failed.connect(failures.append)
    box = window.search_box
    for query in HOSTILE:
        search_for(qtbot, worker, box, query)
        status = box.results.status.text()
        if box.text().strip():
            assert box.popup.isVisible(), repr(query[:30])
            rows = box.results.model.rowCount()
            assert ("No results" in status) if rows == 0 else ("result" in status), \
                (repr(query[:30]), status)
            assert "failed" not in status, (repr(query[:30]), status)
            box.popup.grab()  # the hits paint
        else:
            assert not box.popup.isVisible()
        qtbot.keyClick(box, Qt.Key.Key_Return)  # Enter on whatever is shown
        settle(worker)
        QApplication.processEvents()
        for editor in list(window.open_editors()):  # a hit Enter opened
            editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
            editor.hide()
            editor.deleteLater()
    assert failures == []
    assert shown == []
    assert window.isVisible()


def test_kagarlitsky_finds_him_and_enter_opens_the_record(qtbot, window, worker,
                                                          monkeypatch):
    FakeEditor.opened = []
    monkeypatch.setattr(main_window_module, "LetterEditor", FakeEditor)
    box = window.search_box
    window.find_action.trigger()
    search_for(qtbot, worker, box, "Kagarlitsky")
    assert box.popup.isVisible()
    hits = box.results.model.hits()
    assert any(hit.kind == "prisoner" and hit.id == KAGARLITSKY for hit in hits)
    assert all("Кагарлицкий" in hit.title or "Кагарлицкий" in (hit.prisoner_name or "")
               or "\x02" in hit.snippet for hit in hits)
    # The hit shows its kind, its title and the passage with the matched words in bold.
    first = box.results.model.index(0).data(search_panel.HtmlRole)
    assert "<b>" in first and "Prisoner" in first
    assert box.results.current_hit().id == KAGARLITSKY
    qtbot.keyClick(box, Qt.Key.Key_Return)
    settle(worker)
    assert window.current_index() == PRISONERS
    qtbot.waitUntil(lambda: window.prisoners.selected_prisoner_id() == KAGARLITSKY)
    assert not box.popup.isVisible()

    # A letter among the hits opens in the letter editor.
    window.find_action.trigger()
    search_for(qtbot, worker, box, "Kagarlitsky")
    letter_row = next(row for row, hit in enumerate(box.results.model.hits())
                      if hit.kind == "letter")
    for _ in range(letter_row):
        qtbot.keyClick(box, Qt.Key.Key_Down)
    letter_id = box.results.current_hit().letter_id
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert [editor.letter_id for editor in FakeEditor.opened] == [letter_id]


def test_a_facility_hit_opens_the_facility(qtbot, window, worker):
    box = window.search_box
    search_for(qtbot, worker, box, "Zelenograd")
    row = next(row for row, hit in enumerate(box.results.model.hits())
               if hit.kind == "facility")
    facility_id = box.results.model.hits()[row].id
    index = box.results.model.index(row)
    box.results.view.scrollTo(index)
    qtbot.mouseClick(box.results.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=box.results.view.visualRect(index).center())
    settle(worker)
    assert window.current_index() == FACILITIES
    qtbot.waitUntil(lambda: window.facilities._current_id == facility_id)


def test_filters_narrow_the_hits_and_clear_again(qtbot, window, worker):
    from lettermanager.store.search import SearchFilters, search

    box = window.search_box
    search_for(qtbot, worker, box, "Kagarlitsky")
    everything = box.results.model.hits()
    assert {hit.kind for hit in everything} >= {"prisoner", "letter"}
    panel = box.filter_button.panel
    panel.load_choices()
    settle(worker)
    assert panel.prisoner.find_value(KAGARLITSKY) > 0  # the prisoners of the database
    panel.direction.setCurrentIndex(panel.direction.find_value("incoming"))  # as a click
    settle(worker)
    narrowed = box.results.model.hits()
    expected = worker.call(lambda store: search(
        store.db, "Kagarlitsky", filters=SearchFilters(direction="incoming"), limit=50))
    assert [hit.id for hit in narrowed] == [hit.id for hit in expected]
    assert narrowed and all(hit.kind in ("letter", "translation", "censorship_event")
                            for hit in narrowed)
    assert box.filter_button.text() == "Filters (1)"
    panel.date_from.setText("2099")  # nothing that late
    settle(worker)
    assert box.results.model.rowCount() == 0
    assert "No results" in box.results.status.text()
    panel.clear()
    settle(worker)
    assert [hit.id for hit in box.results.model.hits()] == [hit.id for hit in everything]
    assert box.filter_button.text() == "Filters"


def test_a_correspondent_hit_shows_the_correspondent_and_opens_their_letters(
        qtbot, window, worker, monkeypatch):
    from lettermanager.ui.correspondent_card import CorrespondentCard

    FakeEditor.opened = []
    monkeypatch.setattr(main_window_module, "LetterEditor", FakeEditor)
    box = window.search_box
    search_for(qtbot, worker, box, "Ksenia Kagarlitskaya")
    row = next(row for row, hit in enumerate(box.results.model.hits())
               if hit.kind == "correspondent")
    for _ in range(row):
        qtbot.keyClick(box, Qt.Key.Key_Down)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    settle(worker)
    [card] = [w for w in QApplication.topLevelWidgets()
              if isinstance(w, CorrespondentCard) and w.isVisible()]
    assert "Ksenia Kagarlitskaya" in card.heading.text()
    assert card.letters.count() >= 1
    card.letters.itemActivated.emit(card.letters.item(0))
    assert len(FakeEditor.opened) == 1 and FakeEditor.opened[0].letter_id
    card.close()

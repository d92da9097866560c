"""Reply, "mark answered" and censorship actions from the letters table, the letter editor
and the correspondence thread."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from qt_helpers import settle

from lettermanager.store.models import Letter
from lettermanager.ui.correspondence_thread import CorrespondencePanel
from lettermanager.ui.letter_editor import LetterEditor
from lettermanager.ui.letters_view import LettersPage

SECOND_LETTER = "5b1bbd37-f78e-5935-a341-71020fd58516"  # incoming, answers Ksenia's letter
KSENIAS_LETTER = "1228d9b6-f43f-5072-8917-47a8c6f0938b"  # outgoing, expects a reply
STATEMENT = "f8f45f7b-ba4f-5f06-adbe-8be56c7aac6c"  # incoming, 2024-11-14


@pytest.fixture(autouse=True)
def no_message_boxes(monkeypatch):
    shown = []
    for kind in ("warning", "information"):
        monkeypatch.setattr(QMessageBox, kind,
                            lambda parent, title, text, *a, **k: shown.append(text))
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Discard)
    return shown


@pytest.fixture
def open_editor(qtbot, worker):
    def open_(letter_id):
        editor = LetterEditor(worker, letter_id=letter_id)
        qtbot.addWidget(editor)
        with qtbot.waitSignal(editor.loaded, timeout=5000):
            editor.show()
        return editor
    return open_


def get(worker, letter_id):
    return worker.call(lambda store: store.get(Letter, letter_id))


def test_ctrl_r_in_the_letters_table_creates_a_linked_draft(qtbot, worker):
    page = LettersPage(worker)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    with qtbot.waitSignal(page.model.reloaded, timeout=5000):
        page.show()
    settle(worker)
    row = page.model.row_of(STATEMENT)
    page.table.setCurrentIndex(page.model.index(row, 0))
    page.table.setFocus()
    with qtbot.waitSignal(page.open_letter, timeout=5000) as signal:
        qtbot.keyClick(page.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    draft = get(worker, signal.args[0])
    assert (draft.direction, draft.status, draft.in_reply_to) == ("outgoing", "draft", STATEMENT)
    assert draft.prisoner_id == get(worker, STATEMENT).prisoner_id
    assert draft.title.startswith("Re: ")

    # On an outgoing letter Ctrl+R does nothing; the menu offers "mark answered" instead.
    count = worker.call(lambda store: store.counts()["letter"])
    page.table.setCurrentIndex(page.model.index(page.model.row_of(KSENIAS_LETTER), 0))
    qtbot.keyClick(page.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    settle(worker)
    assert worker.call(lambda store: store.counts()["letter"]) == count
    texts = {a.text().replace("&", ""): a.isEnabled()
             for a in page.reply_actions.actions(page, KSENIAS_LETTER, "outgoing")}
    assert texts == {"Reply": False, "Mark answered by…": True,
                     "Mark answered otherwise…": True, "Add censorship event…": True}


def test_editor_reply_opens_the_new_draft(qtbot, open_editor, worker):
    editor = open_editor(STATEMENT)
    assert editor.action("Reply").isEnabled()
    assert not editor.action("Mark answered by").isEnabled()
    opened = []
    editor.open_letter_requested.connect(opened.append)
    qtbot.keyClick(editor, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(opened), timeout=5000)
    assert get(worker, opened[0]).in_reply_to == STATEMENT


def test_mark_answered_by_and_otherwise_survive_a_save(qtbot, open_editor, worker):
    editor = open_editor(KSENIAS_LETTER)
    assert not editor.action("Reply").isEnabled()
    editor.action("Mark answered otherwise").trigger()
    dialog = editor.reply_actions.dialog
    dialog.date.set_value("2024-04-02")
    dialog._accept()
    qtbot.waitUntil(lambda: get(worker, KSENIAS_LETTER).answered_on == "2024-04-02",
                    timeout=5000)
    settle(worker)
    editor.title.setText("Ksenia's letter (edited)")
    with qtbot.waitSignal(editor.saved, timeout=5000):
        editor.save()
    assert get(worker, KSENIAS_LETTER).answered_on == "2024-04-02"  # kept by the save

    editor.action("Mark answered by").trigger()
    qtbot.waitUntil(lambda: editor.reply_actions.dialog is not None
                    and hasattr(editor.reply_actions.dialog, "list"), timeout=5000)
    picker = editor.reply_actions.dialog
    ids = [picker.list.item(n).data(Qt.ItemDataRole.UserRole)
           for n in range(picker.list.count())]
    assert STATEMENT in ids and KSENIAS_LETTER not in ids
    picker.list.setCurrentRow(ids.index(STATEMENT))
    picker.accept()
    qtbot.waitUntil(lambda: get(worker, STATEMENT).in_reply_to == KSENIAS_LETTER, timeout=5000)


def test_a_withheld_letter_changes_status_in_the_editor(qtbot, open_editor, worker):
    editor = open_editor(KSENIAS_LETTER)
    assert editor.status.value() == "delivered"
    editor.action("Add censorship event").trigger()
    dialog = editor.reply_actions.dialog
    dialog.kind.set_value("withheld")
    dialog.save()
    qtbot.waitUntil(lambda: get(worker, KSENIAS_LETTER).status == "withheld", timeout=5000)
    qtbot.waitUntil(lambda: editor.status.value() == "withheld", timeout=5000)
    assert not editor.is_dirty()
    editor.notes.setPlainText("The colony kept it.")
    with qtbot.waitSignal(editor.saved, timeout=5000):
        editor.save()
    assert get(worker, KSENIAS_LETTER).status == "withheld"


def test_thread_reply_button_only_for_letters_from_the_prisoner(qtbot, worker):
    from lettermanager.store.prisoner_list import prisoner_page
    prisoner_id = get(worker, STATEMENT).prisoner_id
    page = worker.call(lambda store: prisoner_page(store, prisoner_id))
    panel = CorrespondencePanel()
    qtbot.addWidget(panel)
    panel.set_items(page.thread)
    panel.show()
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    row = panel.model.row_of(KSENIAS_LETTER)
    panel.view.setCurrentIndex(panel.model.index(row, 0))
    assert not panel.reply_button.isEnabled()
    panel.view.setCurrentIndex(panel.model.index(panel.model.row_of(STATEMENT), 0))
    assert panel.reply_button.isEnabled()
    with qtbot.waitSignal(panel.reply_requested) as signal:
        panel.view.setFocus()
        qtbot.keyClick(panel.view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert signal.args == [STATEMENT]

"""The letter editor and the send block: a letter its facility cannot take as written."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from qt_helpers import settle
from sqlmodel import select

from lettermanager.domain.records import FacilityIn
from lettermanager.store.models import Facility, Letter, Translation
from lettermanager.ui.letter_editor import LetterEditor

KAGARLITSKY = "72c787ca-3846-55fc-bd24-3dcad7826a3d"
COLONY = "4b0aabd1-b351-578d-85b9-c4f94d2dc962"  # his current stay; accepts Russian only


@pytest.fixture(autouse=True)
def no_questions(monkeypatch):
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Discard)


def new_english_letter(qtbot, worker, status):
    editor = LetterEditor(worker, prisoner_id=KAGARLITSKY)
    qtbot.addWidget(editor)
    with qtbot.waitSignal(editor.loaded, timeout=5000):
        editor.show()
    settle(worker)
    assert editor.facility.value() == COLONY
    editor.title.setText("Greetings from Berlin")
    editor.body.setPlainText("Dear Boris, we think of you.")
    editor.language.set_code("en")
    editor.status.set_value(status)
    return editor


def letters_titled(worker, title):
    with worker.store.db.session() as session:
        return list(session.exec(select(Letter).where(Letter.title == title)))


def requests_for(worker, letter_id):
    with worker.store.db.session() as session:
        return list(session.exec(select(Translation).where(
            Translation.letter_id == letter_id)))


def test_a_draft_waits_in_the_queue_and_ready_is_refused_until_sent_anyway(qtbot, worker):
    editor = new_english_letter(qtbot, worker, "draft")
    with qtbot.waitSignal(editor.saved, timeout=5000) as saved:
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    letter_id = saved.args[0]
    (request,) = requests_for(worker, letter_id)
    assert (request.source_language, request.target_language, request.status) == (
        "en", "ru", "queued")

    editor.status.set_value("ready")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    settle(worker)
    dialog = editor.send_block_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.message.text() == (
        "This letter is in English, which “Penal colony (name not published)” does not "
        "accept. It must be translated into Russian before it can be marked “Ready to send”.")
    assert "translation queue" in dialog.queue_note.text()
    assert editor.errors["status"].isVisible()
    assert worker.call(lambda store: store.get(Letter, letter_id).status) == "draft"

    assert not dialog.send_button.isEnabled()  # a reason is required
    dialog.reason.setText("   ")
    assert not dialog.send_button.isEnabled()
    dialog.reason.setText("The colony's censor reads English")
    with qtbot.waitSignal(editor.saved, timeout=5000):
        qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    letter = worker.call(lambda store: store.get(Letter, letter_id))
    assert (letter.status, letter.send_override_reason) == (
        "ready", "The colony's censor reads English")
    assert editor.override_label.isVisible()
    assert "censor reads English" in editor.override_label.text()
    assert not editor.errors["status"].isVisible()


def test_keeping_it_back_saves_nothing(qtbot, worker):
    editor = new_english_letter(qtbot, worker, "sent")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    settle(worker)
    dialog = editor.send_block_dialog
    dialog.reason.setText("no reason really")
    dialog.reject()
    settle(worker)
    assert letters_titled(worker, "Greetings from Berlin") == []
    assert editor.is_dirty()


def test_a_facility_that_accepts_english_lets_it_go(qtbot, worker):
    worker.call(lambda store: store.update(Facility, COLONY, {
        **FacilityIn.model_validate(store.get(Facility, COLONY).model_dump(
            include=set(FacilityIn.model_fields))).model_dump(),
        "accepted_languages": ["ru", "en"]}))
    editor = new_english_letter(qtbot, worker, "ready")
    with qtbot.waitSignal(editor.saved, timeout=5000) as saved:
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert requests_for(worker, saved.args[0]) == []
    assert editor.send_block_dialog is None

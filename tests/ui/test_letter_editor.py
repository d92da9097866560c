"""The letter editor, driven like a user would: fields, save, problems, tabs, closing."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from qt_helpers import settle

from lettermanager.domain.records import LetterIn
from lettermanager.store.models import Letter, Translation
from lettermanager.ui.letter_editor import LetterEditor

KAGARLITSKY = "72c787ca-3846-55fc-bd24-3dcad7826a3d"
SKOCHILENKO = "fb1f50d7-25c4-5576-b451-f48e3b21e0ca"
SYKTYVKAR = "fe47b6cf-cafc-57ce-8542-ce2890a3436b"  # his first stay, 2023-07-25 to 2023-12
COLONY = "4b0aabd1-b351-578d-85b9-c4f94d2dc962"  # his current stay
ZELENOGRAD = "75dbd772-7b12-5319-9762-26126833d2a5"
SECOND_LETTER = "5b1bbd37-f78e-5935-a341-71020fd58516"  # has one censorship event
KSENIAS_LETTER = "1228d9b6-f43f-5072-8917-47a8c6f0938b"
STATEMENT = "f8f45f7b-ba4f-5f06-adbe-8be56c7aac6c"


class Answers:
    """Stands in for QMessageBox.question: answers with `answer`, records the questions."""

    def __init__(self, monkeypatch):
        self.answer = QMessageBox.StandardButton.Discard  # (also when the test closes it)
        self.questions: list[str] = []
        monkeypatch.setattr(QMessageBox, "question", self._question)
        monkeypatch.setattr(QMessageBox, "warning", self._question)

    def _question(self, parent, title, text, *args, **kwargs):
        self.questions.append(text)
        return self.answer


@pytest.fixture
def answers(monkeypatch):
    return Answers(monkeypatch)


@pytest.fixture
def open_editor(qtbot, worker, answers):
    def open_(letter_id=None, prisoner_id=None):
        editor = LetterEditor(worker, letter_id=letter_id, prisoner_id=prisoner_id)
        qtbot.addWidget(editor)
        with qtbot.waitSignal(editor.loaded, timeout=5000):
            editor.show()
        return editor
    return open_


def letter_count(worker):
    return worker.call(lambda store: store.counts()["letter"])


def save(qtbot, editor):
    with qtbot.waitSignal(editor.saved, timeout=5000) as signal:
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    return signal.args[0]


def choose(combo, value):
    index = combo.find_value(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)
    combo.activated.emit(index)  # as when the user picks it


def test_write_a_new_letter_and_save_it(qtbot, open_editor, worker):
    editor = open_editor(prisoner_id=KAGARLITSKY)
    assert editor.windowTitle().startswith("New letter")
    assert editor.prisoner.value() == KAGARLITSKY
    assert editor.censorship.currentIndex() == 0  # "available after the first save"
    before = letter_count(worker)

    editor.title.setText("Письмо о книгах")  # (QTest types Latin-1 only)
    choose(editor.direction, "incoming")
    choose(editor.channel, "registered_post")
    qtbot.keyClicks(editor.tracking_number, "RA123456789RU")
    editor.language.set_code("ru")
    qtbot.keyClicks(editor.written_on, "12.05.2025")
    editor.body.setPlainText("Дорогие друзья!\nСпасибо за книги.")
    choose(editor.status, "received")
    editor.expects_reply.setChecked(True)
    qtbot.keyClicks(editor.reply_due, "2025-07")
    assert editor.is_dirty()

    letter_id = save(qtbot, editor)

    letter = worker.call(lambda store: store.get(Letter, letter_id))
    assert (letter.prisoner_id, letter.direction, letter.channel, letter.tracking_number,
            letter.language, letter.written_on, letter.status, letter.expects_reply,
            letter.reply_due, letter.title) == (
        KAGARLITSKY, "incoming", "registered_post", "RA123456789RU", "ru", "2025-05-12",
        "received", True, "2025-07", "Письмо о книгах")
    assert letter.body == "Дорогие друзья!\nСпасибо за книги."
    assert letter_count(worker) == before + 1
    assert editor.letter_id == letter_id
    assert editor.windowTitle().startswith("Письмо о книгах")
    assert not editor.is_dirty()
    assert editor.censorship.currentIndex() == 1  # the lists are available now

    editor.summary.setPlainText("О книгах")  # a second save updates the same letter
    assert save(qtbot, editor) == letter_id
    assert worker.call(lambda store: store.get(Letter, letter_id)).summary == "О книгах"
    assert letter_count(worker) == before + 1


def test_ctrl_s_saves(qtbot, open_editor, worker):
    editor = open_editor(letter_id=STATEMENT)
    editor.title.setText("Заявление")
    with qtbot.waitSignal(editor.saved, timeout=5000):
        qtbot.keyClick(editor.title, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert worker.call(lambda store: store.get(Letter, STATEMENT)).title == "Заявление"


def test_an_existing_letter_is_shown_field_by_field(open_editor):
    editor = open_editor(letter_id=SECOND_LETTER)
    assert editor.title.text() == "Second letter to Ksenia from prison"
    assert editor.windowTitle().startswith("Second letter to Ksenia from prison")
    assert editor.prisoner.value() == KAGARLITSKY
    assert editor.direction.value() == "incoming"
    assert editor.written_on.value() == "2024-03"
    assert editor.in_reply_to.value() == KSENIAS_LETTER
    assert editor.language.code() == "ru"
    assert editor.censorship.model.rowCount() == 1
    assert editor.translations.model.rowCount() == 1
    assert editor.tabs.tabText(1) == "&Censorship (1)"
    assert not editor.is_dirty()


def test_problems_are_shown_next_to_fields_and_nothing_is_saved(qtbot, open_editor, worker):
    editor = open_editor()
    before = letter_count(worker)
    editor.title.setText("Без заключённого")
    editor.language.setEditText("russian-ish")

    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.errors["prisoner_id"].isVisible(), timeout=5000)

    assert editor.errors["prisoner_id"].text() == "Choose the prisoner the letter is to or from."
    assert "two-letter" in editor.errors["language"].text()
    assert editor.errors["title"].isHidden()
    assert "not saved" in editor.banner.text()
    assert letter_count(worker) == before
    assert editor.letter_id is None and editor.is_dirty()

    choose(editor.prisoner, SKOCHILENKO)  # corrected, it saves and the problems go
    editor.language.set_code("ru")
    save(qtbot, editor)
    assert editor.errors["prisoner_id"].isHidden() and editor.banner.isHidden()
    assert letter_count(worker) == before + 1


def test_a_date_that_is_not_a_date_is_refused_before_saving(qtbot, open_editor, worker):
    editor = open_editor(letter_id=STATEMENT)
    editor.sent_on.setText("2024-13")
    saved = []
    editor.saved.connect(saved.append)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    settle(worker)
    assert "not a date" in editor.errors["sent_on"].text()
    assert saved == []
    assert worker.call(lambda store: store.get(Letter, STATEMENT)).sent_on is None


def test_the_facility_follows_custody_on_the_letters_date(qtbot, open_editor, worker):
    editor = open_editor(prisoner_id=KAGARLITSKY)
    qtbot.waitUntil(lambda: editor.facility.value() == COLONY, timeout=5000)  # held now
    assert "now" in editor.facility_hint.text()
    assert not editor.is_dirty()  # a default is not a change

    editor.written_on.setText("2023-09-10")
    qtbot.waitUntil(lambda: editor.facility.value() == SYKTYVKAR, timeout=5000)
    assert "September 2023" in editor.facility_hint.text()

    choose(editor.facility, ZELENOGRAD)  # the user's choice wins from now on
    editor.written_on.setText("2025-03-01")
    settle(worker)
    QApplication.processEvents()
    qtbot.wait(300)
    settle(worker)
    assert editor.facility.value() == ZELENOGRAD
    assert editor.facility_hint.isHidden()
    letter_id = save(qtbot, editor)
    assert worker.call(lambda store: store.get(Letter, letter_id)).facility_id == ZELENOGRAD


def test_a_saved_facility_is_kept(qtbot, open_editor, worker):
    editor = open_editor(letter_id="646f741f-a849-5356-bc36-6c8684e62c7b")  # at Syktyvkar
    editor.written_on.setText("2025-03-01")
    qtbot.wait(300)
    settle(worker)
    assert editor.facility.value() == SYKTYVKAR


def test_choose_the_letter_it_answers(qtbot, open_editor, worker):
    editor = open_editor(letter_id=STATEMENT)
    choices = [editor.in_reply_to.itemData(i) for i in range(editor.in_reply_to.count())]
    assert choices[0] is None and len(choices) == 5  # none + his four other letters
    assert STATEMENT not in choices  # never itself
    labels = [editor.in_reply_to.itemText(i) for i in range(1, 5)]
    assert labels[0] == "Mar 2024  ←  Second letter to Ksenia from prison"

    choose(editor.in_reply_to, KSENIAS_LETTER)
    save(qtbot, editor)
    assert worker.call(lambda store: store.get(Letter, STATEMENT)).in_reply_to == KSENIAS_LETTER


def test_another_prisoner_brings_his_own_letters_to_answer(qtbot, open_editor, worker):
    editor = open_editor(prisoner_id=KAGARLITSKY)
    assert editor.in_reply_to.count() == 6
    choose(editor.in_reply_to, KSENIAS_LETTER)
    choose(editor.prisoner, SKOCHILENKO)
    qtbot.waitUntil(lambda: editor.in_reply_to.count() == 1, timeout=5000)
    assert editor.in_reply_to.value() is None


def test_add_edit_and_delete_a_censorship_event(qtbot, open_editor, worker, answers):
    editor = open_editor(letter_id=SECOND_LETTER)
    editor.tabs.setCurrentIndex(1)
    add, delete = editor.censorship.add_button, editor.censorship.delete_button
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    dialog = editor.censorship.active_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.kind.set_value("redacted")
    dialog.noted_on.setText("2024-04")
    dialog.note.setPlainText("Вымараны две строки")
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    qtbot.waitUntil(lambda: editor.censorship.model.rowCount() == 2, timeout=5000)
    events = worker.call(lambda store: store.letter_detail(SECOND_LETTER).censorship_events)
    assert [(e.kind, e.noted_on, e.note) for e in events][1] == \
        ("redacted", "2024-04", "Вымараны две строки")

    row = [e.kind for e in editor.censorship.model.rows()].index("redacted")
    editor.censorship.view.selectRow(row)
    answers.answer = QMessageBox.StandardButton.No
    qtbot.mouseClick(delete, Qt.MouseButton.LeftButton)
    assert "Redacted" in answers.questions[-1]
    settle(worker)
    assert editor.censorship.model.rowCount() == 2  # "No" deletes nothing

    answers.answer = QMessageBox.StandardButton.Yes
    qtbot.mouseClick(delete, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.censorship.model.rowCount() == 1, timeout=5000)
    assert worker.call(lambda store: store.counts()["censorship event"]) == 1


def test_a_refused_event_keeps_its_dialog_open(qtbot, open_editor, worker):
    editor = open_editor(letter_id=SECOND_LETTER)
    editor.censorship.add()
    dialog = editor.censorship.active_dialog
    dialog.noted_on.setText("2024-02-30")
    dialog.save()
    assert "not a date" in dialog.errors["noted_on"].text()
    assert dialog.isVisible()


def test_add_and_delete_a_translation(qtbot, open_editor, worker, answers):
    editor = open_editor(letter_id=STATEMENT)
    editor.translations.add()
    dialog = editor.translations.active_dialog
    assert (dialog.source.code(), dialog.target.code()) == ("ru", "en")
    dialog.target.set_code("fr")
    dialog.translator.setText("Marie")
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.save()
    qtbot.waitUntil(lambda: editor.translations.model.rowCount() == 2, timeout=5000)
    added = [t for t in editor.translations.model.rows() if t.target_language == "fr"][0]
    assert (added.source_language, added.status, added.translator) == ("ru", "queued", "Marie")

    editor.translations.view.selectRow(editor.translations.model.rows().index(added))
    answers.answer = QMessageBox.StandardButton.Yes
    editor.translations.delete()
    qtbot.waitUntil(lambda: editor.translations.model.rowCount() == 1, timeout=5000)
    assert worker.call(lambda store: [t.target_language for t in
                                      store.letter_detail(STATEMENT).translations]) == ["en"]
    assert "Russian → French" in answers.questions[-1]


def test_editing_a_translation_keeps_its_text(qtbot, open_editor, worker):
    editor = open_editor(letter_id=SECOND_LETTER)
    translation = editor.translations.model.rows()[0]
    assert translation.text
    editor.translations.view.selectRow(0)
    editor.translations.edit()
    dialog = editor.translations.active_dialog
    dialog.translator.setText("Renfrey Clarke")
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.save()
    saved = worker.call(lambda store: store.get(Translation, translation.id))
    assert saved.translator == "Renfrey Clarke" and saved.text == translation.text


def test_closing_with_unsaved_changes_asks(qtbot, open_editor, worker, answers):
    editor = open_editor(letter_id=STATEMENT)
    editor.title.setText("Изменённое название")

    answers.answer = QMessageBox.StandardButton.Cancel
    editor.close()
    assert editor.isVisible() and len(answers.questions) == 1
    qtbot.keyClick(editor, Qt.Key.Key_Escape)  # Escape asks too
    assert editor.isVisible() and len(answers.questions) == 2

    answers.answer = QMessageBox.StandardButton.Discard
    editor.close()
    assert not editor.isVisible()
    assert worker.call(lambda store: store.get(Letter, STATEMENT)).title == \
        "Statement refusing any prisoner exchange"


def test_closing_and_saving(qtbot, open_editor, worker, answers):
    editor = open_editor(letter_id=STATEMENT)
    editor.title.setText("Изменённое название")
    answers.answer = QMessageBox.StandardButton.Save
    with qtbot.waitSignal(editor.saved, timeout=5000):
        editor.close()
    qtbot.waitUntil(lambda: not editor.isVisible(), timeout=5000)
    assert worker.call(lambda store: store.get(Letter, STATEMENT)).title == "Изменённое название"


def test_closing_without_changes_does_not_ask(qtbot, open_editor, answers):
    editor = open_editor(letter_id=STATEMENT)
    qtbot.keyClick(editor.title, Qt.Key.Key_Escape)
    assert not editor.isVisible()
    assert answers.questions == []


def test_a_failed_save_on_close_keeps_the_editor_open(qtbot, open_editor, worker, answers):
    editor = open_editor(letter_id=STATEMENT)
    editor.language.setEditText("xx1")
    answers.answer = QMessageBox.StandardButton.Save
    editor.close()
    qtbot.waitUntil(lambda: editor.errors["language"].isVisible(), timeout=5000)
    assert editor.isVisible()


def test_a_deleted_letter_cannot_be_opened(qtbot, worker, answers):
    letter = worker.call(lambda store: store.create(LetterIn(prisoner_id=KAGARLITSKY,
                                                             direction="outgoing")))
    worker.call(lambda store: store.delete(Letter, letter.id))
    editor = LetterEditor(worker, letter_id=letter.id)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitUntil(lambda: not editor.isVisible(), timeout=5000)
    assert "no longer exists" in answers.questions[-1]


def test_the_censorship_tab_of_a_new_letter_offers_to_save_it(qtbot, open_editor, worker):
    editor = open_editor(prisoner_id=KAGARLITSKY)
    editor.tabs.setCurrentIndex(1)
    button = editor.censorship.currentWidget().findChild(QPushButton)
    assert button.text() == "Save the letter now"
    with qtbot.waitSignal(editor.saved, timeout=5000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert editor.censorship.currentIndex() == 1 and editor.translations.currentIndex() == 1
    assert editor.censorship.add_button.isEnabled()
    assert not editor.censorship.delete_button.isEnabled()  # nothing chosen yet

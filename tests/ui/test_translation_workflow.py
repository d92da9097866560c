"""The translation workflow in the GUI: claims, the side-by-side editor, offline batches."""

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox
from qt_helpers import settle

from lettermanager.domain.records import LetterIn, PrisonerIn, TranslationIn
from lettermanager.store import translation_queue as tq
from lettermanager.store.models import Letter, Translation
from lettermanager.store.service import Store
from lettermanager.ui.translation_editor import TranslationEditor
from lettermanager.ui.translation_work import CLAIM, RELEASE, REVIEW
from lettermanager.ui.translations_page import TranslationsPage
from lettermanager.ui.worker import DatabaseWorker

RUSSIAN = ("Дорогая Саша! Спасибо за твоё письмо, оно шло почти месяц. У нас всё хорошо, "
           "кот передаёт привет, а в саду наконец зацвели яблони.")
ENGLISH = ("Dear Sasha! Thank you for your letter, it took almost a month. All is well "
           "here, the cat says hello, and the apple trees are finally in bloom.")


def set_me(store, name):
    settings = store.settings()
    settings.user_name = name
    store.save_settings(settings)


@pytest.fixture
def store(empty_db, tmp_path):
    store = Store(empty_db, settings_path=tmp_path / "settings.json")
    set_me(store, "Анна")
    return store


@pytest.fixture
def worker(store):
    worker = DatabaseWorker(store)
    yield worker
    worker.stop()


@pytest.fixture
def messages(monkeypatch):
    shown = []

    def record(parent, title, text, *args, **kwargs):
        shown.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", record)
    monkeypatch.setattr(QMessageBox, "information", record)
    return shown


@pytest.fixture
def requests(store):
    """Two requests into Russian for two outgoing English letters, and one ru->en."""
    prisoner = store.create(PrisonerIn(full_name="Скочиленко Александра"))
    card = store.create(LetterIn(prisoner_id=prisoner.id, direction="outgoing",
                                 title="Birthday card", language="en", body="Happy birthday!"))
    news = store.create(LetterIn(prisoner_id=prisoner.id, direction="outgoing",
                                 title="News from home", language="en", body="All is well."))
    answer = store.create(LetterIn(prisoner_id=prisoner.id, direction="incoming",
                                   title="Письмо из СИЗО", language="ru",
                                   body="\n\n".join([RUSSIAN] * 40)))
    first = tq.ensure_translation_request(store, card.id)
    second = tq.ensure_translation_request(store, news.id)
    long_one = store.create(TranslationIn(letter_id=answer.id, source_language="ru",
                                          target_language="en",
                                          text="\n\n".join([ENGLISH] * 40)))
    return first, second, long_one


def make_page(qtbot, worker):
    page = TranslationsPage(worker)
    qtbot.addWidget(page)
    page.resize(1200, 600)
    page.show()
    settle(worker)
    return page


def click(qtbot, button):
    assert button.isEnabled(), button.text()
    if isinstance(button, QAction):
        button.trigger()
    else:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_second_claim_is_refused_with_who_and_since_when(qtbot, worker, store, requests,
                                                           messages):
    first, _second, _long = requests
    page = make_page(qtbot, worker)
    page.select_ids([first.id])
    click(qtbot, page.action_buttons[CLAIM])
    settle(worker)
    claimed = store.get(Translation, first.id)
    assert (claimed.status, claimed.translator) == ("in_progress", "Анна")
    row = next(r for r in page.model.rows() if r.id == first.id)
    number = page.model.rows().index(row)
    assert page.model.index(number, 4).data() == "Анна"
    assert page.model.index(number, 7).data()  # since when
    assert not page.action_buttons[CLAIM].isEnabled()  # she holds it already
    assert page.action_buttons[RELEASE].isEnabled()

    set_me(store, "Marie")  # another translator, at the same desk
    page.refresh()
    settle(worker)
    page.select_ids([first.id])
    click(qtbot, page.action_buttons[CLAIM])
    settle(worker)
    assert len(messages) == 1
    assert "You cannot claim this translation" in messages[0]
    assert "Анна has claimed it since" in messages[0]
    assert store.get(Translation, first.id).translator == "Анна"


def test_release_review_and_not_needed(qtbot, worker, store, requests, messages):
    first, second, _long = requests
    page = make_page(qtbot, worker)
    page.select_ids([first.id])
    click(qtbot, page.action_buttons[CLAIM])
    settle(worker)
    click(qtbot, page.action_buttons[RELEASE])
    settle(worker)
    released = store.get(Translation, first.id)
    assert (released.status, released.translator) == ("queued", None)
    click(qtbot, page.action_buttons[REVIEW])
    settle(worker)
    assert store.get(Translation, first.id).status == "in_review"
    page.select_ids([second.id])
    click(qtbot, page.action_buttons["not_needed"])
    settle(worker)
    assert store.get(Translation, second.id).status == "not_needed"
    assert not any(button.isEnabled() for button in page.action_buttons.values())
    assert messages == []


def test_the_name_is_asked_once_and_kept(qtbot, worker, store, requests, monkeypatch):
    first, _second, _long = requests
    set_me(store, "")
    asked = []

    def get_text(*args, **kwargs):
        asked.append(args)
        return "  Ксения  ", True

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    page = make_page(qtbot, worker)
    page.select_ids([first.id])
    click(qtbot, page.action_buttons[CLAIM])
    settle(worker)
    assert store.settings().user_name == "Ксения"
    assert store.get(Translation, first.id).translator == "Ксения"
    click(qtbot, page.action_buttons[RELEASE])
    settle(worker)
    assert len(asked) == 1
    assert page.name_action.text() == "You: Ксения…"

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Ксения Петрова", True))
    click(qtbot, page.name_action)
    settle(worker)
    assert store.settings().user_name == "Ксения Петрова"
    assert page.name_action.text() == "You: Ксения Петрова…"


def test_batch_round_trip_with_one_conflict(qtbot, worker, store, requests, tmp_path,
                                            monkeypatch, messages):
    first, second, _long = requests
    page = make_page(qtbot, worker)
    page.select_ids([first.id, second.id])
    assert len(page.selected_rows()) == 2
    path = tmp_path / "batch"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *args, **kwargs: (str(path), ""))
    click(qtbot, page.export_button)
    settle(worker)
    written = path.with_suffix(".json")
    batch = json.loads(written.read_text(encoding="utf-8"))
    assert {item["translation"]["id"] for item in batch["items"]} == {first.id, second.id}

    # Offline, the translator fills both in; at home the second letter's original changes.
    for item in batch["items"]:
        item["translation"].update(text="Перевод: " + item["original"]["body"],
                                   status="in_review", translator="Marie")
    written.write_text(json.dumps(batch, ensure_ascii=False), encoding="utf-8")
    news = store.get(Letter, second.letter_id)
    store.update(Letter, news.id, {**news.model_dump(include=set(LetterIn.model_fields)),
                                   "body": "All is well. PS: the cat is back."})

    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *args, **kwargs: (str(written), ""))
    click(qtbot, page.import_button)
    settle(worker)
    preview = page.batch_dialog
    outcomes = {line.letter: (line.outcome, line.reason) for line in preview.lines}
    assert outcomes == {
        "Birthday card": ("updated", ""),
        "News from home": ("conflict",
                           "the original letter was changed after the batch was made"),
    }
    assert preview.model.index(1, 2).data() == "Conflict: left as it is"
    assert store.get(Translation, first.id).text is None  # nothing written yet

    click(qtbot, preview.import_button)
    settle(worker)
    result = page.batch_dialog
    assert result is not preview and result.import_button is None
    assert "1 translation updated" in result.summary.text()
    done = store.get(Translation, first.id)
    assert (done.text, done.status, done.translator) == (
        "Перевод: Happy birthday!", "in_review", "Marie")
    assert store.get(Translation, second.id).text is None
    assert messages[:1] == [f"2 translations were saved to {written}."]


def test_a_file_that_is_not_a_batch_is_refused(qtbot, worker, store, requests, tmp_path,
                                               monkeypatch, messages):
    bad = tmp_path / "notes.json"
    bad.write_text('{"format": "something"}', encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    page = make_page(qtbot, worker)
    click(qtbot, page.import_button)
    settle(worker)
    assert len(messages) == 1 and "not a LetterManager translation batch" in messages[0]
    assert page.batch_dialog is None


# --- the side-by-side editor -------------------------------------------------------------


def open_editor(qtbot, worker, translation_id, who="Анна"):
    editor = TranslationEditor(worker, translation_id, who)
    qtbot.addWidget(editor)
    with qtbot.waitSignal(editor.loaded, timeout=5000):
        editor.show()
    return editor


def test_opening_a_queued_translation_claims_it(qtbot, worker, store, requests):
    first, _second, _long = requests
    editor = open_editor(qtbot, worker, first.id)
    assert editor.original.toPlainText() == "Happy birthday!"
    assert editor.original.isReadOnly() and not editor.translated.isReadOnly()
    assert editor.original_words.text() == "2 words"
    assert store.get(Translation, first.id).translator == "Анна"
    assert "claimed by Анна" in editor.details.text()


def test_autosave_writes_the_text_after_typing_stops(qtbot, worker, store, requests):
    first, _second, _long = requests
    editor = open_editor(qtbot, worker, first.id)
    editor.autosave_timer.setInterval(300)
    editor.translated.insertPlainText("С днём рождения!")  # as typed (keyClicks is ASCII)
    assert editor.translated_words.text() == "3 words"
    assert store.get(Translation, first.id).text is None
    qtbot.waitUntil(lambda: store.get(Translation, first.id).text == "С днём рождения!",
                    timeout=5000)
    qtbot.waitUntil(lambda: editor.status_label.text().startswith("Saved "), timeout=2000)
    assert not editor.isWindowModified()


def test_ctrl_s_saves_and_closing_keeps_unsaved_text(qtbot, worker, store, requests):
    first, _second, _long = requests
    editor = open_editor(qtbot, worker, first.id)
    editor.autosave_timer.setInterval(60_000)
    editor.translated.insertPlainText("Первая строка")
    with qtbot.waitSignal(editor.saved, timeout=5000):
        qtbot.keyClick(editor.translated, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert store.get(Translation, first.id).text == "Первая строка"
    editor.translated.insertPlainText(", вторая")
    editor.close()
    qtbot.waitUntil(lambda: not editor.isVisible(), timeout=5000)
    assert store.get(Translation, first.id).text == "Первая строка, вторая"


def test_someone_elses_claim_opens_read_only(qtbot, worker, store, requests):
    first, _second, _long = requests
    tq.claim(store, first.id, "Marie")
    editor = open_editor(qtbot, worker, first.id, who="Анна")
    assert editor.translated.isReadOnly()
    assert "Marie has claimed this translation" in editor.banner.text()
    assert not editor.save_button.isEnabled()


def test_scrolling_one_side_scrolls_the_other(qtbot, worker, store, requests):
    _first, _second, long_one = requests
    editor = open_editor(qtbot, worker, long_one.id)
    editor.resize(1000, 600)
    QApplication.processEvents()
    left, right = editor.original.verticalScrollBar(), editor.translated.verticalScrollBar()
    assert left.maximum() > 0 and right.maximum() > 0

    def fraction(bar):
        return bar.value() / bar.maximum()

    for _drag in range(3):  # to the end: a long text grows as it is laid out
        left.setValue(left.maximum())
    assert fraction(left) == 1 and fraction(right) == 1
    right.setValue(right.maximum() // 3)
    assert right.value() > 0 and abs(fraction(left) - fraction(right)) < 0.03
    editor.sync_box.setChecked(False)
    kept = right.value()
    left.setValue(0)
    assert right.value() == kept


def test_closing_the_window_saves_open_translations_first(qtbot, worker, store, requests):
    first, _second, _long = requests
    page = make_page(qtbot, worker)
    page.select_ids([first.id])
    page.translate_selected()
    settle(worker)
    (editor,) = page.editors
    qtbot.waitUntil(lambda: not editor.translated.isReadOnly())  # loaded
    editor.autosave_timer.setInterval(60_000)
    editor.translated.insertPlainText("С днём рождения")
    proceeded = []
    assert page.request_leave(lambda: proceeded.append(True)) is False
    qtbot.waitUntil(lambda: proceeded == [True], timeout=5000)
    assert store.get(Translation, first.id).text == "С днём рождения"
    assert page.request_leave(lambda: None) is True


def test_mark_done_saves_the_text_first(qtbot, worker, store, requests):
    first, _second, _long = requests
    editor = open_editor(qtbot, worker, first.id)
    editor.autosave_timer.setInterval(60_000)
    editor.translated.insertPlainText("С днём рождения!")
    qtbot.mouseClick(editor.done_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: store.get(Translation, first.id).status == "done", timeout=5000)
    settle(worker)
    assert store.get(Translation, first.id).text == "С днём рождения!"
    assert editor.translated.isReadOnly() and not editor.is_dirty()

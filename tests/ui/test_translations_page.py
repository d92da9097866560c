"""The Translations page: filters, opening a letter, the empty state."""

import pytest
from PySide6.QtCore import Qt
from qt_helpers import settle

from lettermanager.domain.records import LetterIn, PrisonerIn, TranslationIn
from lettermanager.ui.translations_page import TranslationsPage
from lettermanager.ui.worker import DatabaseWorker


@pytest.fixture
def worker(store):
    worker = DatabaseWorker(store)
    yield worker
    worker.stop()


@pytest.fixture
def letters(store):
    prisoner = store.create(PrisonerIn(full_name="Скочиленко Александра"))
    to_her = store.create(LetterIn(prisoner_id=prisoner.id, direction="outgoing",
                                   title="Birthday card", language="en"))
    from_her = store.create(LetterIn(prisoner_id=prisoner.id, direction="incoming",
                                     title="Письмо из СИЗО", language="ru"))
    store.create(TranslationIn(letter_id=to_her.id, source_language="en",
                               target_language="ru", status="queued", priority=2,
                               due_on="2024-12"))
    store.create(TranslationIn(letter_id=from_her.id, source_language="ru",
                               target_language="en", status="done", translator="Mark"))
    store.create(TranslationIn(letter_id=from_her.id, source_language="ru",
                               target_language="fr", status="in_review"))
    return to_her, from_her


def make_page(qtbot, worker):
    page = TranslationsPage(worker)
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.show()
    settle(worker)
    return page


def shown_titles(page):
    return [page.proxy.index(row, 0).data() for row in range(page.proxy.rowCount())]


def test_lists_translations_with_readable_values(qtbot, worker, letters):
    page = make_page(qtbot, worker)
    assert page.stack.currentWidget() is page.table
    assert page.model.rowCount() == 3
    first = page.model.rows()[0]
    row = page.model.rows().index(first)
    values = [page.model.index(row, column).data() for column in range(8)]
    assert values == ["Birthday card", "Скочиленко Александра", "English → Russian", "Queued",
                      "", "2", "Dec 2024", ""]
    assert page.count_label.text() == "3 translations"


def test_filter_by_state_and_language(qtbot, worker, letters):
    page = make_page(qtbot, worker)
    page.status.setCurrentIndex(page.status.findData("open"))
    settle(worker)
    assert sorted(shown_titles(page)) == ["Birthday card", "Письмо из СИЗО"]

    page.status.setCurrentIndex(0)
    page.language.setCurrentIndex(page.language.findData("en"))
    settle(worker)
    assert shown_titles(page) == ["Письмо из СИЗО"]
    assert [page.language.itemText(n) for n in range(page.language.count())] == [
        "Any language", "English", "French", "Russian"]

    page.status.setCurrentIndex(page.status.findData("queued"))
    settle(worker)
    assert page.stack.currentWidget() is page.no_match
    page.clear_filters()
    settle(worker)
    assert page.proxy.rowCount() == 3

    page.filter.setText("mark")
    assert shown_titles(page) == ["Письмо из СИЗО"]


def test_open_letter_button_opens_the_letter(qtbot, worker, letters):
    to_her, _from_her = letters
    page = make_page(qtbot, worker)
    row = [page.proxy.index(n, 0).data() for n in range(3)].index("Birthday card")
    rect = page.table.visualRect(page.proxy.index(row, 0))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(page.open_letter) as signal:
        page.open_letter_button.trigger()
    assert signal.args == [to_her.id]


def test_empty_state(qtbot, worker):
    page = make_page(qtbot, worker)
    assert page.stack.currentWidget() is page.empty
    assert page.count_label.text() == "0 translations"

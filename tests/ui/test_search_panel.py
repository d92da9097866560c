"""The toolbar's search box, driven through its widgets, without the main window."""

import pytest
from hostile_queries import HOSTILE
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from lettermanager.domain.records import LetterIn, PrisonerIn
from lettermanager.store.search import SearchHit, search
from lettermanager.ui import search_panel
from lettermanager.ui.search_panel import (
    MARK_END,
    MARK_START,
    HtmlRole,
    SearchBox,
    SearchResultsModel,
    hit_html,
)


def settle(worker, rounds=4):
    for _ in range(rounds):
        worker.call(lambda store: None)
        QApplication.processEvents()


@pytest.fixture
def failures(worker):
    seen = []
    worker.failed.connect(seen.append)
    return seen


def make_box(qtbot, worker, **kwargs):
    window = QWidget()
    layout = QVBoxLayout(window)
    box = SearchBox(worker, **kwargs)
    layout.addWidget(box)
    layout.addStretch(1)
    qtbot.addWidget(window)
    window.resize(1000, 700)
    window.show()
    qtbot.waitExposed(window)
    box.setFocus()
    box.test_window = window  # the window lives as long as the test holds the box
    return box


def type_text(widget, text):
    """Type like a keyboard would, in any script (QTest's keyClicks knows Latin-1 only)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier,
                                                     char))


def type_and_wait(qtbot, worker, box, text):
    box.clear()
    type_text(box, text)
    qtbot.wait(search_panel.DEBOUNCE_MS + 50)
    settle(worker)


def prisoner_id(worker, name="Кагарлицкий Борис Юльевич"):
    return next(p.id for p in worker.call(lambda store: store.prisoners()) if p.full_name == name)


def test_typing_searches_after_a_pause_and_shows_the_hits(qtbot, worker, failures):
    box = make_box(qtbot, worker)
    type_and_wait(qtbot, worker, box, "Kagarl")
    assert box.popup.isVisible()
    hits = box.results.model.hits()
    assert any(hit.kind == "prisoner" and hit.title == "Кагарлицкий Борис Юльевич"
               for hit in hits)
    assert box.results.status.text().endswith("results")
    html = [box.results.model.index(row).data(HtmlRole) for row in range(len(hits))]
    assert any("<b>Kagarlitsky</b>" in text or "<u>Кагарлицкий</u>" in text for text in html)
    assert failures == []


def test_one_search_per_pause_not_per_key(qtbot, worker):
    queries = []

    def counting(db, query, **kwargs):
        queries.append(query)
        return search(db, query, **kwargs)

    box = make_box(qtbot, worker, searcher=counting)
    type_and_wait(qtbot, worker, box, "Zelenograd")
    assert queries == ["Zelenograd"]


def test_keyboard_moves_through_the_hits_and_enter_opens_one(qtbot, worker):
    box = make_box(qtbot, worker)
    type_and_wait(qtbot, worker, box, "Kagarlitsky")
    view = box.results.view
    assert view.currentIndex().row() == 0
    qtbot.keyClick(box, Qt.Key.Key_Down)
    qtbot.keyClick(box, Qt.Key.Key_Down)
    assert view.currentIndex().row() == 2
    qtbot.keyClick(box, Qt.Key.Key_Up)
    assert view.currentIndex().row() == 1
    for _ in range(60):  # stops at the last hit
        qtbot.keyClick(box, Qt.Key.Key_Down)
    assert view.currentIndex().row() == box.results.model.rowCount() - 1
    qtbot.keyClick(box, Qt.Key.Key_Home)  # the line edit's own keys still work
    for _ in range(60):
        qtbot.keyClick(box, Qt.Key.Key_Up)
    assert box.results.current_hit().kind == "prisoner"
    with qtbot.waitSignal(box.open_prisoner, timeout=1000) as opened:
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert opened.args == [prisoner_id(worker)]
    assert not box.popup.isVisible()


def test_a_translation_opens_its_letter_and_a_facility_itself(qtbot, worker):
    box = make_box(qtbot, worker)
    type_and_wait(qtbot, worker, box, '"patience is a virtue"')
    hits = box.results.model.hits()
    row = next(index for index, hit in enumerate(hits) if hit.kind == "translation")
    box.results.view.setCurrentIndex(box.results.model.index(row))
    with qtbot.waitSignal(box.open_letter, timeout=1000) as opened:
        qtbot.keyClick(box, Qt.Key.Key_Enter)
    assert opened.args == [hits[row].letter_id]

    type_and_wait(qtbot, worker, box, "Зеленоград")
    hits = box.results.model.hits()
    row = next(index for index, hit in enumerate(hits) if hit.kind == "facility")
    rect = box.results.view.visualRect(box.results.model.index(row))
    with qtbot.waitSignal(box.open_facility, timeout=1000) as opened:
        qtbot.mouseClick(box.results.view.viewport(), Qt.MouseButton.LeftButton,
                         pos=rect.center())
    assert opened.args == [hits[row].id]


def test_escape_clears_the_box_and_closes_the_hits(qtbot, worker):
    box = make_box(qtbot, worker)
    type_and_wait(qtbot, worker, box, "Renfrey")
    assert box.popup.isVisible()
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert box.text() == "" and not box.popup.isVisible()
    assert box.results.model.rowCount() == 0


def test_no_results_says_so(qtbot, worker):
    box = make_box(qtbot, worker)
    type_and_wait(qtbot, worker, box, "zzqqxx")
    assert box.popup.isVisible()
    assert box.results.model.rowCount() == 0
    assert "No results" in box.results.status.text()


@pytest.mark.parametrize("query", HOSTILE, ids=[repr(q[:20]) for q in HOSTILE])
def test_hostile_queries_show_results_or_nothing_never_an_error(qtbot, worker, failures, query):
    box = make_box(qtbot, worker)
    box.setText(query)
    box.search_now()
    settle(worker)
    assert failures == []
    assert "failed" not in box.results.status.text()
    if query.strip():
        assert box.results.model.rowCount() >= 0  # the list was filled without an exception
    for row in range(box.results.model.rowCount()):
        box.results.model.index(row).data(HtmlRole)  # every hit renders
    box.popup.grab()  # and paints


def test_hostile_text_typed_key_by_key(qtbot, worker, failures):
    box = make_box(qtbot, worker)
    for query in ['"', "OR (", "NEAR(", "-*^:", "col:val", "%_\\'", "😀 שלום"]:
        type_and_wait(qtbot, worker, box, query)
    assert failures == []


def test_only_the_latest_query_is_shown(qtbot, worker, seeded_db):
    box = make_box(qtbot, worker)
    box.setText("Renfrey")
    box.search_now()
    box.setText("Полюдова")
    box.search_now()
    settle(worker)
    shown = [hit.id for hit in box.results.model.hits()]
    assert shown == [hit.id for hit in search(seeded_db, "Полюдова")]
    assert shown and not {hit.id for hit in search(seeded_db, "Renfrey")} & set(shown)


def test_a_failing_search_is_reported_in_the_popup_not_a_dialog(qtbot, worker, failures):
    def broken(db, query, **kwargs):
        raise RuntimeError("the disk went away")

    box = make_box(qtbot, worker, searcher=broken)
    type_and_wait(qtbot, worker, box, "Kagarlitsky")
    assert failures == []
    assert "the disk went away" in box.results.status.text()


def test_record_text_is_escaped_and_only_the_matches_are_bold(qtbot, seeded_store, worker):
    prisoner = seeded_store.create(PrisonerIn(full_name="Тестов Тест"))
    seeded_store.create(LetterIn(prisoner_id=prisoner.id, direction="incoming",
                                 title="<i>Курсив</i> & <script>", body="<b>не жирный</b> барсук"))
    box = make_box(qtbot, worker)
    type_and_wait(qtbot, worker, box, "барсук")
    text = box.results.model.index(0).data(HtmlRole)
    assert "&lt;i&gt;Курсив&lt;/i&gt; &amp; &lt;script&gt;" in text
    assert "&lt;b&gt;не жирный&lt;/b&gt; <b>барсук</b>" in text


def test_hit_html_marks_a_title_match_in_the_title():
    hit = SearchHit(kind="prisoner", id="p", title="Кагарлицкий Борис", rank=-1,
                    snippet=f"{MARK_START}Кагарлицкий{MARK_END} Борис")
    assert "<u>Кагарлицкий</u>" in hit_html(hit)
    assert hit_html(hit).count("Кагарлицкий") == 1


def test_the_model_passes_the_model_tester(qtmodeltester, seeded_db):
    model = SearchResultsModel()
    model.set_hits(search(seeded_db, "Kagarlitsky", markers=(MARK_START, MARK_END)))
    assert model.rowCount() > 3
    qtmodeltester.check(model)


def test_the_hits_follow_changes_to_the_records(qtbot, worker):
    box = make_box(qtbot, worker)
    type_and_wait(qtbot, worker, box, "Zebrovsky")
    assert box.results.model.rowCount() == 0
    worker.submit(lambda store: store.create(PrisonerIn(full_name="Зебровский Зиновий")),
                  writes=True)
    settle(worker)
    assert [hit.title for hit in box.results.model.hits()] == ["Зебровский Зиновий"]


def test_focus_search_selects_the_text(qtbot, worker):
    box = make_box(qtbot, worker)
    box.setText("Kagarlitsky")
    box.clearFocus()
    box.focus_search()
    assert box.test_window.focusWidget() is box and box.selectedText() == "Kagarlitsky"

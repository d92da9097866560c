"""The Overview page: what it lists for the seed data and for scenarios built step by step,
with a fixed "today"."""

from datetime import date

import pytest
from PySide6.QtCore import Qt

from lettermanager.domain.records import FacilityIn, LetterIn, PrisonerIn
from lettermanager.store import letter_ops
from lettermanager.ui.overview_page import OverviewPage
from lettermanager.ui.worker import DatabaseWorker

KAGARLITSKY = "72c787ca-3846-55fc-bd24-3dcad7826a3d"


@pytest.fixture
def make_page(qtbot):
    workers = []

    def make(store, today):
        worker = DatabaseWorker(store)
        workers.append(worker)
        page = OverviewPage(worker, today=lambda: today)
        qtbot.addWidget(page)
        page.resize(1200, 900)
        page.show()
        qtbot.waitUntil(lambda: page.data is not None)
        return page
    yield make
    for worker in workers:
        worker.stop()


def write(qtbot, page, operation):
    """Change the data through the page's worker and wait for the overview to reload."""
    with qtbot.waitSignal(page.loaded, timeout=5000):
        page.worker.submit(operation, writes=True)
    return page


def texts(page, name):
    return page.list(name).texts()


def test_seed_data_shows_kagarlitsky_contact_and_moves(qtbot, make_page, seeded_store):
    page = make_page(seeded_store, date(2025, 1, 15))
    contact = texts(page, "contact")
    assert any("Кагарлицкий" in t for t in contact)
    assert "no contact for 62 days" in contact
    assert any("14 November 2024" in t for t in contact)
    # Where to write now: his current stay (a penal colony, start known only as "2024").
    assert any("now: Penal colony (name not published), since 2024" in t for t in contact)
    moves = " | ".join(texts(page, "moves"))
    assert "moved to Detention Centre No. 12, Zelenograd · 2024" in moves
    assert "moved to Penal colony (name not published) · 2024" in moves
    assert "Syktyvkar" not in moves  # 2023: not a recent move
    assert page.sections["overdue"].is_empty()
    assert page.cards["out_of_contact"].number.text() == "1"
    # Letters per month: his two dated letters of 2024 (March and November) were received.
    per_month = dict((key, (sent, received)) for key, sent, received in page.chart.data)
    assert per_month["2024-11"] == (0, 1) and per_month["2024-03"] == (0, 1)

    with qtbot.waitSignal(page.open_prisoner) as signal:
        view = page.list("contact")
        rect = view.visualItemRect(view.entries()[0])
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert signal.args == [KAGARLITSKY]
    with qtbot.waitSignal(page.open_prisoner) as signal:
        view = page.list("moves")
        view.setFocus()
        view.setCurrentItem(view.entries()[1])
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert signal.args == [KAGARLITSKY]


@pytest.fixture
def people(store):
    prisoner = store.create(PrisonerIn(full_name="Константинопольский Александр Вячеславович"))
    first = store.create(FacilityIn(name="ИК-6 Коми", kind="penal_colony"))
    second = store.create(FacilityIn(name="СИЗО-1 Москва", kind="pretrial_detention"))
    store.record_move(prisoner.id, first.id, "2024-06-01")
    return prisoner, first, second


def test_a_letter_through_its_life(qtbot, make_page, store, people):
    prisoner, first, second = people
    letter = store.create(LetterIn(
        prisoner_id=prisoner.id, direction="outgoing", facility_id=first.id, channel="post",
        status="sent", sent_on="2025-01-01", title="Новости семьи", expects_reply=True))

    page = make_page(store, date(2025, 1, 20))  # post: a reply is due 45 days later
    assert page.sections["overdue"].is_empty()
    assert "due 15 Feb 2025" in texts(page, "awaiting")
    assert "→ Новости семьи · sent 1 January 2025" in texts(page, "awaiting")

    page.today = lambda: date(2025, 3, 1)
    with qtbot.waitSignal(page.loaded):
        page.refresh()
    overdue = texts(page, "overdue")
    assert overdue[0] == prisoner.full_name  # plain silence: no heading of its own
    assert "14 days late" in overdue
    assert page.sections["awaiting"].is_empty()

    write(qtbot, page, lambda s: s.record_move(prisoner.id, second.id, "2025-01-20"))
    overdue = texts(page, "overdue")
    assert overdue[0] == "Possibly moved: a move since it was sent (1)"
    assert "Overdue (1)" not in overdue

    write(qtbot, page, lambda s: letter_ops.add_censorship_event(
        s, {"letter_id": letter.id, "kind": "delayed"}))
    overdue = texts(page, "overdue")
    assert overdue[0] == "Held by the censor (1)"
    assert any("also: possibly moved" in t for t in overdue)

    with qtbot.waitSignal(page.open_letter) as signal:
        view = page.list("overdue")
        rect = view.visualItemRect(view.entries()[0])
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert signal.args == [letter.id]

    write(qtbot, page, lambda s: s.create(LetterIn(
        prisoner_id=prisoner.id, direction="incoming", channel="post", status="received",
        received_on="2025-02-25", in_reply_to=letter.id)))
    assert page.sections["overdue"].is_empty()
    assert page.sections["awaiting"].is_empty()
    assert page.sections["overdue"].empty_text() == "No reply is overdue."
    assert page.cards["overdue"].number.text() == "0"


def test_sent_while_in_transit_and_drafts_held(qtbot, make_page, store, people):
    prisoner, _first, _second = people
    store.record_move(prisoner.id, None, "2025-01-05")
    store.create(LetterIn(prisoner_id=prisoner.id, direction="outgoing", channel="post",
                          status="sent", sent_on="2025-01-07", expects_reply=True))
    draft = store.create(LetterIn(prisoner_id=prisoner.id, direction="outgoing",
                                  channel="post", status="draft", title="Пока на этапе"))
    page = make_page(store, date(2025, 3, 1))
    assert texts(page, "overdue")[0] == "Sent while the prisoner was in transit (1)"
    drafts = texts(page, "drafts")
    assert drafts == [prisoner.full_name, "Пока на этапе", "held: the prisoner is in transit"]
    assert "in transit" in texts(page, "moves")
    with qtbot.waitSignal(page.open_letter) as signal:
        view = page.list("drafts")
        view.setFocus()
        view.setCurrentRow(0)
        qtbot.keyClick(view, Qt.Key.Key_Enter)
    assert signal.args == [draft.id]


def test_empty_database_and_nothing_due(qtbot, make_page, store):
    page = make_page(store, date(2025, 3, 1))
    assert page.stack.currentWidget() is page.welcome

    write(qtbot, page, lambda s: s.create(PrisonerIn(full_name="Иванов Пётр")))
    assert page.stack.currentWidget() is page.scroll
    for name in ("overdue", "awaiting", "drafts", "contact", "moves", "chart"):
        assert page.sections[name].is_empty(), name
    with qtbot.waitSignal(page.open_translations):
        qtbot.mouseClick(page.cards["translations"], Qt.MouseButton.LeftButton)

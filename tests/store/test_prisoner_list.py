"""The Prisoners page's data: the list rows, a prisoner's page, and recording a release."""

import pytest
from sqlalchemy import event

from lettermanager.domain.custody import Place
from lettermanager.domain.records import LetterIn, PrisonerIn
from lettermanager.store.custody_ops import record_release
from lettermanager.store.errors import InvalidInput
from lettermanager.store.models import CustodyStay, Letter, Prisoner
from lettermanager.store.prisoner_list import (
    answered_before_replies,
    prisoner_page,
    prisoner_rows,
)

KAGARLITSKY = "72c787ca-3846-55fc-bd24-3dcad7826a3d"
MIFTAKHOV = "8edd3c52-6384-5f2d-a91b-d337d02f9679"
COLONY = "4b0aabd1-b351-578d-85b9-c4f94d2dc962"
KSENIA_LETTER = "1228d9b6-f43f-5072-8917-47a8c6f0938b"  # outgoing, "2024", expects a reply
SECOND_LETTER = "5b1bbd37-f78e-5935-a341-71020fd58516"  # incoming, "2024-03", answers it


def rows_by_id(store):
    return {row.id: row for row in prisoner_rows(store)}


def outgoing(store, prisoner_id, **values):
    return store.create(LetterIn(prisoner_id=prisoner_id, direction="outgoing", **values))


def test_kagarlitsky_row_on_the_seed_data(seeded_store):
    row = rows_by_id(seeded_store)[KAGARLITSKY]
    assert row.full_name == "Кагарлицкий Борис Юльевич"
    assert row.latin_name == "Boris Kagarlitsky"
    assert row.status == "convicted"
    assert row.place is Place.HELD
    assert row.facility_id == COLONY
    assert row.facility_name == "Penal colony (name not published)"
    assert row.since == "2024"
    assert row.last_letter_on == "2024-11-14"
    assert row.letter_count == 5
    assert row.awaiting_reply == 0  # Ksenia's letter has its answer


def test_prisoners_without_custody_or_letters(seeded_store):
    rows = prisoner_rows(seeded_store)
    assert [row.full_name for row in rows] == sorted(row.full_name for row in rows)
    row = rows_by_id(seeded_store)[MIFTAKHOV]
    assert (row.place, row.facility_name, row.since) == (None, None, None)
    assert (row.last_letter_on, row.letter_count, row.awaiting_reply) == (None, 0, 0)


def test_awaiting_counts_only_unanswered_outgoing_letters_that_expect_a_reply(seeded_store):
    store = seeded_store
    waiting = outgoing(store, MIFTAKHOV, expects_reply=True, written_on="2024-05-01")
    outgoing(store, MIFTAKHOV, expects_reply=True, sent_on="2024-06")
    outgoing(store, MIFTAKHOV, expects_reply=False, written_on="2024-07")
    store.create(LetterIn(prisoner_id=MIFTAKHOV, direction="incoming", expects_reply=True,
                          received_on="2024-08-02"))
    row = rows_by_id(store)[MIFTAKHOV]
    assert row.awaiting_reply == 2
    assert row.letter_count == 4
    assert row.last_letter_on == "2024-08-02"

    store.create(LetterIn(prisoner_id=MIFTAKHOV, direction="incoming", in_reply_to=waiting.id,
                          written_on="2024-09"))
    row = rows_by_id(store)[MIFTAKHOV]
    assert row.awaiting_reply == 1
    assert row.last_letter_on == "2024-09"


def test_a_prisoner_in_transit_and_a_released_one(seeded_store):
    store = seeded_store
    store.record_move(MIFTAKHOV, COLONY, "2023-03", None)
    store.record_move(MIFTAKHOV, None, "2024-05-20", "etap")
    row = rows_by_id(store)[MIFTAKHOV]
    assert row.place is Place.IN_TRANSIT
    assert row.facility_name is None
    assert row.since == "2024-05-20"

    record_release(store, MIFTAKHOV, "2024-06")
    row = rows_by_id(store)[MIFTAKHOV]
    assert row.place is Place.FREE
    assert row.since == "2024-06"


def test_the_list_is_one_query_however_many_prisoners(seeded_store, seeded_db):
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    event.listen(seeded_db.engine, "before_cursor_execute", count)
    try:
        prisoner_rows(seeded_store)
        few = len(statements)
        for number in range(15):
            prisoner = seeded_store.create(PrisonerIn(full_name=f"Узник {number}"))
            seeded_store.record_move(prisoner.id, COLONY, "2024", None)
            outgoing(seeded_store, prisoner.id, expects_reply=True, written_on="2024")
        statements.clear()
        rows = prisoner_rows(seeded_store)
    finally:
        event.remove(seeded_db.engine, "before_cursor_execute", count)
    assert len(rows) == 19
    assert len(statements) == few == 1


def test_prisoner_page_timeline_has_facility_names_gaps_and_notes(seeded_store):
    page = prisoner_page(seeded_store, KAGARLITSKY)
    assert page.prisoner.full_name == "Кагарлицкий Борис Юльевич"
    places = [(row.place, row.facility_name, row.start, row.end) for row in page.timeline]
    assert places == [
        (Place.HELD, "Pre-trial detention centre, Syktyvkar (unnamed in reports)",
         "2023-07-25", "2023-12"),
        (Place.FREE, None, "2023-12", "2024-02-13"),
        (Place.HELD, "Pre-trial detention centre, Moscow (unnamed in reports)",
         "2024-02-13", "2024"),
        (Place.HELD, "Detention Centre No. 12, Zelenograd", "2024", "2024"),
        (Place.HELD, "Penal colony (name not published)", "2024", None),
    ]
    assert page.timeline[0].note.startswith("Arrested by the FSB")
    assert page.timeline[1].note is None and page.timeline[1].stay_id is None
    assert page.current.facility_id == COLONY


def test_prisoner_page_thread_has_every_letter_with_reply_links(seeded_store):
    thread = prisoner_page(seeded_store, KAGARLITSKY).thread
    assert len(thread) == 5
    ids = [item.letter.id for item in thread]
    # The letter of "2024" is answered in "2024-03", so it was written by then: it comes first.
    assert ids.index(KSENIA_LETTER) == ids.index(SECOND_LETTER) - 1
    by_id = {item.letter.id: item for item in thread}
    reply = by_id[SECOND_LETTER]
    assert (reply.answers.id, reply.answers.date) == (KSENIA_LETTER, "2024")
    assert reply.answers.title == "Ksenia's letter to her father, with a photo"
    assert reply.correspondent_name == "Ksenia Kagarlitskaya"
    answered = by_id[KSENIA_LETTER]
    assert [(r.id, r.date) for r in answered.replies] == [(SECOND_LETTER, "2024-03")]
    assert not answered.awaiting_reply
    assert thread[0].date == "2023" and thread[-1].date == "2024-11-14"
    statement = thread[-1]
    assert statement.facility_name == "Penal colony (name not published)"
    assert statement.answers is None and statement.replies == []


def test_an_unanswered_letter_is_awaiting_in_the_thread(seeded_store):
    letter = outgoing(seeded_store, KAGARLITSKY, expects_reply=True, written_on="2025-01-10")
    item = next(i for i in prisoner_page(seeded_store, KAGARLITSKY).thread
                if i.letter.id == letter.id)
    assert item.awaiting_reply


def test_dates_that_contradict_a_reply_link_keep_their_order():
    first = Letter(id="a", prisoner_id="p", direction="incoming", written_on="2024-01")
    later = Letter(id="b", prisoner_id="p", direction="outgoing", written_on="2025",
                   in_reply_to="c")
    answered = Letter(id="c", prisoner_id="p", direction="incoming", written_on="2026")
    assert [x.id for x in answered_before_replies([first, later, answered])] == ["a", "b", "c"]
    vague = Letter(id="c", prisoner_id="p", direction="incoming", written_on="2025")
    dated = Letter(id="b", prisoner_id="p", direction="outgoing", written_on="2025-02",
                   in_reply_to="c")
    assert [x.id for x in answered_before_replies([first, dated, vague])] == ["a", "c", "b"]


def test_record_release_ends_the_open_stay_and_marks_the_prisoner_released(seeded_store):
    stay = record_release(seeded_store, KAGARLITSKY, "2025-03", "Released after appeal")
    assert stay.facility_id == COLONY
    saved = seeded_store.get(CustodyStay, stay.id)
    assert saved.end == "2025-03"
    assert saved.note.endswith("\nReleased after appeal")
    assert seeded_store.get(Prisoner, KAGARLITSKY).status == "released"
    assert seeded_store.current_place(KAGARLITSKY).place is Place.FREE


def test_record_release_can_keep_the_status(seeded_store):
    record_release(seeded_store, KAGARLITSKY, "2025", mark_released=False)
    assert seeded_store.get(Prisoner, KAGARLITSKY).status == "convicted"


@pytest.mark.parametrize(("prisoner", "end", "field_message"), [
    (KAGARLITSKY, "2023", "before it starts"),  # the open stay began in 2024
    (KAGARLITSKY, "", "required"),
    (MIFTAKHOV, "2024", "no open custody stay"),
])
def test_a_refused_release_changes_nothing(seeded_store, prisoner, end, field_message):
    before = seeded_store.custody_stays(prisoner)
    status = seeded_store.get(Prisoner, prisoner).status
    with pytest.raises(InvalidInput) as caught:
        record_release(seeded_store, prisoner, end)
    assert caught.value.problems[0][0] == "end"
    assert field_message in caught.value.problems[0][1]
    after = seeded_store.custody_stays(prisoner)
    assert [(s.id, s.end, s.note) for s in after] == [(s.id, s.end, s.note) for s in before]
    assert seeded_store.get(Prisoner, prisoner).status == status

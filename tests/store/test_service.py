import pytest

from lettermanager.domain.custody import Place
from lettermanager.domain.records import (
    CensorshipEventIn,
    CorrespondentIn,
    CustodyIn,
    FacilityIn,
    LetterIn,
    PrisonerIn,
    TranslationIn,
)
from lettermanager.store.errors import DeleteRefused, InvalidInput, NotFound
from lettermanager.store.models import CensorshipEvent, Facility, Letter, Prisoner


@pytest.fixture
def prisoner(store):
    return store.create(PrisonerIn(full_name="Кагарлицкий Борис Юльевич", status="convicted"))


@pytest.fixture
def colony(store):
    return store.create(FacilityIn(name="ИК-1", kind="penal_colony", country="Russia",
                                   postal_code="123456"))


def test_create_update_delete_round(store, prisoner):
    updated = store.update(Prisoner, prisoner.id, {"full_name": prisoner.full_name,
                                                  "latin_name": "Boris Kagarlitsky"})
    assert store.get(Prisoner, prisoner.id).latin_name == "Boris Kagarlitsky"
    assert updated.updated_at > prisoner.updated_at
    store.delete(Prisoner, prisoner.id)
    with pytest.raises(NotFound):
        store.get(Prisoner, prisoner.id)


def test_invalid_update_names_the_field_and_changes_nothing(store, prisoner):
    with pytest.raises(InvalidInput) as caught:
        store.update(Prisoner, prisoner.id, {"full_name": "X", "status": "free"})
    assert caught.value.problems[0][0] == "status"
    assert store.get(Prisoner, prisoner.id).full_name == prisoner.full_name


def test_deleting_a_prisoner_with_letters_is_refused(store, prisoner):
    store.create(LetterIn(prisoner_id=prisoner.id, direction="outgoing"))
    with pytest.raises(DeleteRefused, match="refer to it: 1 letter"):
        store.delete(Prisoner, prisoner.id)
    assert store.get(Prisoner, prisoner.id)


def test_deleting_a_facility_in_use_is_refused(store, prisoner, colony):
    store.record_move(prisoner.id, colony.id, "2024-11")
    with pytest.raises(DeleteRefused, match="1 custody stay"):
        store.delete(Facility, colony.id)


def test_deleting_a_letter_takes_its_censorship_events_and_translations(store, prisoner):
    letter = store.create(LetterIn(prisoner_id=prisoner.id, direction="incoming", language="ru"))
    store.create(CensorshipEventIn(letter_id=letter.id, kind="redacted"))
    store.create(TranslationIn(letter_id=letter.id, source_language="ru", target_language="en"))
    store.delete(Letter, letter.id)
    counts = store.counts()
    assert counts["censorship event"] == counts["translation"] == 0


def test_letter_references_must_exist(store, prisoner):
    with pytest.raises(InvalidInput) as caught:
        store.create(LetterIn(prisoner_id="00000000-0000-4000-8000-000000000000",
                              direction="outgoing"))
    assert caught.value.problems == [
        ("prisoner_id", "no prisoner with id 00000000-0000-4000-8000-000000000000")]


def test_a_reply_to_a_letter_of_another_prisoner_is_rejected(store, prisoner):
    other = store.create(PrisonerIn(full_name="Мифтахов Азат"))
    theirs = store.create(LetterIn(prisoner_id=other.id, direction="outgoing"))
    with pytest.raises(InvalidInput) as caught:
        store.create(LetterIn(prisoner_id=prisoner.id, direction="incoming",
                              in_reply_to=theirs.id))
    assert caught.value.problems[0][0] == "in_reply_to"
    assert store.counts()["letter"] == 1


def test_a_letter_cannot_answer_itself(store, prisoner):
    letter = store.create(LetterIn(prisoner_id=prisoner.id, direction="outgoing"))
    with pytest.raises(InvalidInput, match="cannot answer itself"):
        store.update(Letter, letter.id, {"prisoner_id": prisoner.id, "direction": "outgoing",
                                         "in_reply_to": letter.id})


def test_record_move_closes_the_open_stay_and_builds_the_timeline(store, prisoner, colony):
    store.record_move(prisoner.id, None, "2024-02-13", note="etap")
    assert store.current_place(prisoner.id).place is Place.IN_TRANSIT
    store.record_move(prisoner.id, colony.id, "2024-03")
    place = store.current_place(prisoner.id)
    assert (place.place, place.facility.id, place.since) == (Place.HELD, colony.id, "2024-03")
    timeline = store.custody_timeline(prisoner.id)
    assert [(e.place, e.start, e.end) for e in timeline] == [
        (Place.IN_TRANSIT, "2024-02-13", "2024-03"), (Place.HELD, "2024-03", None)]


def test_a_move_before_the_current_stay_began_is_rejected(store, prisoner, colony):
    store.record_move(prisoner.id, colony.id, "2024-03-10")
    with pytest.raises(InvalidInput, match="before the current stay began"):
        store.record_move(prisoner.id, None, "2024-02")
    assert len(store.custody_stays(prisoner.id)) == 1


def test_a_second_open_stay_is_refused(store, prisoner, colony):
    store.create(CustodyIn(prisoner_id=prisoner.id, facility_id=colony.id, start="2024"))
    with pytest.raises(InvalidInput, match="already has an open stay"):
        store.create(CustodyIn(prisoner_id=prisoner.id, start="2025"))


def test_facility_on_a_date_is_where_the_prisoner_was(store, prisoner, colony):
    sizo = store.create(FacilityIn(name="СИЗО-12", kind="pretrial_detention"))
    store.create(CustodyIn(prisoner_id=prisoner.id, facility_id=sizo.id, start="2024-02-13",
                           end="2024-10"))
    store.create(CustodyIn(prisoner_id=prisoner.id, facility_id=colony.id, start="2024-11"))
    assert store.facility_on(prisoner.id, "2024-03-02").id == sizo.id
    assert store.facility_on(prisoner.id, "2024-11-14").id == colony.id
    assert store.facility_on(prisoner.id, "2023-01-01") is None


def test_prisoner_letters_in_date_order_and_letter_detail(store, prisoner):
    friend = store.create(CorrespondentIn(name="Ксения", role="family"))
    first = store.create(LetterIn(prisoner_id=prisoner.id, direction="outgoing",
                                  correspondent_id=friend.id, sent_on="2024-03-02",
                                  expects_reply=True))
    undated = store.create(LetterIn(prisoner_id=prisoner.id, direction="incoming"))
    reply = store.create(LetterIn(prisoner_id=prisoner.id, direction="incoming",
                                  written_on="2024-03", in_reply_to=first.id))
    earlier = store.create(LetterIn(prisoner_id=prisoner.id, direction="incoming",
                                    written_on="2023"))
    assert [letter.id for letter in store.prisoner_letters(prisoner.id)] == [
        earlier.id, first.id, reply.id, undated.id]
    store.create(CensorshipEventIn(letter_id=reply.id, kind="censor_comment", noted_on="2024-03"))
    store.create(TranslationIn(letter_id=reply.id, source_language="ru", target_language="en",
                               status="done", text="Ksiusha, my dear"))
    detail = store.letter_detail(reply.id)
    assert detail.answers.id == first.id
    assert [e.kind for e in detail.censorship_events] == ["censor_comment"]
    assert [t.text for t in detail.translations] == ["Ksiusha, my dear"]
    assert [r.id for r in store.letter_detail(first.id).replies] == [reply.id]


def test_records_returned_are_usable_after_the_session_closes(store, prisoner):
    event_letter = store.create(LetterIn(prisoner_id=prisoner.id, direction="incoming"))
    event = store.create(CensorshipEventIn(letter_id=event_letter.id, kind="withheld"))
    fetched = store.get(CensorshipEvent, event.id)
    fetched = store.get(CensorshipEvent, event.id)
    assert fetched.kind == "withheld"  # attributes load without a session


def test_a_refusal_reads_in_the_interface_language(store, prisoner):
    """The window shows the store's reasons; they follow the chosen language."""
    from lettermanager import i18n

    for _ in range(3):
        store.create(LetterIn(prisoner_id=prisoner.id, direction="outgoing"))
    i18n.set_language("ru")
    try:
        with pytest.raises(DeleteRefused, match="3 письма"):
            store.delete(Prisoner, prisoner.id)
    finally:
        i18n.set_language("en")
    with pytest.raises(DeleteRefused, match="3 letters"):
        store.delete(Prisoner, prisoner.id)

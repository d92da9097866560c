"""The queries behind the Overview, Translations and Facilities pages."""

from lettermanager.domain.records import (
    CustodyIn,
    FacilityIn,
    LetterIn,
    PrisonerIn,
    TranslationIn,
)
from lettermanager.store.facility_list import facility_rows, held_at
from lettermanager.store.summary import OverviewCounts, overview_counts, recent_letters
from lettermanager.store.translations_list import (
    OPEN_STATUSES,
    target_languages,
    translation_rows,
)

KAGARLITSKY = "72c787ca-3846-55fc-bd24-3dcad7826a3d"


def _prisoner(store, name="Иванов Иван Иванович"):
    return store.create(PrisonerIn(full_name=name))


def _letter(store, prisoner_id, **fields):
    values = {"prisoner_id": prisoner_id, "direction": "outgoing"} | fields
    return store.create(LetterIn(**values))


def test_empty_database_counts_nothing(store):
    counts = overview_counts(store)
    assert counts == OverviewCounts()
    assert counts.is_empty
    assert recent_letters(store) == []
    assert translation_rows(store) == []
    assert facility_rows(store) == []


def test_seed_counts(seeded_store):
    counts = overview_counts(seeded_store)
    assert (counts.prisoners, counts.letters) == (4, 5)
    # Ksenia's letter expects a reply and his March 2024 letter answers it.
    assert counts.awaiting_reply == 0
    assert counts.drafts == 0
    assert not counts.is_empty


def test_awaiting_reply_counts_outgoing_letters_until_answered(store):
    prisoner = _prisoner(store)
    asked = _letter(store, prisoner.id, expects_reply=True, status="sent", sent_on="2024-05")
    _letter(store, prisoner.id, expects_reply=False, status="sent")
    _letter(store, prisoner.id, direction="incoming", expects_reply=True, status="received")
    assert overview_counts(store).awaiting_reply == 1

    _letter(store, prisoner.id, direction="incoming", status="received", in_reply_to=asked.id)
    assert overview_counts(store).awaiting_reply == 0


def test_drafts_and_translation_states_are_counted(store):
    prisoner = _prisoner(store)
    draft = _letter(store, prisoner.id, status="draft", language="en")
    _letter(store, prisoner.id, status="sent")
    for status in ("queued", "queued", "in_progress", "in_review", "done", "not_needed"):
        store.create(TranslationIn(letter_id=draft.id, source_language="en",
                                   target_language="ru", status=status))
    counts = overview_counts(store)
    assert counts.drafts == 1
    assert counts.translations_queued == 2
    assert counts.translations_in_progress == 2  # in progress and in review


def test_recent_letters_newest_first_undated_last_and_limited(store):
    prisoner = _prisoner(store, "Петров Пётр")
    _letter(store, prisoner.id, title="undated")
    _letter(store, prisoner.id, title="old", written_on="2022")
    _letter(store, prisoner.id, title="new", sent_on="2024-11-14")
    _letter(store, prisoner.id, title="middle", received_on="2024-03")

    letters = recent_letters(store)
    assert [r.title for r in letters] == ["new", "middle", "old", "undated"]
    assert letters[0].prisoner_name == "Петров Пётр"
    assert letters[0].date == "2024-11-14"
    assert [r.title for r in recent_letters(store, limit=2)] == ["new", "middle"]


def test_translation_rows_filter_and_order(store):
    prisoner = _prisoner(store)
    letter = _letter(store, prisoner.id, title="To Boris", language="en")
    other = _letter(store, prisoner.id, title="From Boris", language="ru",
                    direction="incoming")
    store.create(TranslationIn(letter_id=letter.id, source_language="en",
                               target_language="ru", status="queued", priority=1))
    store.create(TranslationIn(letter_id=other.id, source_language="ru", target_language="fr",
                               status="done", translator="Anne"))
    store.create(TranslationIn(letter_id=other.id, source_language="ru", target_language="en",
                               status="in_progress", priority=5, due_on="2025-01"))

    rows = translation_rows(store)
    assert [(r.letter_title, r.target_language) for r in rows] == [
        ("From Boris", "en"), ("To Boris", "ru"), ("From Boris", "fr")]
    assert rows[2].translator == "Anne"
    assert rows[0].due_on == "2025-01"
    assert rows[0].prisoner_name == prisoner.full_name

    open_rows = translation_rows(store, statuses=OPEN_STATUSES)
    assert {r.status for r in open_rows} == {"queued", "in_progress"}
    assert [r.target_language for r in translation_rows(store, target_language="fr")] == ["fr"]
    assert translation_rows(store, statuses=["done"], target_language="ru") == []
    assert target_languages(store) == ["en", "fr", "ru"]


def test_facility_rows_show_who_is_held_there_now(seeded_store):
    rows = {row.facility.name: row for row in facility_rows(seeded_store)}
    assert len(rows) == 4
    colony = rows["Penal colony (name not published)"]
    assert [p.full_name for p in colony.held_now] == ["Кагарлицкий Борис Юльевич"]
    assert colony.held_now[0].id == KAGARLITSKY
    # His earlier stays have ended: nobody is held at the detention centres now.
    assert rows["Detention Centre No. 12, Zelenograd"].held_now == []
    assert rows["Detention Centre No. 12, Zelenograd"].stay_count == 1
    assert held_at(seeded_store, colony.facility.id) == colony.held_now


def test_facility_rows_follow_a_move(store):
    prisoner = _prisoner(store)
    sizo = store.create(FacilityIn(name="СИЗО-1", kind="pretrial_detention",
                                   country="Россия", postal_code="167981"))
    colony = store.create(FacilityIn(name="ИК-2", kind="penal_colony"))
    store.create(CustodyIn(prisoner_id=prisoner.id, facility_id=sizo.id, start="2023-07"))
    _letter(store, prisoner.id, facility_id=sizo.id)

    rows = {row.facility.id: row for row in facility_rows(store)}
    assert [p.id for p in rows[sizo.id].held_now] == [prisoner.id]
    assert (rows[sizo.id].stay_count, rows[sizo.id].letter_count) == (1, 1)
    assert rows[colony.id].held_now == []

    store.record_move(prisoner.id, colony.id, "2024-02")
    rows = {row.facility.id: row for row in facility_rows(store)}
    assert rows[sizo.id].held_now == []
    assert [p.id for p in rows[colony.id].held_now] == [prisoner.id]

    store.record_move(prisoner.id, None, "2024-06")  # in transit: held nowhere known
    assert all(not row.held_now for row in facility_rows(store))

import shutil
import sqlite3
from pathlib import Path

import pytest
from hostile_queries import HOSTILE
from sqlalchemy import text

from lettermanager.domain.records import (
    CensorshipEventIn,
    FacilityIn,
    LetterIn,
    PrisonerIn,
    TranslationIn,
)
from lettermanager.paths import DataPaths
from lettermanager.store import schema
from lettermanager.store.database import Database
from lettermanager.store.errors import InvalidInput
from lettermanager.store.exchange import export_data, import_data
from lettermanager.store.models import Facility, Letter, Prisoner, Translation
from lettermanager.store.search import SearchFilters, search
from lettermanager.store.search_index import (
    expected_triggers,
    index_problems,
    register_functions,
)
from lettermanager.store.search_query import fts_expression, parse_query

FIXTURES = Path(__file__).parent.parent / "fixtures"
KAGARLITSKY = "Кагарлицкий Борис Юльевич"


def kinds_and_titles(hits):
    return {(hit.kind, hit.title) for hit in hits}


def find(db, query, **kwargs):
    return search(db, query, **kwargs)


# --- scripts and romanisations -------------------------------------------------------------

@pytest.mark.parametrize("query", [
    "Кагарлицкий", "кагарлицкий", "КАГАРЛИЦКИЙ", "Kagarlitsky", "Kagarlitskiy", "Kagarlickij",
    "Kagarlitskii", "KAGARLITSKY", "Boris Kagarlitsky", "Кагарлицкий Борис",
])
def test_the_prisoner_is_found_in_either_script_and_any_romanisation(seeded_db, query):
    hits = find(seeded_db, query)
    assert ("prisoner", KAGARLITSKY) in kinds_and_titles(hits)


def test_a_latin_query_finds_cyrillic_only_text_and_back(seeded_store):
    seeded_db = seeded_store.db
    facility = seeded_store.create(FacilityIn(name="СИЗО-12 Зеленоград", kind="pretrial_detention",
                                              city="Зеленоград", country="Россия"))
    hits = find(seeded_db, "Zelenograd")
    assert ("facility", "СИЗО-12 Зеленоград") in kinds_and_titles(hits)
    # The seed writes the place in Latin only: a Cyrillic query finds it.
    cyrillic = find(seeded_db, "Зеленоград")
    assert any(hit.kind == "facility" and "Zelenograd" in hit.title for hit in cyrillic)
    assert any(hit.id == facility.id for hit in cyrillic)
    assert "[Зеленоград]" in next(hit.snippet for hit in hits if hit.id == facility.id)


def test_the_seed_letter_is_found_by_a_phrase_and_not_by_the_words_reordered(seeded_db):
    hits = find(seeded_db, '"patience is a virtue"')
    assert "letter" in {hit.kind for hit in hits}
    letter = next(hit for hit in hits if hit.kind == "letter")
    assert "[patience] [is] [a] [virtue]" in letter.snippet
    assert find(seeded_db, '"virtue is a patience"') == []
    # The same words unquoted match wherever they are.
    assert find(seeded_db, "virtue patience")


@pytest.mark.parametrize("query", ["Кагарл", "кагарлиц", "Kagarl", "kagarlit", "Kagarlits"])
def test_prefixes_find_the_prisoner_while_typing(seeded_db, query):
    assert ("prisoner", KAGARLITSKY) in kinds_and_titles(find(seeded_db, query))


def test_a_finished_word_is_not_a_prefix(seeded_db):
    assert ("prisoner", KAGARLITSKY) not in kinds_and_titles(find(seeded_db, "Kagarl "))


def test_yo_and_ye_are_one_letter(store):
    prisoner = store.create(PrisonerIn(full_name="Семёнов Пётр Алексеевич"))
    store.create(LetterIn(prisoner_id=prisoner.id, direction="incoming",
                          body="Ещё одно письмо: всё хорошо, жду ответа."))
    for query in ["Семенов", "Семёнов", "СЕМЁНОВ", "Semyonov", "Semenov", "Петр"]:
        assert ("prisoner", "Семёнов Пётр Алексеевич") in kinds_and_titles(find(store.db, query))
    for query in ["еще", "ещё", "все хорошо", '"всё хорошо"']:
        assert [hit.kind for hit in find(store.db, query)] == ["letter"], query


def test_ukrainian_letters_and_signs(store):
    prisoner = store.create(PrisonerIn(full_name="Григорій Їжаченко", latin_name=None))
    store.create(LetterIn(prisoner_id=prisoner.id, direction="incoming", language="uk",
                          body="Привіт із Харкова! Моя сім'я в Києві, а подъезд — знаєте який."))
    for query in ["Hryhorii", "Grigorii", "Yizhachenko", "Kharkova", "simya", "sim'ya",
                  "Kyievi", "podyezd", "znaiete"]:
        assert find(store.db, query), query


# --- ranking and snippets ------------------------------------------------------------------

def test_hits_are_ranked_and_the_name_comes_first(seeded_db):
    hits = find(seeded_db, "Kagarlitsky")
    assert hits[0].kind == "prisoner" and hits[0].title == KAGARLITSKY
    assert [hit.rank for hit in hits] == sorted(hit.rank for hit in hits)


def test_snippets_mark_the_terms_with_the_markers_given(seeded_db):
    hits = find(seeded_db, "Zelenograd", markers=("<<", ">>"))
    assert hits and all("<<" in hit.snippet and ">>" in hit.snippet for hit in hits)
    assert any("<<Zelenograd>>" in hit.snippet for hit in hits)


def test_a_long_text_gives_a_short_snippet_around_the_match(store):
    prisoner = store.create(PrisonerIn(full_name="Иванов Иван"))
    body = "начало " * 300 + "редкоеслово " + "конец " * 300
    store.create(LetterIn(prisoner_id=prisoner.id, direction="incoming", body=body))
    hit = find(store.db, "редкоеслово")[0]
    assert "[редкоеслово]" in hit.snippet
    assert len(hit.snippet) < 250 and hit.snippet.startswith("…") and hit.snippet.endswith("…")


def test_hits_carry_where_they_belong(seeded_db):
    hits = find(seeded_db, '"patience is a virtue"')
    translation = next(hit for hit in hits if hit.kind == "translation")
    assert translation.letter_id and translation.prisoner_id
    assert translation.prisoner_name == KAGARLITSKY
    assert "→" in translation.detail


def test_paging(seeded_db):
    everything = find(seeded_db, "Kagarlitsky", limit=500)
    assert len(everything) > 4
    pages = [hit.id for offset in range(0, len(everything), 2)
             for hit in find(seeded_db, "Kagarlitsky", limit=2, offset=offset)]
    assert pages == [hit.id for hit in everything]


# --- filters -------------------------------------------------------------------------------

@pytest.fixture
def letters(store):
    """Two prisoners; letters with the word "солидарность" in different ways."""
    first = store.create(PrisonerIn(full_name="Первый Заключённый"))
    second = store.create(PrisonerIn(full_name="Второй Заключённый"))
    made = {}
    for name, prisoner, direction, status, language, written, sent in [
        ("a", first, "incoming", "received", "ru", "2024-03-15", None),
        ("b", first, "outgoing", "sent", "en", "2024-05", "2024-06-02"),
        ("c", second, "outgoing", "draft", "ru", "2023", None),
        ("d", second, "incoming", "received", "ru", None, None),
    ]:
        made[name] = store.create(LetterIn(
            prisoner_id=prisoner.id, direction=direction, status=status, language=language,
            written_on=written, sent_on=sent, title=f"Письмо {name}",
            body="Спасибо за солидарность", send_override_reason="the censor reads English"))
    store.create(TranslationIn(letter_id=made["a"].id, source_language="ru",
                               target_language="en", text="Спасибо: thank you for the solidarity"))
    return first, second, made


def letter_titles(hits):
    return sorted(hit.title for hit in hits)


def test_filters_combine_with_the_search(store, letters):
    first, second, made = letters
    db = store.db
    assert letter_titles(find(db, "солидарность")) == [f"Письмо {n}" for n in "abcd"]
    by_prisoner = find(db, "солидарность", filters=SearchFilters(prisoner_id=first.id))
    assert letter_titles(by_prisoner) == ["Письмо a", "Письмо b"]
    assert letter_titles(find(db, "solidarnost", filters=SearchFilters(
        direction="outgoing"))) == ["Письмо b", "Письмо c"]
    assert letter_titles(find(db, "солидарность", filters=SearchFilters(
        status="received", prisoner_id=second.id))) == ["Письмо d"]
    assert letter_titles(find(db, "солидарность", filters=SearchFilters(
        language="EN"))) == ["Письмо b"]
    # The translation belongs to letter a: it is found in English, and with a's filters.
    solidarity = find(db, "solidarity", filters=SearchFilters(prisoner_id=first.id))
    assert [hit.kind for hit in solidarity] == ["translation"]
    assert find(db, "solidarity", filters=SearchFilters(prisoner_id=second.id)) == []
    # A prisoner filter finds the prisoner too; letter filters keep only letters' records.
    assert [hit.kind for hit in find(db, "Первый", filters=SearchFilters(
        prisoner_id=first.id))] == ["prisoner"]
    assert find(db, "Первый", filters=SearchFilters(direction="incoming")) == []


@pytest.mark.parametrize("date_from, date_to, field, expected", [
    ("2024-03-01", "2024-03-31", "any", "a"),
    ("2024-03-20", None, "any", "b"),  # b's "2024-05"; a's day is before
    ("2024-05-10", "2024-05-10", "written", "b"),  # "2024-05" may be that day
    ("2024-06", None, "sent", "b"),
    ("2023-12-31", "2024-01-01", "any", "c"),  # c is "2023"
    (None, "2023", "any", "c"),
    ("2024", "2024", "any", "ab"),
    ("2025", None, "any", ""),
    ("2024", None, "received", ""),
])
def test_date_ranges_read_partial_dates_as_periods(store, letters, date_from, date_to, field,
                                                   expected):
    hits = find(store.db, "солидарность", filters=SearchFilters(
        date_from=date_from, date_to=date_to, date_field=field))
    assert letter_titles(hits) == [f"Письмо {name}" for name in expected]


def test_kinds_filter(store, letters):
    everything = {hit.kind for hit in find(store.db, "Спасибо")}
    assert everything == {"letter", "translation"}
    assert {hit.kind for hit in find(store.db, "Спасибо", filters=SearchFilters(
        kinds=("translation",)))} == {"translation"}
    assert find(store.db, "Спасибо", filters=SearchFilters(kinds=("facility",))) == []


def test_bad_filters_are_refused_clearly(seeded_db):
    with pytest.raises(InvalidInput, match="date_from"):
        find(seeded_db, "Kagarlitsky", filters=SearchFilters(date_from="March"))
    with pytest.raises(InvalidInput, match="kinds"):
        find(seeded_db, "Kagarlitsky", filters=SearchFilters(kinds=("spaceship",)))


# --- the index stays in step ---------------------------------------------------------------

def test_the_index_follows_create_update_and_delete(store):
    db = store.db
    prisoner = store.create(PrisonerIn(full_name="Орлов Олег"))
    letter = store.create(LetterIn(prisoner_id=prisoner.id, direction="incoming",
                                   title="Про жирафов", status="received"))
    event = store.create(CensorshipEventIn(letter_id=letter.id, kind="redacted",
                                           note="Вымараны строки про носорогов"))
    assert [hit.id for hit in find(db, "zhirafov")] == [letter.id]
    assert [hit.id for hit in find(db, "nosorogov")] == [event.id]

    values = {"prisoner_id": prisoner.id, "direction": "incoming", "title": "Про слонов",
              "status": "received"}
    store.update(Letter, letter.id, values)
    assert find(db, "жирафов") == []
    assert [hit.id for hit in find(db, "слонов")] == [letter.id]

    # Fields that filters read follow too, for the letter and what belongs to it.
    store.update(Letter, letter.id, {**values, "status": "withheld", "direction": "outgoing"})
    withheld = SearchFilters(status="withheld", direction="outgoing")
    assert {hit.id for hit in find(db, "слонов носорогов", filters=withheld)} == set()
    assert [hit.id for hit in find(db, "носорогов", filters=withheld)] == [event.id]

    store.update(Prisoner, prisoner.id, {"full_name": "Орлова Ольга"})
    assert find(db, "Олег") == []
    assert [hit.kind for hit in find(db, "Ольга")] == ["prisoner"]

    store.delete(Letter, letter.id)  # its censorship event goes with it
    assert find(db, "слонов") == [] and find(db, "носорогов") == []
    assert index_problems(db.engine) == []


def test_the_index_follows_an_import(seeded_db, empty_db):
    data = export_data(seeded_db)
    import_data(empty_db, data)
    assert ("prisoner", KAGARLITSKY) in kinds_and_titles(find(empty_db, "Kagarlitskiy"))
    assert index_problems(empty_db.engine) == []
    # Importing a newer copy of a record replaces its entry.
    data["prisoners"][0]["notes"] = "Пишет стихи про альбатросов"
    data["prisoners"][0]["updated_at"] = "2099-01-01T00:00:00Z"
    import_data(empty_db, data)
    assert [hit.kind for hit in find(empty_db, "albatrosov")] == ["prisoner"]
    assert index_problems(empty_db.engine) == []


def test_raw_sql_writes_keep_the_index_in_step(store):
    """Triggers, not the store, keep the index: even an INSERT OR REPLACE does."""
    prisoner = store.create(PrisonerIn(full_name="Лебедев Лев"))
    with store.db.writing() as session:
        for body in ("про кенгуру", "про коал"):
            session.execute(text(
                "INSERT OR REPLACE INTO letter (id, created_at, updated_at, prisoner_id, "
                "direction, channel, status, expects_reply, body) VALUES ('raw-1', '2025', "
                "'2025', :p, 'incoming', 'post', 'received', 0, :body)"),
                {"p": prisoner.id, "body": body})
    assert find(store.db, "kenguru") == []
    assert [hit.id for hit in find(store.db, "koal")] == ["raw-1"]
    assert index_problems(store.db.engine) == []


def test_a_connection_without_the_key_function_cannot_write_indexed_records(store, data_paths):
    store.create(PrisonerIn(full_name="Иванов Иван"))
    raw = sqlite3.connect(data_paths.database)
    try:
        with pytest.raises(sqlite3.OperationalError, match="lm_search_key"):
            raw.execute("UPDATE prisoner SET full_name = 'Петров Пётр'")
        register_functions(raw)
        raw.execute("UPDATE prisoner SET full_name = 'Петров Пётр'")
        raw.commit()
    finally:
        raw.close()
    assert [hit.title for hit in find(store.db, "Petrov")] == ["Петров Пётр"]


def test_deleting_a_translation_and_a_facility_removes_them(store):
    facility = store.create(FacilityIn(name="ИК-6 Мелехово", kind="penal_colony"))
    prisoner = store.create(PrisonerIn(full_name="Навальный Алексей"))
    letter = store.create(LetterIn(prisoner_id=prisoner.id, direction="outgoing"))
    translation = store.create(TranslationIn(letter_id=letter.id, source_language="en",
                                             target_language="ru", text="Держитесь"))
    assert find(store.db, "Melekhovo") and find(store.db, "derzhites")
    store.delete(Translation, translation.id)
    store.delete(Facility, facility.id)
    assert find(store.db, "Melekhovo") == [] and find(store.db, "derzhites") == []
    assert index_problems(store.db.engine) == []


# --- hostile input -------------------------------------------------------------------------

@pytest.mark.parametrize("query", HOSTILE, ids=[repr(q[:20]) for q in HOSTILE])
def test_hostile_queries_never_fail(seeded_db, query):
    hits = find(seeded_db, query)
    assert isinstance(hits, list)
    expression = fts_expression(parse_query(query))
    if expression:  # every expression the parser makes is valid FTS5
        with seeded_db.engine.connect() as connection:
            connection.execute(text("SELECT count(*) FROM search_fts WHERE search_fts MATCH :m"),
                               {"m": expression})


@pytest.mark.parametrize("query", ["", "   ", '"', '""', "-", "*", "()", "^", ":", "\x00",
                                   "%", "_", "\\"])
def test_empty_and_garbage_queries_have_no_hits(seeded_db, query):
    assert find(seeded_db, query) == []


def test_operators_typed_by_the_user_are_words(seeded_db):
    # "OR" is not an operator: "Kagarlitsky OR" needs a word starting with "or" as well.
    with_or = {hit.id for hit in find(seeded_db, "Kagarlitsky OR")}
    alone = {hit.id for hit in find(seeded_db, "Kagarlitsky")}
    assert with_or < alone
    assert {hit.id for hit in find(seeded_db, "NOT Kagarlitsky")} <= alone  # not excluded
    assert {hit.id for hit in find(seeded_db, "-Kagarlitsky")} == alone


# --- migration -----------------------------------------------------------------------------

PAST = sorted(p.stem.removeprefix("schema-") for p in FIXTURES.glob("schema-*.sqlite3"))


@pytest.mark.parametrize("revision", [r for r in PAST if r < "0005"])
def test_an_older_database_gets_its_index_in_the_migration(data_paths, revision):
    data_paths.root.mkdir(parents=True)
    shutil.copy(FIXTURES / f"schema-{revision}.sqlite3", data_paths.database)
    database = Database.open(data_paths)
    try:
        assert schema.current_revision(database.engine) == schema.head_revision()
        assert index_problems(database.engine) == []
        assert [hit.kind for hit in search(database, "Ivanov")] == ["prisoner"]
        assert {hit.kind for hit in search(database, "Иванов")} == {"prisoner"}
        assert [hit.kind for hit in search(database, "blacked")] == ["censorship_event"]
        assert [hit.title for hit in search(database, "incoming")] == ["incoming letter"]
        assert [hit.kind for hit in search(database, "Dear friends")] == ["translation"]
        assert [hit.kind for hit in search(database, "IK-1")] == ["facility"]
        # The copied letter fields are there for filters.
        assert [hit.title for hit in search(database, "letter", filters=SearchFilters(
            direction="outgoing"))] == ["outgoing letter"]
    finally:
        database.close()


def test_every_index_trigger_exists_at_the_head_revision(empty_db):
    with empty_db.engine.connect() as connection:
        triggers = {row[0] for row in connection.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'"))}
    assert expected_triggers() <= triggers


def test_a_new_database_is_in_step(seeded_db):
    assert index_problems(seeded_db.engine) == []


def test_a_data_folder_opened_again_keeps_its_index(data_paths):
    Database.open(data_paths).close()
    database = Database.open(DataPaths(data_paths.root))
    try:
        assert find(database, "Kagarlitsky")
    finally:
        database.close()


def test_index_problems_are_found(store, data_paths):
    prisoner = store.create(PrisonerIn(full_name="Иванов Иван"))
    raw = sqlite3.connect(data_paths.database)
    try:
        raw.execute("DROP TRIGGER search_prisoner_update")
        raw.execute("DELETE FROM search_doc WHERE record_id = ?", (prisoner.id,))
        raw.commit()
        problems = index_problems(raw)
    finally:
        raw.close()
    assert "the search index trigger search_prisoner_update is missing" in problems
    assert "the search index lacks 1 of the prisoner records" in problems
    assert "the search index has 1 entries out of step" in problems

import pytest
from sqlalchemy import text

from lettermanager.domain.enums import CensorshipKind, TranslationStatus
from lettermanager.domain.records import (
    CensorshipEventIn,
    CorrespondentIn,
    LetterIn,
    PrisonerIn,
    TranslationIn,
)
from lettermanager.store.letter_table import (
    LetterColumn,
    LetterFilter,
    LetterSort,
    filter_choices,
    fold,
    letter_count,
    letter_ids,
    letter_rows,
)


@pytest.fixture
def letters(store):
    """Two prisoners, two correspondents and six letters with known dates and titles."""
    anna = store.create(PrisonerIn(full_name="Андреева Анна Петровна", latin_name="Anna"))
    boris = store.create(PrisonerIn(full_name="Борисов Борис", languages=["ru"]))
    olga = store.create(CorrespondentIn(name="Ольга"))
    zoe = store.create(CorrespondentIn(name="Zoe"))

    def letter(key, prisoner, **fields):
        fields.setdefault("direction", "outgoing")
        return key, store.create(LetterIn(prisoner_id=prisoner.id, **fields)).id

    made = dict([
        letter("a1", anna, written_on="2024-03-15", title="Письмо о Суде", language="ru",
               correspondent_id=zoe.id, status="sent"),
        letter("a2", anna, sent_on="2023", title="Про ёлку", direction="incoming",
               language="ru", status="received"),
        letter("a3", anna, received_on="2024-03", title="Birthday CARD", language="en",
               correspondent_id=olga.id),
        letter("b1", boris, written_on="2022-01-02", title=None, language="ru"),
        letter("b2", boris, title="undated 100%_sure", language="fr"),
        letter("b3", boris, written_on="2025-06-01", sent_on="2020", title="Новый год",
               direction="incoming", correspondent_id=olga.id, language="ru"),
    ])
    made.update(anna=anna.id, boris=boris.id, olga=olga.id, zoe=zoe.id)
    return made


def keys(letters, ids):
    by_id = {value: key for key, value in letters.items()}
    return [by_id[i] for i in ids]


def ids_for(store, letters, flt=None, column=LetterColumn.DATE, ascending=False):
    return keys(letters, letter_ids(store.db, flt, LetterSort(column, ascending)))


def test_newest_first_by_the_first_date_a_letter_has_undated_last(store, letters):
    # b3 is dated by written_on (2025) though sent_on says 2020; a partial date sorts before
    # the days of its period ("2024-03" < "2024-03-15").
    assert ids_for(store, letters) == ["b3", "a1", "a3", "a2", "b1", "b2"]
    assert ids_for(store, letters, ascending=True) == ["b1", "a2", "a3", "a1", "b3", "b2"]


def test_sort_by_prisoner_then_newest_first(store, letters):
    assert ids_for(store, letters, column=LetterColumn.PRISONER, ascending=True) == \
        ["a1", "a3", "a2", "b3", "b1", "b2"]
    assert ids_for(store, letters, column=LetterColumn.PRISONER) == \
        ["b3", "b1", "b2", "a1", "a3", "a2"]


def test_sort_by_correspondent_puts_letters_without_one_last(store, letters):
    assert ids_for(store, letters, column=LetterColumn.CORRESPONDENT, ascending=True) == \
        ["a1", "b3", "a3", "a2", "b1", "b2"]  # "Zoe" < "Ольга" in code-point order
    assert ids_for(store, letters, column=LetterColumn.CORRESPONDENT)[-3:] == ["a2", "b1", "b2"]


def test_sort_by_title_ignores_case_and_puts_untitled_last(store, letters):
    assert ids_for(store, letters, column=LetterColumn.TITLE, ascending=True) == \
        ["a3", "b2", "b3", "a1", "a2", "b1"]
    assert ids_for(store, letters, column=LetterColumn.TITLE)[-1] == "b1"


def test_every_column_sorts_both_ways_over_all_letters(store, letters):
    for column in LetterColumn:
        for ascending in (True, False):
            found = ids_for(store, letters, column=column, ascending=ascending)
            assert sorted(found) == sorted(k for k in letters if k[0] in "ab" and k[1:].isdigit())


def test_filters_combine(store, letters):
    assert ids_for(store, letters, LetterFilter(prisoner_id=letters["anna"])) == \
        ["a1", "a3", "a2"]
    assert ids_for(store, letters, LetterFilter(direction="incoming")) == ["b3", "a2"]
    assert ids_for(store, letters, LetterFilter(status="sent")) == ["a1"]
    assert ids_for(store, letters, LetterFilter(language="ru", prisoner_id=letters["boris"])) \
        == ["b3", "b1"]
    assert ids_for(store, letters, LetterFilter(language="de")) == []


def test_title_filter_ignores_case_in_any_script_and_reads_yo_as_ye(store, letters):
    assert ids_for(store, letters, LetterFilter(text="суд")) == ["a1"]
    assert ids_for(store, letters, LetterFilter(text="card")) == ["a3"]
    assert ids_for(store, letters, LetterFilter(text="елку")) == ["a2"]
    assert ids_for(store, letters, LetterFilter(text="  НОВЫЙ ")) == ["b3"]


def test_title_filter_takes_like_wildcards_literally(store, letters):
    assert ids_for(store, letters, LetterFilter(text="100%_")) == ["b2"]
    assert ids_for(store, letters, LetterFilter(text="%")) == ["b2"]
    assert ids_for(store, letters, LetterFilter(text="_")) == ["b2"]


def test_filter_and_sort_together(store, letters):
    flt = LetterFilter(language="ru")
    assert ids_for(store, letters, flt, LetterColumn.DATE, ascending=True) == \
        ["b1", "a2", "a1", "b3"]
    assert ids_for(store, letters, flt, LetterColumn.PRISONER, ascending=True) == \
        ["a1", "a2", "b3", "b1"]


def test_rows_of_a_page(store, letters):
    a1, a2, b2 = letters["a1"], letters["a2"], letters["b2"]
    store.create(TranslationIn(letter_id=a1, source_language="ru", target_language="en",
                               status="done"))
    store.create(TranslationIn(letter_id=a1, source_language="ru", target_language="fr",
                               status="in_progress"))
    store.create(TranslationIn(letter_id=a2, source_language="ru", target_language="en",
                               status="not_needed"))
    store.create(CensorshipEventIn(letter_id=a1, kind="passed"))
    store.create(CensorshipEventIn(letter_id=a1, kind="redacted"))
    store.create(CensorshipEventIn(letter_id=a1, kind="delayed"))

    rows = letter_rows(store.db, [a1, a2, b2, "00000000-0000-4000-8000-000000000000"])

    assert set(rows) == {a1, a2, b2}  # an id that is gone is simply missing
    first = rows[a1]
    assert (first.date, first.direction, first.prisoner_name, first.prisoner_latin_name,
            first.correspondent_name, first.channel, first.status, first.language,
            first.title) == ("2024-03-15", "outgoing", "Андреева Анна Петровна", "Anna",
                             "Zoe", "post", "sent", "ru", "Письмо о Суде")
    assert first.prisoner_id == letters["anna"]
    assert (first.translation, first.translation_count) == (TranslationStatus.IN_PROGRESS, 2)
    assert (first.censorship, first.censorship_count) == (CensorshipKind.REDACTED, 3)
    assert (rows[a2].translation, rows[a2].censorship) == (TranslationStatus.NOT_NEEDED, None)
    assert (rows[b2].date, rows[b2].correspondent_name, rows[b2].translation_count) == \
        (None, None, 0)


def test_rows_of_many_ids_in_chunks(store, letters):
    ids = letter_ids(store.db) * 400  # 2,400 ids: more than one chunk of parameters
    assert len(letter_rows(store.db, ids)) == 6
    assert letter_rows(store.db, []) == {}


def test_sort_by_translation_and_censorship_puts_what_needs_attention_first(store, letters):
    store.create(TranslationIn(letter_id=letters["b1"], source_language="ru",
                               target_language="en", status="queued"))
    store.create(TranslationIn(letter_id=letters["a1"], source_language="ru",
                               target_language="en", status="done"))
    store.create(CensorshipEventIn(letter_id=letters["a3"], kind="passed"))
    store.create(CensorshipEventIn(letter_id=letters["a2"], kind="withheld"))

    assert ids_for(store, letters, column=LetterColumn.TRANSLATION, ascending=True)[:2] == \
        ["b1", "a1"]
    assert ids_for(store, letters, column=LetterColumn.CENSORSHIP, ascending=True)[:2] == \
        ["a2", "a3"]
    assert ids_for(store, letters, column=LetterColumn.CENSORSHIP)[:2] == ["a3", "a2"]


def test_filter_choices_and_count(store, letters):
    choices = filter_choices(store.db)
    assert [name for _id, name, _latin in choices.prisoners] == \
        ["Андреева Анна Петровна", "Борисов Борис"]
    assert choices.prisoners[0] == (letters["anna"], "Андреева Анна Петровна", "Anna")
    assert choices.languages == ["en", "fr", "ru"]
    assert [name for _id, name in choices.correspondents] == ["Zoe", "Ольга"]
    assert letter_count(store.db) == 6


def test_an_empty_database(store):
    assert letter_ids(store.db) == []
    assert letter_count(store.db) == 0
    assert filter_choices(store.db).languages == []


def test_fold():
    assert fold("ЁЛКА Straße") == "елка strasse"
    assert fold(None) is None


def test_the_date_orders_come_from_the_indexes_of_migration_0003(store, letters):
    """No sort step for the usual orders: SQLite reads them from an index."""
    from lettermanager.store.letter_table import _queries

    def plan(flt, sort):
        sql, params = _queries(flt, sort)[0]
        with store.db.engine.connect() as connection:
            raw = connection.connection.driver_connection
            raw.create_function("lm_fold", 1, fold)
            return " / ".join(row[3] for row in raw.execute(f"EXPLAIN QUERY PLAN {sql}",
                                                             params))

    by_date = plan(LetterFilter(), LetterSort())
    assert "ix_letter_date" in by_date and "TEMP B-TREE" not in by_date
    by_prisoner = plan(LetterFilter(), LetterSort(LetterColumn.PRISONER, True))
    assert "ix_letter_prisoner_date" in by_prisoner and "TEMP B-TREE" not in by_prisoner
    one_prisoner = plan(LetterFilter(prisoner_id=letters["anna"]), LetterSort())
    assert "ix_letter_prisoner_date" in one_prisoner and "TEMP B-TREE" not in one_prisoner
    with store.db.engine.connect() as connection:
        names = {row[0] for row in connection.execute(
            text("SELECT name FROM sqlite_master WHERE type = 'index'"))}
    assert {"ix_letter_date", "ix_letter_prisoner_date", "ix_letter_correspondent_date"} <= names

"""`check`: a sound database has no problems; each broken rule is named in words."""

import sqlite3

import pytest

from lettermanager.store.integrity import check
from lettermanager.store.search_index import register_functions

KAGARLITSKY = "Кагарлицкий Борис Юльевич"


def test_the_seed_database_is_sound(seeded_db):
    assert check(seeded_db) == []


def test_an_empty_database_is_sound(empty_db):
    assert check(empty_db) == []


@pytest.fixture
def raw(seeded_db):
    """A connection that writes past the app's rules, as another program could."""
    connection = sqlite3.connect(seeded_db.path)
    register_functions(connection)  # the search index's triggers need them
    connection.execute("PRAGMA foreign_keys = OFF")
    connection.execute("PRAGMA ignore_check_constraints = ON")
    yield connection
    connection.close()


def _id(raw, sql, *args):
    return raw.execute(sql, args).fetchone()[0]


def kagarlitsky(raw):
    return _id(raw, "SELECT id FROM prisoner WHERE full_name = ?", KAGARLITSKY)


def test_a_letter_without_its_prisoner(seeded_db, raw):
    letter = _id(raw, "SELECT id FROM letter WHERE title LIKE 'Ksenia%'")
    raw.execute("UPDATE letter SET prisoner_id = '11111111-1111-4111-8111-111111111111' "
                "WHERE id = ?", (letter,))
    raw.commit()
    problems = check(seeded_db)
    assert problems[0].startswith("the outgoing letter \"Ksenia's letter to her father")
    assert letter in problems[0]
    assert "points at a prisoner that does not exist" in problems[0]
    # Its reply now answers a letter of "another" prisoner: said as well, naming both.
    assert all(letter in problem for problem in problems)


def test_a_reply_to_another_prisoners_letter(seeded_db, raw):
    reply = _id(raw, "SELECT id FROM letter WHERE title LIKE 'Statement%'")
    other = "44444444-4444-4444-8444-444444444444"
    raw.execute("INSERT INTO letter (id, prisoner_id, direction, channel, status, "
                "expects_reply, created_at, updated_at, title) SELECT ?, id, 'incoming', "
                "'post', 'received', 0, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', "
                "'From Azat' FROM prisoner WHERE full_name = 'Мифтахов Азат'", (other,))
    raw.execute("UPDATE letter SET in_reply_to = ? WHERE id = ?", (other, reply))
    raw.commit()
    [problem] = check(seeded_db)
    assert reply in problem and other in problem
    assert "belongs to another prisoner" in problem
    assert KAGARLITSKY in problem and "Мифтахов Азат" in problem


def test_two_open_custody_stays(seeded_db, raw):
    raw.execute('UPDATE custody_stay SET "end" = NULL WHERE prisoner_id = ?',
                (kagarlitsky(raw),))
    raw.commit()
    problems = check(seeded_db)
    assert any(f'prisoner "{KAGARLITSKY}" has 4 open custody stays' in p for p in problems)


def test_overlapping_custody_stays_but_not_a_move_on_one_day(seeded_db, raw):
    first = _id(raw, "SELECT id FROM custody_stay WHERE start = '2023-07-25'")
    second = _id(raw, "SELECT id FROM custody_stay WHERE start = '2024-02-13'")
    # A move: one stay ends on the day the next begins. Not an overlap.
    raw.execute('UPDATE custody_stay SET "end" = \'2024-02-13\' WHERE id = ?', (first,))
    raw.commit()
    assert check(seeded_db) == []
    raw.execute('UPDATE custody_stay SET "end" = \'2024-03-01\' WHERE id = ?', (first,))
    raw.commit()
    [problem] = check(seeded_db)
    assert "overlaps" in problem and first in problem and second in problem
    assert "from 2023-07-25 to 2024-03-01" in problem


def test_a_translation_into_its_own_language(seeded_db, raw):
    letter = _id(raw, "SELECT id FROM letter WHERE language = 'ru' LIMIT 1")
    raw.execute("INSERT INTO translation (id, letter_id, source_language, target_language, "
                "status, priority, created_at, updated_at) VALUES "
                "('22222222-2222-4222-8222-222222222222', ?, 'en', 'ru', 'queued', 0, "
                "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')", (letter,))
    raw.execute("INSERT INTO translation (id, letter_id, source_language, target_language, "
                "status, priority, created_at, updated_at) VALUES "
                "('33333333-3333-4333-8333-333333333333', ?, 'fr', 'fr', 'queued', 0, "
                "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')", (letter,))
    raw.commit()
    problems = check(seeded_db)
    assert len(problems) == 2, problems
    assert any("22222222" in p and "into the letter's own language" in p for p in problems)
    assert any("33333333" in p and "from fr into the same language" in p for p in problems)


def test_bad_values_and_dates_are_named(seeded_db, raw):
    letter = _id(raw, "SELECT id FROM letter LIMIT 1")
    raw.execute("UPDATE letter SET direction = 'sideways', sent_on = '31.02.2024' WHERE id = ?",
                (letter,))
    raw.commit()
    problems = check(seeded_db)
    assert any("direction 'sideways'" in p and letter in p for p in problems), problems
    assert any("'31.02.2024' as its sent on, which is not a date" in p for p in problems)


def test_a_broken_reference_found_by_sqlite(seeded_db, raw):
    event = _id(raw, "SELECT id FROM censorship_event LIMIT 1")
    raw.execute("UPDATE censorship_event SET letter_id = 'gone' WHERE id = ?", (event,))
    raw.commit()
    [problem] = check(seeded_db)
    assert event in problem and "points at a letter that does not exist" in problem


def test_a_damaged_file_is_reported_not_raised(tmp_path):
    path = tmp_path / "broken.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + b"\x01" * 5000)
    problems = check(path)
    assert problems and "damaged" in problems[0]

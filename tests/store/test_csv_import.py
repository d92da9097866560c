"""Spreadsheet import with real files as spreadsheets save them."""

import json

import pytest

from lettermanager.domain.records import PrisonerIn
from lettermanager.paths import DataPaths
from lettermanager.store.csv_import import (
    import_csv,
    is_csv_file,
    preview_csv,
    read_table,
)
from lettermanager.store.database import Database
from lettermanager.store.errors import ImportRejected
from lettermanager.store.exchange import export_csv, export_data
from lettermanager.store.service import Store

KAGARLITSKY = "Кагарлицкий Борис Юльевич"


def write_sheet(path, rows, *, delimiter=";", encoding="cp1251", line_end="\r\n"):
    """What a spreadsheet writes: quoted cells where needed, the chosen line ends."""
    import csv
    import io

    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator=line_end).writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def letters_of(store, name):
    [prisoner] = [p for p in store.prisoners() if p.full_name == name]
    return store.prisoner_letters(prisoner.id)


WINDOWS_SHEET = [
    ["Prisoner", "Direction", "Correspondent", "Facility", "Written_on", "Sent on", "Title",
     "Body", "Language", "Expects reply"],
    ["Boris Kagarlitsky", "outgoing", "Ксения Кагарлицкая", "", "15.03.2024", "03.2024",
     "Письмо о весне", "Дорогой папа!\r\nУ нас всё хорошо.\r\nЦелую, Ксения", "ru", "да"],
    ["кагарлицкий борис юльевич", "Incoming", "Ksenia Kagarlitskaya", "ИК-4 Торжок",
     "2.4.2024", "", "Ответ о весне", "Спасибо за письмо.", "RU", "нет"],
    ["Иванов Иван Петрович", "outgoing", "Волонтёр Мария", "СИЗО-1 Москва", "2024-05",
     "", "Первое письмо", "", "ru", ""],
]


def test_a_windows_1251_semicolon_sheet_imports(seeded_store, tmp_path):
    path = write_sheet(tmp_path / "письма.csv", WINDOWS_SHEET)
    assert b"\r\n" in path.read_bytes() and "Письмо".encode("cp1251") in path.read_bytes()
    before = len(letters_of(seeded_store, KAGARLITSKY))

    report = import_csv(seeded_store.db, path)

    assert (report.rows, report.created, report.updated) == (3, 3, 0)
    assert report.new_prisoners == ["Иванов Иван Петрович"]
    assert report.new_correspondents == ["Волонтёр Мария"]  # Ксения was found in Latin
    assert report.new_facilities == ["ИК-4 Торжок", "СИЗО-1 Москва"]
    letters = letters_of(seeded_store, KAGARLITSKY)
    assert len(letters) == before + 2
    spring = next(letter for letter in letters if letter.title == "Письмо о весне")
    assert spring.body == "Дорогой папа!\nУ нас всё хорошо.\nЦелую, Ксения"
    assert (spring.written_on, spring.sent_on, spring.expects_reply) == (
        "2024-03-15", "2024-03", True)
    reply = next(letter for letter in letters if letter.title == "Ответ о весне")
    assert (reply.direction, reply.written_on, reply.language) == ("incoming", "2024-04-02",
                                                                   "ru")
    assert reply.correspondent_id == spring.correspondent_id
    [ivanov] = letters_of(seeded_store, "Иванов Иван Петрович")
    assert ivanov.written_on == "2024-05"


def test_the_same_sheet_twice_adds_nothing(seeded_store, tmp_path):
    path = write_sheet(tmp_path / "письма.csv", WINDOWS_SHEET)
    import_csv(seeded_store.db, path)
    counts = seeded_store.counts()
    again = import_csv(seeded_store.db, path)
    assert (again.created, again.unchanged, again.changed) == (0, 3, 0)
    assert again.lines()[-1] == "nothing changed"
    assert seeded_store.counts() == counts


def test_a_bad_row_rejects_the_whole_file_naming_its_row(seeded_store, tmp_path):
    rows = [list(row) for row in WINDOWS_SHEET]
    rows[3][1] = "туда"  # spreadsheet row 4 (the header is row 1)
    path = write_sheet(tmp_path / "письма.csv", rows)
    before = json.dumps(export_data(seeded_store.db)["letters"])
    with pytest.raises(ImportRejected) as caught:
        import_csv(seeded_store.db, path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: row 4: direction: 'туда' is not allowed")
    assert message.endswith("nothing was imported")
    assert caught.value.problems == [
        "row 4: direction: 'туда' is not allowed; input should be 'outgoing' or 'incoming'"]
    assert json.dumps(export_data(seeded_store.db)["letters"]) == before
    assert "Иванов Иван Петрович" not in [p.full_name for p in seeded_store.prisoners()]


def test_every_bad_row_is_listed(seeded_store, tmp_path):
    rows = [list(row) for row in WINDOWS_SHEET]
    rows[1][4] = "31.02.2024"
    rows[2][0] = ""
    rows[3][9] = "может быть"
    path = write_sheet(tmp_path / "bad.csv", rows)
    with pytest.raises(ImportRejected) as caught:
        import_csv(seeded_store.db, path)
    assert caught.value.problems == [
        "row 2: written_on: '31.02.2024' is not a real date (2024-02-31 is not a real date)",
        "row 3: prisoner: is required",
        "row 4: expects_reply: 'может быть' is neither yes nor no",
    ]


def test_a_dry_run_reports_and_writes_nothing(seeded_store, tmp_path):
    path = write_sheet(tmp_path / "письма.csv", WINDOWS_SHEET)
    counts = seeded_store.counts()
    report = import_csv(seeded_store.db, path, dry_run=True)
    assert report.created == 3 and report.dry_run
    assert report.lines()[-1] == "7 records would be written"  # 3 letters, 4 names
    assert seeded_store.counts() == counts


@pytest.mark.parametrize("delimiter, encoding", [
    (",", "utf-8-sig"), (",", "utf-8"), ("\t", "utf-8"), (";", "utf-16"), (";", "cp1251"),
])
def test_delimiters_and_encodings_are_detected(seeded_store, tmp_path, delimiter, encoding):
    rows = [["prisoner", "direction", "title", "notes"],
            ["Азат Мифтахов", "incoming", "Письмо; с запятой, и табом\tвнутри", "a;b,c"]]
    path = write_sheet(tmp_path / "x.csv", rows, delimiter=delimiter, encoding=encoding,
                       line_end="\n")
    table = read_table(path)
    assert (table.delimiter, table.encoding) == (delimiter, encoding)
    report = import_csv(seeded_store.db, path)
    assert report.created == 1 and report.new_prisoners == []
    [letter] = letters_of(seeded_store, "Мифтахов Азат")
    assert letter.title == "Письмо; с запятой, и табом\tвнутри"


@pytest.mark.parametrize("typed", [
    "Boris Kagarlitsky", "BORIS KAGARLITSKY", "Kagarlitskiy Boris", "Борис Кагарлицкий",
    "кагарлицкий борис юльевич", "Кагарлицкий Борис Юльевич",
])
def test_prisoners_are_found_by_any_spelling(seeded_store, tmp_path, typed):
    path = write_sheet(tmp_path / "x.csv", [["prisoner", "direction", "title"],
                                            [typed, "incoming", "Найдён"]])
    report = import_csv(seeded_store.db, path)
    assert report.new_prisoners == []
    assert any(letter.title == "Найдён" for letter in letters_of(seeded_store, KAGARLITSKY))


def test_an_ambiguous_name_is_a_bad_row(seeded_store, tmp_path):
    seeded_store.create(PrisonerIn(full_name="Иванов Иван"))
    seeded_store.create(PrisonerIn(full_name="иванов  иван"))
    path = write_sheet(tmp_path / "x.csv", [["prisoner", "direction"], ["Иванов Иван", "out"]])
    with pytest.raises(ImportRejected, match="row 2: direction"):
        import_csv(seeded_store.db, path)
    path = write_sheet(tmp_path / "x.csv", [["prisoner", "direction"],
                                            ["Иванов Иван", "outgoing"]])
    with pytest.raises(ImportRejected, match="row 2: prisoner: 'Иванов Иван' matches 2"):
        import_csv(seeded_store.db, path)


def test_unknown_columns_are_previewed_and_can_be_mapped(seeded_store, tmp_path):
    rows = [["Заключённый", "Направление", "Дата", "Комментарий"],
            ["Скочиленко Александра", "incoming", "01.06.2024", "передано адвокатом"]]
    path = write_sheet(tmp_path / "свои.csv", rows)
    preview = preview_csv(path)
    assert preview.unknown_columns == ["Заключённый", "Направление", "Дата", "Комментарий"]
    assert preview.fields == [None, None, None, None]
    assert preview.rows == [rows[1]] and preview.row_numbers == [2]
    assert preview.encoding_name == "Windows-1251" and preview.delimiter_name == "semicolon"
    assert any('no column is "prisoner"' in p for p in preview.problems)
    with pytest.raises(ImportRejected, match='no column is "prisoner"'):
        import_csv(seeded_store.db, path)

    mapping = {"заключённый": "prisoner", 1: "direction", "Дата": "written_on",
               "Комментарий": None}
    assert preview_csv(path, mapping).problems == []
    report = import_csv(seeded_store.db, path, mapping=mapping)
    assert report.created == 1
    [letter] = letters_of(seeded_store, "Скочиленко Александра")
    assert (letter.written_on, letter.notes) == ("2024-06-01", None)


def test_two_columns_for_one_field_are_refused(seeded_store, tmp_path):
    path = write_sheet(tmp_path / "x.csv", [["prisoner", "direction", "Notes", "Заметки"],
                                            ["Азат Мифтахов", "incoming", "a", "b"]])
    with pytest.raises(ImportRejected, match='"Notes" and "Заметки" are both "notes"'):
        import_csv(seeded_store.db, path, mapping={"Заметки": "notes"})
    with pytest.raises(ImportRejected, match="'sender' is not a letter field"):
        import_csv(seeded_store.db, path, mapping={"Заметки": "sender"})


@pytest.fixture
def other_store(tmp_path):
    database = Database.open(DataPaths(tmp_path / "other"), seed=False)
    yield Store(database)
    database.close()


def test_an_export_round_trips_and_updates_by_id(seeded_store, other_store, tmp_path):
    store = other_store
    exported = tmp_path / "letters.csv"
    exported.write_text(export_csv(seeded_store.db), encoding="utf-8-sig", newline="")
    report = import_csv(store.db, exported)  # into an empty database
    assert report.created == 5
    assert sorted(report.new_prisoners) == [KAGARLITSKY]
    source = {letter.id: letter for letter in seeded_store.prisoner_letters(
        letters_of(seeded_store, KAGARLITSKY)[0].prisoner_id)}
    for letter in letters_of(store, KAGARLITSKY):
        original = source[letter.id]
        for name in ("direction", "title", "body", "written_on", "sent_on", "status",
                     "in_reply_to", "expects_reply", "updated_at"):
            assert getattr(letter, name) == getattr(original, name), name

    again = import_csv(store.db, exported)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)
    text = exported.read_text(encoding="utf-8-sig").replace(
        "Statement refusing any prisoner exchange", "Statement (edited)")
    exported.write_text(text.replace("2026-11-24T00:00:00Z", "2027-01-01T00:00:00Z", 1),
                        encoding="utf-8-sig", newline="")
    changed = import_csv(store.db, exported)
    assert changed.updated == 1
    assert any(letter.title == "Statement (edited)" for letter in letters_of(store, KAGARLITSKY))


def test_a_reply_to_a_letter_of_another_prisoner_is_refused(seeded_store, tmp_path):
    answered = letters_of(seeded_store, KAGARLITSKY)[0]
    path = write_sheet(tmp_path / "x.csv", [["prisoner", "direction", "in_reply_to"],
                                            ["Азат Мифтахов", "incoming", answered.id]])
    with pytest.raises(ImportRejected, match="row 2: in_reply_to: the letter it answers "
                                             "belongs to another prisoner"):
        import_csv(seeded_store.db, path)


def test_blank_rows_are_skipped_but_counted_and_extra_cells_are_refused(seeded_store,
                                                                         tmp_path):
    path = write_sheet(tmp_path / "x.csv", [["prisoner", "direction"], ["", ""],
                                            ["Азат Мифтахов", "incoming"],
                                            ["Азат Мифтахов", "incoming", "stray"]])
    with pytest.raises(ImportRejected) as caught:
        import_csv(seeded_store.db, path)
    assert caught.value.problems == ["row 4: it has 3 cells but the header has 2 columns"]


def test_files_that_are_not_tables(seeded_store, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(ImportRejected, match="the file is empty"):
        import_csv(seeded_store.db, empty)
    binary = tmp_path / "image.csv"
    binary.write_bytes(bytes([0x98]) * 10 + bytes([0x81, 0x8d, 0x8f, 0x90, 0x9d]))
    with pytest.raises(ImportRejected, match="not text in UTF-8 or Windows-1251"):
        import_csv(seeded_store.db, binary)


def test_csv_or_json_by_extension_then_content(tmp_path):
    (tmp_path / "a.json").write_text("prisoner,direction")
    (tmp_path / "b.csv").write_text("{}")
    (tmp_path / "c").write_text('\ufeff  {"format": "lettermanager"}', encoding="utf-8")
    (tmp_path / "d").write_text("prisoner;direction")
    assert [is_csv_file(tmp_path / n) for n in "a.json b.csv c d".split()] == [
        False, True, False, True]


def test_large_sheets_import_in_one_transaction(seeded_store, tmp_path):
    rows = [["prisoner", "direction", "written_on", "title"]]
    rows += [["Boris Kagarlitsky", "outgoing", f"{1 + n % 28:02d}.0{1 + n % 9}.2024",
              f"Письмо {n}"] for n in range(3000)]
    path = write_sheet(tmp_path / "big.csv", rows)
    report = import_csv(seeded_store.db, path)
    assert report.created == 3000
    assert seeded_store.counts()["letter"] == 3005


def test_names_that_differ_in_a_number_or_are_one_word_are_not_merged(seeded_store, tmp_path):
    rows = [["prisoner", "direction", "facility", "correspondent"]]
    rows += [[f"Заключённый Номер {n}", "incoming", f"ИК-{n}", "Борис"] for n in (1, 11, 2)]
    path = write_sheet(tmp_path / "x.csv", rows)
    report = import_csv(seeded_store.db, path)
    assert report.new_prisoners == [f"Заключённый Номер {n}" for n in (1, 11, 2)]
    assert report.new_facilities == ["ИК-1", "ИК-11", "ИК-2"]
    # "Борис" alone does not stand for Boris Kagarlitsky (nor for any other Boris).
    assert report.new_correspondents == ["Борис"]

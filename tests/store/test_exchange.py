import copy
import json

import pytest

from lettermanager.paths import DataPaths, seed_file
from lettermanager.store.database import Database
from lettermanager.store.errors import ImportRejected
from lettermanager.store.exchange import export_csv, export_data, import_data, import_file


def _records(data):
    """The records of an export, without the moment it was written."""
    return {key: value for key, value in data.items() if key != "exported_at"}


@pytest.fixture
def seed():
    return json.loads(seed_file().read_text(encoding="utf-8"))


def test_export_then_import_into_an_empty_database_gives_identical_records(seeded_db, tmp_path):
    first = export_data(seeded_db)
    target = Database.open(DataPaths(tmp_path / "other"), seed=False)
    try:
        report = import_data(target, json.loads(json.dumps(first)))
        assert report.sections["letters"].created == 5
        assert _records(export_data(target)) == _records(first)
    finally:
        target.close()


def test_importing_the_same_file_twice_creates_nothing_new(empty_db, seed):
    import_data(empty_db, seed)
    before = export_data(empty_db)
    report = import_data(empty_db, seed)
    assert report.changed == 0
    assert report.sections["letters"].unchanged == len(seed["letters"])
    assert _records(export_data(empty_db)) == _records(before)


def test_dry_run_reports_but_writes_nothing(empty_db, seed):
    report = import_data(empty_db, seed, dry_run=True)
    assert report.sections["prisoners"].created == len(seed["prisoners"])
    assert "would be written" in report.lines()[-1]
    assert export_data(empty_db)["prisoners"] == []


def test_a_newer_record_in_the_file_updates_an_older_one_and_not_the_reverse(empty_db, seed):
    import_data(empty_db, seed)
    newer = copy.deepcopy(seed)
    newer["prisoners"][0]["notes"] = "moved again"
    newer["prisoners"][0]["updated_at"] = "2027-01-01T00:00:00Z"
    assert import_data(empty_db, newer).sections["prisoners"].updated == 1
    older = copy.deepcopy(seed)
    older["prisoners"][0]["notes"] = "stale copy"
    assert import_data(empty_db, older).sections["prisoners"].kept_newer == 1
    assert export_data(empty_db)["prisoners"][0]["notes"] == "moved again"


def _bad(seed, change):
    data = copy.deepcopy(seed)
    change(data)
    return data


BAD_FILES = {
    "wrong enum": (lambda d: d["letters"][1].update(status="posted"),
                   "letters[1] (id {id}): status: 'posted' is not allowed"),
    "missing prisoner": (lambda d: d["letters"][2].update(
        prisoner_id="00000000-0000-4000-8000-000000000000"),
        "letters[2] (id {id}): prisoner_id: no prisoner with id"),
    "impossible date": (lambda d: d["custody"][0].update(start="2023-02-30"),
                        "custody[0] (id {id}): start: 2023-02-30 is not a real date"),
    "future version": (lambda d: d.update(version=2), "format version 2"),
    "not our format": (lambda d: d.update(format="something"), "not a LetterManager export"),
    "section not a list": (lambda d: d.update(letters={}), '"letters" must be a list'),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_a_bad_file_changes_nothing_and_says_where(seeded_db, seed, name):
    change, expected = BAD_FILES[name]
    data = _bad(seed, change)
    # Make the file otherwise new, so that a partial import would be visible.
    data["prisoners"].append({"id": "99999999-9999-4999-8999-999999999999",
                              "full_name": "Новый Заключённый"})
    before = export_data(seeded_db)
    with pytest.raises(ImportRejected) as caught:
        import_data(seeded_db, data, source="file.json")
    message = str(caught.value)
    section, _, rest = expected.partition("[")
    if "{id}" in expected:
        index = int(rest.split("]")[0])
        expected = expected.format(id=seed[section][index]["id"])
    assert message.startswith("file.json: ")
    assert expected in message
    assert message.endswith("nothing was imported")
    assert "\n" not in message
    assert _records(export_data(seeded_db)) == _records(before)


def test_a_reply_to_another_prisoners_letter_is_rejected(empty_db, seed):
    data = copy.deepcopy(seed)
    other = {"id": "99999999-9999-4999-8999-999999999999", "full_name": "Мифтахов Азат"}
    data["prisoners"].append(other)
    stranger = {"id": "88888888-8888-4888-8888-888888888888", "prisoner_id": other["id"],
                "direction": "outgoing", "in_reply_to": seed["letters"][0]["id"]}
    data["letters"].append(stranger)
    with pytest.raises(ImportRejected, match="belongs to another prisoner"):
        import_data(empty_db, data)
    assert export_data(empty_db)["letters"] == []


def test_every_bad_record_is_listed(empty_db, seed):
    data = copy.deepcopy(seed)
    data["letters"][0]["direction"] = "up"
    data["letters"][1]["channel"] = "pigeon"
    with pytest.raises(ImportRejected) as caught:
        import_data(empty_db, data)
    assert len(caught.value.problems) == 2
    assert "(and 1 more bad records)" in str(caught.value)


def test_truncated_json_file(empty_db, tmp_path):
    path = tmp_path / "cut.json"
    path.write_text(seed_file().read_text(encoding="utf-8")[:500], encoding="utf-8")
    with pytest.raises(ImportRejected, match=r"cut\.json: not valid JSON at line \d+"):
        import_file(empty_db, path)


def test_unknown_fields_are_ignored(empty_db, seed):
    data = copy.deepcopy(seed)
    data["prisoners"][0]["favourite_colour"] = "red"
    data["future_section"] = [{"x": 1}]
    import_data(empty_db, data)
    assert len(export_data(empty_db)["prisoners"]) == len(seed["prisoners"])


def test_csv_export_names_people_and_keeps_dates(seeded_db):
    text = export_csv(seeded_db)
    lines = text.splitlines()
    assert lines[0].startswith("id,prisoner,direction,correspondent,facility")
    assert any("Кагарлицкий Борис Юльевич" in line and "2024-11-14" in line for line in lines)
    assert any(",Ksenia" in line for line in lines)

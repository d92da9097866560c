"""Envelope data from the store, the kept correction of the recipient line, schema 0006."""

import json
import shutil
import sqlite3
from pathlib import Path

from lettermanager.domain.records import CustodyIn, FacilityIn, PrisonerIn
from lettermanager.store import schema
from lettermanager.store.database import Database
from lettermanager.store.envelopes import envelope_data, set_envelope_name
from lettermanager.store.exchange import export_data, import_file
from lettermanager.store.models import Prisoner
from lettermanager.store.search import search
from lettermanager.store.service import Store
from lettermanager.store.settings import Settings, save_settings

FIXTURES = Path(__file__).parent.parent / "fixtures"


def _held_prisoner(store: Store) -> Prisoner:
    prisoner = store.create(PrisonerIn(full_name="Петрова Мария Ивановна", birth_year=1985))
    facility = store.create(FacilityIn(
        name="ФКУ ИК-2 УФСИН России по Мордовии", kind="penal_colony", address="ул. Лесная, 3",
        city="пос. Явас", region="Республика Мордовия", country="Россия",
        postal_code="431160"))
    store.create(CustodyIn(prisoner_id=prisoner.id, facility_id=facility.id, start="2024-01"))
    return prisoner


def test_the_envelope_has_the_dative_line_the_current_address_and_the_sender(empty_db,
                                                                             tmp_path):
    settings_path = tmp_path / "settings.json"
    save_settings(settings_path, Settings(sender_address="Иванова Анна\nул. Мира, 1\n101000"))
    store = Store(empty_db, settings_path)
    prisoner = _held_prisoner(store)

    data = envelope_data(store, prisoner.id)

    assert data.recipient == "Петровой Марии Ивановне, 1985 г.р."
    assert not data.corrected
    assert data.address.postcode == "431160"
    assert data.address.lines[0] == "ФКУ ИК-2 УФСИН России по Мордовии"
    assert data.sender.startswith("Иванова Анна")
    assert data.problems == []


def test_a_prisoner_with_no_facility_has_an_empty_address(store):
    prisoner = store.create(PrisonerIn(full_name="Яшин Илья Валерьевич"))
    data = envelope_data(store, prisoner.id)
    assert data.facility_name is None
    assert data.address.lines == []
    assert data.recipient == "Яшину Илье Валерьевичу"


def test_the_correction_is_kept_and_survives_an_edit_of_the_profile(store):
    prisoner = _held_prisoner(store)
    set_envelope_name(store, prisoner.id, "  Петровой М. И., 1985 г.р. ")

    # The profile form saves only the fields it shows.
    store.update(Prisoner, prisoner.id, {"full_name": "Петрова Мария Ивановна",
                                         "notes": "moved"})

    data = envelope_data(store, prisoner.id)
    assert data.corrected
    assert data.recipient == "Петровой М. И., 1985 г.р."
    assert store.get(Prisoner, prisoner.id).notes == "moved"


def test_clearing_the_correction_or_typing_the_generated_line_goes_back_to_generated(store):
    prisoner = _held_prisoner(store)
    set_envelope_name(store, prisoner.id, "Петровой М. И.")
    assert set_envelope_name(store, prisoner.id, "") is None
    assert not envelope_data(store, prisoner.id).corrected
    set_envelope_name(store, prisoner.id, "Петровой М. И.")
    assert set_envelope_name(store, prisoner.id, "Петровой Марии Ивановне, 1985 г.р.") is None
    assert store.get(Prisoner, prisoner.id).envelope_name is None


def test_the_correction_travels_in_the_export(store, data_paths, tmp_path):
    prisoner = _held_prisoner(store)
    set_envelope_name(store, prisoner.id, "Петровой М. И.")
    path = tmp_path / "export.json"
    path.write_text(json.dumps(export_data(store.db)), encoding="utf-8")
    [exported] = json.loads(path.read_text())["prisoners"]
    assert exported["envelope_name"] == "Петровой М. И."

    other = Database.open(type(data_paths)(tmp_path / "other"), seed=False)
    try:
        import_file(other, path)
        assert Store(other).get(Prisoner, prisoner.id).envelope_name == "Петровой М. И."
    finally:
        other.close()


def test_schema_0005_file_migrates_keeping_prisoners_and_their_search_index(data_paths):
    data_paths.root.mkdir(parents=True)
    shutil.copy(FIXTURES / "schema-0005.sqlite3", data_paths.database)
    before = sqlite3.connect(data_paths.database)
    rows = before.execute("SELECT id, full_name, birth_year FROM prisoner").fetchall()
    before.close()

    database = Database.open(data_paths)
    try:
        assert schema.current_revision(database.engine) == schema.head_revision() == "0006"
        store = Store(database)
        [prisoner] = store.prisoners()
        assert [(prisoner.id, prisoner.full_name, prisoner.birth_year)] == rows
        assert prisoner.envelope_name is None
        set_envelope_name(store, prisoner.id, "Иванову И. И.")
        assert store.get(Prisoner, prisoner.id).envelope_name == "Иванову И. И."
        # The prisoner table was not recreated: its search triggers still index edits.
        store.update(Prisoner, prisoner.id, {"notes": "Зеленоград"})
        assert any(hit.id == prisoner.id for hit in search(database, "Зеленоград"))
    finally:
        database.close()

"""Restore and recovery with real database files: validated first, nothing ever destroyed."""

import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from lettermanager.domain.records import PrisonerIn
from lettermanager.paths import DataPaths
from lettermanager.store import schema
from lettermanager.store.backups import list_backups, make_backup
from lettermanager.store.database import Database
from lettermanager.store.errors import NotALetterManagerDatabase, StoreError
from lettermanager.store.restore import NoGoodBackup, recover_from_backup, restore
from lettermanager.store.service import Store

FIXTURES = Path(__file__).parent.parent / "fixtures"
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def prisoner_names(path: Path) -> set[str]:
    connection = sqlite3.connect(path)
    try:
        return {row[0] for row in connection.execute("SELECT full_name FROM prisoner")}
    finally:
        connection.close()


@pytest.fixture
def other_database(tmp_path) -> Path:
    """A second LetterManager database with one prisoner of its own."""
    paths = DataPaths(tmp_path / "other")
    database = Database.open(paths, seed=False)
    Store(database).create(PrisonerIn(full_name="Другой Заключённый"))
    database.close()
    return paths.database


def test_restore_replaces_the_database_and_keeps_a_backup_of_it(data_paths, other_database):
    database = Database.open(data_paths)
    Store(database).create(PrisonerIn(full_name="Записан Сегодня"))  # only in the WAL so far
    database.close()
    result = restore(data_paths, other_database, now=NOW)
    assert prisoner_names(data_paths.database) == {"Другой Заключённый"}
    assert result.previous_backup is not None and result.set_aside is None
    assert "Записан Сегодня" in prisoner_names(result.previous_backup)
    assert [b.reason for b in list_backups(data_paths)] == ["before-restore"]
    for leftover in ("-wal", "-shm", ".restoring"):
        assert not data_paths.database.with_name(data_paths.database.name + leftover).exists()
    reopened = Database.open(data_paths)
    assert [p.full_name for p in Store(reopened).prisoners()] == ["Другой Заключённый"]
    reopened.close()


def test_restoring_an_older_version_migrates_it_on_next_open(data_paths):
    data_paths.ensure()
    Database.open(data_paths).close()
    result = restore(data_paths, FIXTURES / "schema-0001.sqlite3")
    assert result.needs_migration and result.revision == "0001"
    database = Database.open(data_paths)
    try:
        assert schema.current_revision(database.engine) == schema.head_revision()
    finally:
        database.close()


def _newer(path: Path) -> Path:
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = 'ffff'")
    connection.commit()
    connection.close()
    return path


def _damaged(path: Path) -> Path:
    raw = bytearray(path.read_bytes())
    raw[4096:] = b"\xa5" * (len(raw) - 4096)
    path.write_bytes(bytes(raw))
    return path


def _other_app(path: Path) -> Path:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE recipes (name TEXT)")
    connection.commit()
    connection.close()
    return path


@pytest.mark.parametrize("make, expected", [
    (lambda p, o: _newer(o), "newer version of LetterManager"),
    (lambda p, o: p / "missing.sqlite3", "no such file"),
    (lambda p, o: (p / "text.sqlite3", (p / "text.sqlite3").write_text("hello"))[0],
     "not a LetterManager database"),
    (lambda p, o: _other_app(p / "recipes.sqlite3"), "not one of LetterManager's"),
    (lambda p, o: _damaged(o), "damaged"),
])
def test_a_file_that_cannot_be_restored_is_refused_and_nothing_changes(
        tmp_path, seeded_db, data_paths, other_database, make, expected):
    seeded_db.close()
    before = data_paths.database.read_bytes()
    bad = make(tmp_path, other_database)
    with pytest.raises(StoreError, match=expected) as caught:
        restore(data_paths, bad)
    assert str(bad) in str(caught.value)  # it names the file the user chose
    assert data_paths.database.read_bytes() == before
    assert list_backups(data_paths) == []
    assert not list(data_paths.root.glob("*.restoring"))


def test_restore_is_refused_while_the_database_is_open(seeded_db, data_paths, other_database):
    with seeded_db.session() as session:  # an open connection, as a running window has
        session.connection()
        with pytest.raises(StoreError, match="in use"):
            restore(data_paths, other_database)
    assert "Кагарлицкий Борис Юльевич" in prisoner_names(data_paths.database)


def _corrupt_live_database(paths: DataPaths) -> bytes:
    paths.ensure()
    raw = b"SQLite format 3\x00" + bytes(range(256)) * 40
    paths.database.write_bytes(raw)
    return raw


def test_a_damaged_database_is_refused_by_open_and_recovered_from_the_newest_good_backup(
        data_paths):
    database = Database.open(data_paths)
    good = make_backup(database, data_paths, "daily", now=NOW)
    database.close()
    damaged = _corrupt_live_database(data_paths)
    with pytest.raises(NotALetterManagerDatabase):
        Database.open(data_paths)
    assert data_paths.database.read_bytes() == damaged  # open never touches it

    result = recover_from_backup(data_paths, now=NOW)
    assert result.source == good
    assert result.set_aside.read_bytes() == damaged  # kept whole, under another name
    assert result.set_aside.parent == data_paths.root
    database = Database.open(data_paths)
    assert len(Store(database).prisoners()) == 4
    database.close()


def test_a_damaged_database_with_its_wal_is_set_aside_together(data_paths, other_database):
    damaged = _corrupt_live_database(data_paths)
    wal = data_paths.database.with_name(data_paths.database.name + "-wal")
    wal.write_bytes(b"stale wal frames")
    result = restore(data_paths, other_database, now=NOW)  # a plain restore notices the damage
    assert result.set_aside is not None and result.previous_backup is None
    assert result.set_aside.read_bytes() == damaged
    assert Path(f"{result.set_aside}-wal").read_bytes() == b"stale wal frames"
    assert not wal.exists()
    assert prisoner_names(data_paths.database) == {"Другой Заключённый"}


def test_recovery_without_a_good_backup_says_so_and_changes_nothing(data_paths):
    damaged = _corrupt_live_database(data_paths)
    with pytest.raises(NoGoodBackup, match="no sound backup"):
        recover_from_backup(data_paths)
    assert data_paths.database.read_bytes() == damaged
    assert [p.name for p in data_paths.root.iterdir() if p.is_file()] == [
        data_paths.database.name]


def test_restore_into_an_empty_data_folder(tmp_path, other_database):
    paths = DataPaths(tmp_path / "fresh")
    result = restore(paths, other_database)
    assert result.previous_backup is None and result.set_aside is None
    assert prisoner_names(paths.database) == {"Другой Заключённый"}


def test_a_restored_file_is_a_copy_not_the_original(data_paths, other_database):
    copy = data_paths.root.parent / "keep.sqlite3"
    shutil.copy(other_database, copy)
    restore(data_paths, copy)
    database = Database.open(data_paths)
    Store(database).create(PrisonerIn(full_name="Новый"))
    database.close()
    assert prisoner_names(copy) == {"Другой Заключённый"}

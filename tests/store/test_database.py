import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from lettermanager.paths import DataPaths
from lettermanager.store import schema
from lettermanager.store.database import Database
from lettermanager.store.errors import DatabaseTooNew, NotALetterManagerDatabase

FIXTURES = Path(__file__).parent.parent / "fixtures"


def test_every_connection_has_the_pragmas(empty_db):
    for _ in range(3):  # several pooled connections, each set up on connect
        with empty_db.engine.connect() as connection:
            pragma = {name: connection.execute(text(f"PRAGMA {name}")).scalar()
                      for name in ("foreign_keys", "journal_mode", "synchronous", "busy_timeout")}
            assert pragma == {"foreign_keys": 1, "journal_mode": "wal", "synchronous": 2,
                              "busy_timeout": 10000}


def test_writes_begin_immediate(empty_db):
    """A write transaction holds the write lock from its first statement."""
    with empty_db.writing() as session:
        session.connection()  # the transaction has begun
        other = sqlite3.connect(empty_db.path, timeout=0)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()


def test_a_new_file_is_at_the_current_revision(empty_db):
    assert schema.current_revision(empty_db.engine) == schema.head_revision()


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_schema_made_by_migrations_matches_the_models(empty_db):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    with empty_db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": schema.include_object})
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []


def _copy_fixture(revision: str, paths: DataPaths) -> None:
    paths.root.mkdir(parents=True)
    shutil.copy(FIXTURES / f"schema-{revision}.sqlite3", paths.database)


PAST_REVISIONS = sorted(p.stem.removeprefix("schema-") for p in FIXTURES.glob("schema-*.sqlite3"))


def test_there_is_a_fixture_for_every_past_revision():
    assert set(PAST_REVISIONS) >= schema.known_revisions() - {schema.head_revision()}


@pytest.mark.parametrize("revision", PAST_REVISIONS)
def test_a_past_revision_file_is_backed_up_then_migrated_without_losing_rows(data_paths,
                                                                              revision):
    _copy_fixture(revision, data_paths)
    before = sqlite3.connect(data_paths.database)
    counts = {t: before.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("prisoner", "letter", "censorship_event", "translation", "custody_stay")}
    before.close()

    database = Database.open(data_paths)
    try:
        assert schema.current_revision(database.engine) == schema.head_revision()
        with database.engine.connect() as connection:
            for table, count in counts.items():
                assert connection.execute(text(f"SELECT count(*) FROM {table}")).scalar() == count
            assert connection.execute(text("PRAGMA foreign_key_check")).fetchall() == []
            # The new CHECK constraints are in force.
            with pytest.raises(Exception, match="CHECK"):
                connection.execute(text("UPDATE letter SET status = 'bogus'"))
    finally:
        database.close()
    # The seed is only for new files: an existing database is not seeded on migration.
    assert counts["prisoner"] == 1
    backups = list(data_paths.backups.glob("*.sqlite3"))
    if revision == schema.head_revision():
        assert backups == []  # nothing to migrate, nothing to back up
        return
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert old.execute("SELECT version_num FROM alembic_version").fetchone()[0] == revision
    assert old.execute("SELECT count(*) FROM translation").fetchone()[0] == 1
    old.close()


def test_a_file_from_a_newer_version_is_refused_and_left_alone(data_paths):
    database = Database.open(data_paths, seed=False)
    database.close()
    raw = sqlite3.connect(data_paths.database)
    raw.execute("UPDATE alembic_version SET version_num = '9999'")
    raw.commit()
    raw.close()
    before = data_paths.database.read_bytes()
    with pytest.raises(DatabaseTooNew, match="newer version of LetterManager"):
        Database.open(data_paths)
    assert data_paths.database.read_bytes() == before
    assert not list(data_paths.backups.glob("*"))


def test_a_file_that_is_not_a_database_is_refused_and_left_alone(data_paths):
    data_paths.root.mkdir(parents=True)
    data_paths.database.write_bytes(b"these are not the bytes of a database" * 100)
    with pytest.raises(NotALetterManagerDatabase, match="not a database"):
        Database.open(data_paths)
    assert data_paths.database.read_bytes().startswith(b"these are not")


def test_another_apps_sqlite_file_is_refused(data_paths):
    data_paths.root.mkdir(parents=True)
    raw = sqlite3.connect(data_paths.database)
    raw.execute("CREATE TABLE things (x)")
    raw.commit()
    raw.close()
    with pytest.raises(NotALetterManagerDatabase, match="not one of LetterManager's"):
        Database.open(data_paths)


def test_reopening_changes_nothing_and_does_not_seed_again(data_paths):
    Database.open(data_paths, seed=False).close()
    database = Database.open(data_paths, seed=True)
    try:
        with database.engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM prisoner")).scalar() == 0
    finally:
        database.close()

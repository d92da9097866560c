"""Automatic backups with fake clocks: when they are due, and how they rotate."""

import errno
import os
import sqlite3
import time
from datetime import UTC, datetime, timedelta

import pytest

from lettermanager.store import backups
from lettermanager.store.backup import backup_name
from lettermanager.store.backups import (
    backup_before_import,
    backup_if_due,
    database_file_revision,
    list_backups,
    make_backup,
    newest_good_backup,
    rotate,
    save_backup,
)
from lettermanager.store.errors import StoreError
from lettermanager.store.settings import Settings, save_settings
from lettermanager.store.write_errors import CannotWrite

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)  # a Monday


def letter_count(path) -> int:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT count(*) FROM letter").fetchone()[0]
    finally:
        connection.close()


def test_a_backup_is_a_sound_copy_named_for_its_moment(seeded_db, data_paths):
    path = make_backup(seeded_db, data_paths, "manual", now=START)
    assert path.name == "lettermanager-20260105-090000-000000-manual.sqlite3"
    assert letter_count(path) == 5
    assert database_file_revision(path)
    [found] = list_backups(data_paths)
    assert (found.path, found.taken_at, found.reason) == (path, START, "manual")
    assert not list(data_paths.backups.glob("*.partial"))


def test_backup_is_due_when_the_newest_is_older_than_a_day(seeded_db, data_paths):
    first = backup_if_due(seeded_db, data_paths, now=START)
    assert first is not None
    assert backup_if_due(seeded_db, data_paths, now=START + timedelta(hours=23)) is None
    second = backup_if_due(seeded_db, data_paths, now=START + timedelta(hours=24, minutes=1))
    assert second is not None and second != first
    assert [b.path for b in list_backups(data_paths)] == [second, first]


def test_any_recent_backup_counts_for_the_daily_one(seeded_db, data_paths):
    backup_before_import(seeded_db, data_paths, now=START)
    assert backup_if_due(seeded_db, data_paths, now=START + timedelta(hours=2)) is None


def _daily_for(days, db, paths, first=START):
    made = []
    for day in range(days):
        made.append(backup_if_due(db, paths, now=first + timedelta(days=day)))
    return made


def test_rotation_keeps_seven_daily_and_four_weekly_by_default(seeded_db, data_paths):
    made = _daily_for(60, seeded_db, data_paths)  # 2026-01-05 .. 2026-03-05, one a day
    kept = sorted(b.taken_at.date().isoformat() for b in list_backups(data_paths))
    daily = ["2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02", "2026-03-03",
             "2026-03-04", "2026-03-05"]
    # The newest of each of the last four ISO weeks: 03-05 (week 10) and 03-01 (week 9) are
    # daily ones already; 02-22 (week 8) and 02-15 (week 7) are kept for their weeks.
    assert kept == ["2026-02-15", "2026-02-22", *daily]
    assert not made[0].exists()


def test_rotation_follows_the_settings_file(seeded_db, data_paths):
    save_settings(data_paths.settings, Settings(backups_daily=2, backups_weekly=1))
    _daily_for(20, seeded_db, data_paths)
    kept = list_backups(data_paths)
    last = (START + timedelta(days=19)).date()
    assert [b.taken_at.date() for b in kept] == [last, last - timedelta(days=1)]


def test_rotation_counts_days_with_backups_not_calendar_days(seeded_db, data_paths):
    """A laptop shut for months still has its last backups when it is opened again."""
    save_settings(data_paths.settings, Settings(backups_daily=3, backups_weekly=0))
    _daily_for(3, seeded_db, data_paths)
    later = backup_if_due(seeded_db, data_paths, now=START + timedelta(days=120))
    kept = [b.path for b in list_backups(data_paths)]
    assert len(kept) == 3 and kept[0] == later


def test_every_backup_of_the_last_day_is_kept(seeded_db, data_paths):
    """Each import of the day can be undone, not only the last one."""
    save_settings(data_paths.settings, Settings(backups_daily=1, backups_weekly=0))
    made = [backup_before_import(seeded_db, data_paths, now=START + timedelta(hours=h))
            for h in range(5)]
    assert {b.path for b in list_backups(data_paths)} == set(made)
    backup_if_due(seeded_db, data_paths, now=START + timedelta(days=3))
    assert len(list_backups(data_paths)) == 1


def test_backups_before_a_migration_or_a_restore_are_never_rotated(seeded_db, data_paths):
    kept = [make_backup(seeded_db, data_paths, reason, now=START)
            for reason in ("before-0004", "before-restore")]
    stranger = data_paths.backups / "my own copy.sqlite3"
    stranger.write_bytes(b"mine")
    _daily_for(40, seeded_db, data_paths, first=START + timedelta(days=1))
    assert all(path.exists() for path in kept)
    assert stranger.read_bytes() == b"mine"


def test_rotation_removes_stale_partial_files_only(data_paths):
    data_paths.ensure()
    stale = data_paths.backups / "x.sqlite3.partial"
    fresh = data_paths.backups / "y.sqlite3.partial"
    stale.write_bytes(b"")
    fresh.write_bytes(b"")
    hours_ago = time.time() - 2 * 3600
    os.utime(stale, (hours_ago, hours_ago))
    rotate(data_paths)
    assert not stale.exists() and fresh.exists()


def test_saving_a_backup_elsewhere_and_into_the_folder(seeded_db, data_paths, tmp_path):
    outside = save_backup(seeded_db, data_paths, tmp_path / "usb" / "copy.sqlite3")
    assert letter_count(outside) == 5
    inside = save_backup(seeded_db, data_paths, data_paths.backups / backup_name("manual"))
    assert [b.path for b in list_backups(data_paths)] == [inside]


def test_a_full_disk_during_a_backup_is_a_clear_error_and_leaves_nothing(
        seeded_db, data_paths, monkeypatch):
    def full(source, target):
        partial = target.with_name(target.name + ".partial")
        partial.write_bytes(b"half")
        partial.unlink()
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backups, "copy_database", full)
    with pytest.raises(CannotWrite, match="the disk is full") as caught:
        make_backup(seeded_db, data_paths, "daily", now=START)
    assert str(data_paths.backups) in str(caught.value)
    assert list(data_paths.backups.iterdir()) == []


def test_a_damaged_live_database_fails_the_backup_in_words(data_paths):
    data_paths.ensure()
    data_paths.database.write_bytes(b"SQLite format 3\x00" + b"\x07" * 4096)
    with pytest.raises(StoreError, match="the backup could not be made"):
        make_backup(data_paths.database, data_paths, "daily", now=START)
    assert not list(data_paths.backups.glob("*.sqlite3"))


def test_newest_good_backup_skips_damaged_and_newer_files(seeded_db, data_paths):
    good = make_backup(seeded_db, data_paths, "daily", now=START)
    damaged = make_backup(seeded_db, data_paths, "daily", now=START + timedelta(hours=1))
    raw = bytearray(damaged.read_bytes())
    raw[4096:8192] = b"\xff" * 4096  # smash a page
    damaged.write_bytes(bytes(raw))
    newer = make_backup(seeded_db, data_paths, "daily", now=START + timedelta(hours=2))
    connection = sqlite3.connect(newer)
    connection.execute("UPDATE alembic_version SET version_num = 'ffff'")
    connection.commit()
    connection.close()
    garbage = data_paths.backups / backup_name("daily", START + timedelta(hours=3))
    garbage.write_bytes(b"not a database")
    assert newest_good_backup(data_paths).path == good


def test_no_backups_means_no_good_backup(data_paths):
    assert newest_good_backup(data_paths) is None

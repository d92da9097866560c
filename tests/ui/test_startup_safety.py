"""Start-up safety nets with real files: a damaged database file, the daily backup, one window
per data folder, and a full disk during a write."""

import argparse
import errno
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from qt_helpers import settle

from lettermanager.domain.records import PrisonerIn
from lettermanager.store.backups import backup_if_due, list_backups, make_backup
from lettermanager.store.database import Database
from lettermanager.store.service import Store
from lettermanager.ui.app import open_error_text, run_gui
from lettermanager.ui.failure_text import as_write_failure, failure_message
from lettermanager.ui.main_window import MainWindow
from lettermanager.ui.single_instance import SingleInstance, server_name
from lettermanager.ui.startup import daily_backup, open_database
from lettermanager.ui.worker import DatabaseWorker

GARBAGE = b"SQLite format 3\x00" + b"\xde\xad\xbe\xef" * 4000  # a header, then rubbish


class Boxes:
    """QMessageBox answers: the button whose text contains `choose` is clicked."""

    def __init__(self, monkeypatch):
        self.shown: list[tuple[str, str]] = []
        self.choose = "Restore"
        for kind in ("warning", "information", "critical"):
            monkeypatch.setattr(QMessageBox, kind, self._recorder(kind))
        monkeypatch.setattr(QMessageBox, "exec", lambda box: self._exec(box))

    def _recorder(self, kind):
        def show(parent, title, text, *args, **kwargs):
            self.shown.append((kind, text))
            return QMessageBox.StandardButton.Ok
        return show

    def _exec(self, box):
        self.shown.append(("box", box.text() + "\n" + box.informativeText()))
        for button in box.buttons():
            if self.choose in button.text():
                button.click()  # as the user would: sets box.clickedButton()
                return 0
        return 0

    def of(self, kind):
        return [text for shown_kind, text in self.shown if shown_kind == kind]


@pytest.fixture
def boxes(monkeypatch):
    return Boxes(monkeypatch)


def seeded_with_backup(data_paths, when=None):
    database = Database.open(data_paths, seed=True)
    make_backup(database, data_paths, "daily", now=when)
    Store(database).create(PrisonerIn(full_name="После бэкапа"))  # not in the backup
    database.close()


def test_a_damaged_file_offers_the_newest_good_backup_and_keeps_the_damaged_one(
        qtbot, data_paths, boxes):
    seeded_with_backup(data_paths)
    data_paths.database.write_bytes(GARBAGE)
    database = open_database(data_paths, seed=True, error_text=open_error_text)
    assert database is not None
    try:
        counts = Store(database).counts()
        assert counts["prisoner"] == 4 and counts["letter"] == 5  # the backup's records
    finally:
        database.close()
    [offer] = boxes.of("box")
    assert "damaged or is not a LetterManager database" in offer
    [done] = boxes.of("information")
    kept = [p for p in data_paths.root.iterdir() if "damaged" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes() == GARBAGE  # never overwritten
    assert str(kept[0]) in done


def test_declining_the_restore_quits_and_changes_nothing(qtbot, data_paths, boxes):
    seeded_with_backup(data_paths)
    data_paths.database.write_bytes(GARBAGE)
    boxes.choose = "Quit"
    assert open_database(data_paths, seed=True, error_text=open_error_text) is None
    assert data_paths.database.read_bytes() == GARBAGE
    assert not [p for p in data_paths.root.iterdir() if "damaged" in p.name]


def test_no_backup_to_offer_says_so_once(qtbot, data_paths, boxes):
    data_paths.root.mkdir(parents=True)
    data_paths.database.write_text("my shopping list")
    assert open_database(data_paths, seed=True, error_text=open_error_text) is None
    [message] = boxes.of("critical")
    assert "no backup" in message
    assert data_paths.database.read_text() == "my shopping list"


def test_the_app_starts_on_the_restored_backup(qtbot, data_paths, boxes):
    seeded_with_backup(data_paths)
    data_paths.database.write_bytes(GARBAGE)
    seen = []

    def look_and_close():
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                seen.append(widget.worker.call(lambda store: store.counts()["prisoner"]))
                widget.close()

    QTimer.singleShot(300, look_and_close)
    args = argparse.Namespace(data_dir=str(data_paths.root), lang="en", no_seed=False)
    assert run_gui(args) == 0
    assert seen == [4]


def test_the_daily_backup_runs_on_the_worker_when_due_and_rotates(qtbot, data_paths,
                                                                  seeded_store):
    from lettermanager.store.settings import load_settings, save_settings

    settings = load_settings(data_paths.settings)
    settings.backups_daily, settings.backups_weekly = 2, 0
    save_settings(data_paths.settings, settings)
    now = datetime.now(UTC)
    for days in (5, 4, 3):  # older daily backups, one per day
        backup_if_due(seeded_store.db, data_paths, now=now - timedelta(days=days))
    assert len(list_backups(data_paths)) == 2  # rotated to the two newest already
    worker = DatabaseWorker(seeded_store)
    window = MainWindow(worker, data_paths)
    qtbot.addWidget(window)
    try:
        daily_backup(window, worker, data_paths)
        settle(worker)
        backups = list_backups(data_paths)
        assert len(backups) == 2
        assert now - backups[0].taken_at < timedelta(minutes=5)  # today's was made
        assert "Backed up the database" in window.statusBar().currentMessage()
        daily_backup(window, worker, data_paths)  # not due again today
        settle(worker)
        assert list_backups(data_paths) == backups
    finally:
        worker.stop()


def test_a_second_instance_on_the_same_folder_raises_the_first(qtbot, data_paths, tmp_path):
    first = SingleInstance(data_paths)
    second = SingleInstance(data_paths)
    elsewhere = SingleInstance(type(data_paths)(tmp_path / "other"))
    try:
        assert first.claim()
        assert elsewhere.claim()  # another data folder is another instance
        with qtbot.waitSignal(first.raise_requested, timeout=3000):
            assert not second.claim()
        assert not second.lock.held
        assert server_name(data_paths) != elsewhere.name
    finally:
        first.release()
        second.release()
        elsewhere.release()
    third = SingleInstance(data_paths)  # released: the folder can be taken again
    assert third.claim()
    third.release()


def test_a_second_app_is_told_and_the_first_window_comes_forward(qtbot, data_paths, boxes,
                                                                 monkeypatch):
    owner = SingleInstance(data_paths)
    assert owner.claim()
    raised = []
    owner.raise_requested.connect(lambda: raised.append(True))
    try:
        args = argparse.Namespace(data_dir=str(data_paths.root), lang="en", no_seed=False)
        assert run_gui(args) == 0  # no window, no database opened
        qtbot.waitUntil(lambda: raised == [True], timeout=3000)
    finally:
        owner.release()
    [message] = boxes.of("information")
    assert "already open" in message
    assert not data_paths.database.exists()


def test_a_full_disk_during_a_write_is_explained_and_the_app_stays_open(
        qtbot, data_paths, seeded_store, boxes, monkeypatch):
    worker = DatabaseWorker(seeded_store)
    window = MainWindow(worker, data_paths)
    qtbot.addWidget(window)
    window.show()
    try:
        settle(worker)

        def full(*args, **kwargs):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(Store, "create", full)
        worker.submit(lambda store: store.create(PrisonerIn(full_name="X")), writes=True)
        settle(worker)
        [message] = boxes.of("warning")
        assert "The disk is full" in message and "Nothing was changed" in message
        assert window.isVisible()
        monkeypatch.undo()
        assert worker.call(lambda store: store.counts()["prisoner"]) == 4
    finally:
        worker.stop()


def test_write_failures_in_words():
    full = as_write_failure(OSError(errno.ENOSPC, "No space left on device"),
                            Path("/data"))
    assert "disk is full" in failure_message(full)
    read_only = as_write_failure(sqlite3.OperationalError("attempt to write a readonly "
                                                          "database"),
                                 Path("/data"))
    assert "read-only" in failure_message(read_only)
    other = ValueError("no such facility")
    assert as_write_failure(other, Path("/data")) is other
    assert failure_message(other) == "no such facility"


def test_a_database_that_cannot_grow_is_a_full_disk_and_nothing_is_written(
        qtbot, data_paths, seeded_store, boxes):
    """SQLite's own "database or disk is full" on a real write: a page limit stands in for
    the disk."""
    from sqlalchemy import text

    worker = DatabaseWorker(seeded_store)
    window = MainWindow(worker, data_paths)
    qtbot.addWidget(window)
    window.show()
    try:
        settle(worker)

        def limit(store):
            with store.db.writing() as session:
                pages = session.execute(text("PRAGMA page_count")).scalar()
                session.execute(text(f"PRAGMA max_page_count = {pages + 2}"))

        worker.call(limit)
        worker.submit(lambda store: store.create(PrisonerIn(full_name="Большой",
                                                            notes="ж" * 2_000_000)),
                      writes=True)
        settle(worker)
        [message] = boxes.of("warning")
        assert "The disk is full" in message, message
        assert window.isVisible()
        assert worker.call(lambda store: store.counts()["prisoner"]) == 4
    finally:
        worker.stop()


def test_a_data_folder_that_cannot_be_locked_still_starts(qtbot, data_paths, monkeypatch):
    import os

    real_open = os.open

    def read_only(path, *args, **kwargs):
        if str(path).endswith("lettermanager.lock"):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    instance = SingleInstance(data_paths)
    try:
        assert instance.claim()
        assert not instance.lock.held
    finally:
        instance.release()

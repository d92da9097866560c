"""File ▸ Back up now, Restore from backup, Check the database and spreadsheet import, driven
through the main window's actions with real files."""

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from qt_helpers import settle

from lettermanager.domain.records import LetterIn, PrisonerIn
from lettermanager.store.backups import database_file_revision, list_backups
from lettermanager.store.search_index import register_functions
from lettermanager.ui.csv_import_dialog import CsvImportDialog
from lettermanager.ui.main_window import MainWindow
from lettermanager.ui.worker import DatabaseWorker


class Dialogs:
    """Stands in for the blocking dialogs: records what they show, answers as told."""

    def __init__(self, monkeypatch):
        self.shown: list[tuple[str, str, str]] = []
        self.answer = QMessageBox.StandardButton.Yes
        self.save_as: Path | None = None
        self.open_file: Path | None = None
        self.asked_in: list[str] = []
        for kind in ("warning", "information", "critical"):
            monkeypatch.setattr(QMessageBox, kind, self._recorder(kind))
        monkeypatch.setattr(QMessageBox, "question", self._question)
        monkeypatch.setattr(QMessageBox, "exec", lambda box: self.shown.append(
            ("box", box.text(), box.detailedText())))
        monkeypatch.setattr(QFileDialog, "getSaveFileName", self._save)
        monkeypatch.setattr(QFileDialog, "getOpenFileName", self._open)

    def _recorder(self, kind):
        def show(parent, title, text, *args, **kwargs):
            self.shown.append((kind, title, text))
            return QMessageBox.StandardButton.Ok
        return show

    def _question(self, parent, title, text, *args, **kwargs):
        self.shown.append(("question", title, text))
        return self.answer

    def _save(self, parent, caption, folder, *args, **kwargs):
        self.asked_in.append(folder)
        return (str(self.save_as) if self.save_as else "", "")

    def _open(self, parent, caption, folder, *args, **kwargs):
        self.asked_in.append(folder)
        return (str(self.open_file) if self.open_file else "", "")

    def of(self, kind):
        return [text for shown_kind, _title, text in self.shown if shown_kind == kind]


@pytest.fixture
def dialogs(monkeypatch):
    return Dialogs(monkeypatch)


@pytest.fixture
def worker(seeded_store):
    worker = DatabaseWorker(seeded_store)
    original = seeded_store.db
    yield worker
    worker.stop()
    if seeded_store.db is not original:  # a restore opened the database again
        seeded_store.db.close()


@pytest.fixture
def window(qtbot, worker, data_paths, dialogs):
    window = MainWindow(worker, data_paths)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    settle(worker)
    return window


def letter_count(worker) -> int:
    return worker.call(lambda store: store.counts()["letter"])


def add_a_letter(worker) -> None:
    def operation(store):
        prisoner = store.create(PrisonerIn(full_name="Тестов Тест"))
        store.create(LetterIn(prisoner_id=prisoner.id, direction="incoming", title="Новое"))
    worker.call(operation)


def test_the_file_menu_has_the_safety_actions(window):
    texts = [action.text().replace("&", "") for action in window.menuBar().actions()[0]
             .menu().actions()]
    for wanted in ("Back up now…", "Restore from backup…", "Check the database"):
        assert wanted in texts


def test_back_up_now_writes_a_sound_copy_where_chosen(qtbot, window, worker, dialogs,
                                                      tmp_path, data_paths):
    dialogs.save_as = tmp_path / "stick" / "copy"  # no suffix: .sqlite3 is added
    dialogs.save_as.parent.mkdir()
    window.safety.backup_action.trigger()
    settle(worker)
    assert dialogs.asked_in[0].startswith(str(data_paths.backups))  # offered first
    saved = tmp_path / "stick" / "copy.sqlite3"
    database_file_revision(saved)  # sound and LetterManager's
    connection = sqlite3.connect(saved)
    assert connection.execute("SELECT count(*) FROM letter").fetchone()[0] == \
        letter_count(worker)
    connection.close()
    [message] = dialogs.of("information")
    assert str(saved) in message
    assert str(saved) in window.statusBar().currentMessage()


def test_back_up_into_an_impossible_folder_says_so_and_carries_on(qtbot, window, worker, dialogs,
                                                             tmp_path):
    (tmp_path / "a-file").write_text("x")
    dialogs.save_as = tmp_path / "a-file" / "copy.sqlite3"  # a folder that cannot be
    window.safety.backup_action.trigger()
    settle(worker)
    [message] = dialogs.of("warning")
    assert "could not be written" in message
    assert window.isVisible() and letter_count(worker) == 5


def test_restore_puts_the_backup_back_and_reopens_the_database(
        qtbot, window, worker, dialogs, tmp_path, data_paths):
    dialogs.save_as = tmp_path / "before.sqlite3"
    window.safety.backup_action.trigger()
    settle(worker)
    add_a_letter(worker)
    assert letter_count(worker) == 6

    dialogs.open_file = tmp_path / "before.sqlite3"
    dialogs.answer = QMessageBox.StandardButton.Cancel  # first: changed my mind
    window.safety.restore_action.trigger()
    settle(worker)
    assert dialogs.asked_in[-1] == str(data_paths.backups)
    assert letter_count(worker) == 6

    dialogs.answer = QMessageBox.StandardButton.Yes
    window.safety.restore_action.trigger()
    settle(worker)
    assert letter_count(worker) == 5  # the reopened database is the restored one
    kept = [b for b in list_backups(data_paths) if b.reason == "before-restore"]
    assert len(kept) == 1
    connection = sqlite3.connect(kept[0].path)  # the replaced database was kept
    assert connection.execute("SELECT count(*) FROM letter").fetchone()[0] == 6
    connection.close()
    [*_others, restored] = dialogs.of("information")
    assert "restored from before.sqlite3" in restored and str(kept[0].path) in restored
    qtbot.waitUntil(lambda: "5 letters" in window.counts_label.text())
    # Writing still works after the reopen.
    add_a_letter(worker)
    assert letter_count(worker) == 6


def test_restore_refuses_a_file_from_a_newer_version(qtbot, window, worker, dialogs,
                                                      tmp_path, data_paths):
    dialogs.save_as = tmp_path / "newer.sqlite3"
    window.safety.backup_action.trigger()
    settle(worker)
    connection = sqlite3.connect(dialogs.save_as)
    connection.execute("UPDATE alembic_version SET version_num = 'ffff_future'")
    connection.commit()
    connection.close()
    before = data_paths.database.read_bytes()
    dialogs.open_file = dialogs.save_as
    window.safety.restore_action.trigger()
    settle(worker)
    [message] = dialogs.of("warning")
    assert "newer version of LetterManager" in message and "nothing was changed" in message
    assert dialogs.of("question") == []  # refused before asking
    assert data_paths.database.read_bytes() == before
    assert letter_count(worker) == 5


def test_restore_refuses_a_file_that_is_not_a_database(qtbot, window, worker, dialogs,
                                                        tmp_path):
    junk = tmp_path / "notes.sqlite3"
    junk.write_text("not a database at all")
    dialogs.open_file = junk
    window.safety.restore_action.trigger()
    settle(worker)
    [message] = dialogs.of("warning")
    assert "not a LetterManager database" in message
    assert letter_count(worker) == 5


def test_check_says_all_is_well_or_names_the_problem(qtbot, window, worker, dialogs,
                                                     data_paths):
    window.safety.check_action.trigger()
    settle(worker)
    [fine] = dialogs.of("information")
    assert "No problems found" in fine

    connection = sqlite3.connect(data_paths.database)
    register_functions(connection)
    connection.execute("PRAGMA foreign_keys = OFF")
    connection.execute("UPDATE letter SET prisoner_id = 'nobody' WHERE title LIKE 'Statement%'")
    connection.commit()
    connection.close()
    window.safety.check_action.trigger()
    settle(worker)
    [(_kind, lead, details)] = [shown for shown in dialogs.shown if shown[0] == "box"]
    assert lead == "The check found 1 problem."
    assert "Statement refusing any prisoner exchange" in details
    assert "points at a prisoner that does not exist (nobody)" in details


def test_import_of_a_spreadsheet_opens_the_dialog_and_imports_after_a_backup(
        qtbot, window, worker, dialogs, tmp_path, data_paths):
    rows = ["Кому;Direction;Written on;Title",
            "Кагарлицкий Борис Юльевич;incoming;15.03.2024;Из колонии",
            "Boris Kagarlitsky;outgoing;04.2024;Ответ"]
    sheet = tmp_path / "письма.csv"
    sheet.write_bytes("\r\n".join(rows).encode("cp1251"))
    dialogs.open_file = sheet
    window.import_action.trigger()
    dialog = window.findChild(CsvImportDialog)
    assert dialog is not None and dialog.isVisible()
    assert "Choose the columns first" in dialog.report_text()  # "Кому" is unknown
    dialog.combos[0].setCurrentIndex(dialog.combos[0].findData("prisoner"))
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled())
    settle(worker)
    assert "2 new letters" in dialog.report_text()
    assert letter_count(worker) == 5  # the dry run wrote nothing
    with qtbot.waitSignal(window.exchange.finished) as finished:
        dialog.import_button.click()
        settle(worker)
    assert "письма.csv" in finished.args[0]
    assert letter_count(worker) == 7
    assert [b.reason for b in list_backups(data_paths)] == ["before-import"]


def test_a_json_export_still_imports_through_the_same_action(qtbot, window, worker,
                                                             dialogs, tmp_path):
    exported = tmp_path / "all.json"
    window.exchange.export_to(exported)
    settle(worker)
    dialogs.open_file = exported
    window.import_action.trigger()
    settle(worker)
    assert dialogs.of("information") == [
        "Everything in all.json is already in this database."]

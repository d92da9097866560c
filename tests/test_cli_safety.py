"""The command line's safety commands as scripts use them: real processes and real files.

backup / restore / check, spreadsheet import, and the one-writer-per-data-folder lock held by
another real process (as the window holds it).
"""

import json
import os
import signal
import sqlite3
import subprocess
import sys

import pytest

from lettermanager.store.instance_lock import InstanceLock, is_open_elsewhere
from lettermanager.store.search_index import register_functions

HOLDER = """
import sys, time
from lettermanager.store.instance_lock import acquire_instance_lock
lock = acquire_instance_lock(sys.argv[1])
print("holding", flush=True)
time.sleep(120)
"""


def run(*args, data_dir):
    env = {**os.environ, "LETTERMANAGER_DATA_DIR": str(data_dir)}
    env.pop("QT_QPA_PLATFORM", None)
    env.pop("DISPLAY", None)
    return subprocess.run([sys.executable, "-m", "lettermanager", *args], capture_output=True,
                          text=True, encoding="utf-8", env=env, timeout=120)


@pytest.fixture
def data_dir(tmp_path):
    folder = tmp_path / "data"
    assert run("check", data_dir=folder).returncode == 0  # a seeded database
    return folder


def letters(data_dir) -> list[dict]:
    return json.loads(run("export", data_dir=data_dir).stdout)["letters"]


def test_backup_goes_to_the_backups_folder_or_where_asked(tmp_path, data_dir):
    result = run("backup", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    made = data_dir / "backups" / result.stdout.strip().rsplit("/", 1)[-1]
    assert made.exists() and made.name.endswith("-manual.sqlite3")
    elsewhere = tmp_path / "stick" / "copy.sqlite3"
    assert run("backup", "-o", str(elsewhere), data_dir=data_dir).returncode == 0
    connection = sqlite3.connect(elsewhere)
    assert connection.execute("SELECT count(*) FROM letter").fetchone()[0] == 5
    connection.close()


def test_restore_puts_a_backup_back_and_keeps_the_replaced_database(tmp_path, data_dir):
    copy = tmp_path / "before.sqlite3"
    run("backup", "-o", str(copy), data_dir=data_dir)
    sheet = tmp_path / "new.csv"
    sheet.write_text("prisoner,direction,title\nAzat Miftakhov,incoming,Новое письмо\n",
                     encoding="utf-8")
    assert run("import", str(sheet), data_dir=data_dir).returncode == 0
    assert len(letters(data_dir)) == 6

    result = run("restore", str(copy), data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"restored {copy}"
    assert "the previous database was kept as" in result.stdout
    assert len(letters(data_dir)) == 5
    kept = [p for p in (data_dir / "backups").iterdir() if "before-restore" in p.name]
    connection = sqlite3.connect(kept[0])
    assert connection.execute("SELECT count(*) FROM letter").fetchone()[0] == 6
    connection.close()


def test_restore_refuses_a_file_from_a_newer_app_in_one_line(tmp_path, data_dir):
    newer = tmp_path / "newer.sqlite3"
    run("backup", "-o", str(newer), data_dir=data_dir)
    connection = sqlite3.connect(newer)
    connection.execute("UPDATE alembic_version SET version_num = 'ffff'")
    connection.commit()
    connection.close()
    before = letters(data_dir)
    result = run("restore", str(newer), data_dir=data_dir)
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert str(newer) in line and "newer version of LetterManager" in line
    assert letters(data_dir) == before


def test_check_says_what_is_wrong_and_exits_1(data_dir):
    connection = sqlite3.connect(data_dir / "lettermanager.sqlite3")
    register_functions(connection)  # the search index's triggers need them
    connection.execute("PRAGMA foreign_keys = OFF")
    connection.execute("UPDATE letter SET prisoner_id = 'nobody' WHERE title LIKE 'Statement%'")
    connection.commit()
    connection.close()
    result = run("check", data_dir=data_dir)
    assert result.returncode == 1
    assert "Statement refusing any prisoner exchange" in result.stdout
    assert "points at a prisoner that does not exist (nobody)" in result.stdout
    assert result.stderr.strip() == "lettermanager: the database has 1 problem (listed above)"


def test_a_windows_spreadsheet_imports_and_a_bad_row_changes_nothing(tmp_path, data_dir):
    rows = ["Prisoner;Direction;Written on;Title;Body",
            'Кагарлицкий Борис Юльевич;incoming;15.03.2024;Из колонии;"Первая строка\r\n'
            'вторая строка"',
            "Boris Kagarlitsky;outgoing;04.2024;Ответ;",
            "Kagarlitskiy Boris;туда;2024;Плохая строка;"]
    sheet = tmp_path / "письма.csv"
    sheet.write_bytes("\r\n".join(rows).encode("cp1251"))
    before = letters(data_dir)
    result = run("import", str(sheet), data_dir=data_dir)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"lettermanager: {sheet}: row 4: direction: 'туда' is not allowed; input should be "
        "'outgoing' or 'incoming'; nothing was imported")
    assert letters(data_dir) == before

    sheet.write_bytes("\r\n".join(rows[:3]).encode("cp1251"))
    dry = run("import", "--dry-run", str(sheet), data_dir=data_dir)
    assert dry.stdout.splitlines() == ["letters: 2 new, 0 updated, 0 already here (2 rows)",
                                       "2 records would be written"]
    assert letters(data_dir) == before
    done = run("import", str(sheet), data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "2 records were written"
    new = {letter["title"]: letter for letter in letters(data_dir)}
    assert new["Из колонии"]["body"] == "Первая строка\nвторая строка"
    assert new["Ответ"]["sent_on"] is None and new["Ответ"]["written_on"] == "2024-04"
    assert any(p.name.endswith("-before-import.sqlite3")
               for p in (data_dir / "backups").iterdir())


def test_import_maps_columns_from_the_command_line(tmp_path, data_dir):
    sheet = tmp_path / "own.csv"
    sheet.write_text("Кому,Куда,Заметка\nAzat Miftakhov,outgoing,x\n", encoding="utf-8")
    refused = run("import", str(sheet), data_dir=data_dir)
    assert refused.returncode == 1 and 'no column is "prisoner"' in refused.stderr
    result = run("import", "--map", "Кому=prisoner", "--map", "куда=direction",
                 "--map", "Заметка=", str(sheet), data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert run("import", "--map", "nonsense", str(sheet), data_dir=data_dir).returncode == 1


def test_a_second_copy_may_read_but_not_write_while_the_window_is_open(tmp_path, data_dir):
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(data_dir)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        assert is_open_elsewhere(data_dir)
        assert InstanceLock(data_dir).acquire() is False
        export = tmp_path / "all.json"
        assert run("export", "-o", str(export), data_dir=data_dir).returncode == 0
        assert run("check", data_dir=data_dir).returncode == 0
        assert run("import", "--dry-run", str(export), data_dir=data_dir).returncode == 0
        for command in (("import", str(export)), ("restore", str(export))):
            result = run(*command, data_dir=data_dir)
            assert result.returncode == 1
            assert result.stderr.strip() == (
                f"lettermanager: LetterManager is open on this data folder ({data_dir}); "
                "close it first")
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
    # The system released the killed holder's lock: nothing stale is left behind.
    assert not is_open_elsewhere(data_dir)
    assert run("import", str(export), data_dir=data_dir).returncode == 0


def test_two_locks_in_one_process_exclude_each_other(tmp_path):
    first, second = InstanceLock(tmp_path), InstanceLock(tmp_path)
    assert first.acquire()
    assert not second.acquire()
    first.release()
    assert second.acquire()
    second.release()

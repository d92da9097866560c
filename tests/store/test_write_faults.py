"""A full disk or a read-only data folder: a clear message, and nothing half-written.

The full disk is SQLite's own SQLITE_FULL (a page limit on the connection) and a failure at
commit; the read-only folder is a real one, enforced for a real process: tests run as root in
CI, so the child process gives up root's power to ignore file permissions first.
"""

import ctypes
import json
import os
import sqlite3
import subprocess
import sys

import pytest
from sqlalchemy import event

from lettermanager.domain.records import PrisonerIn
from lettermanager.store.csv_import import import_csv
from lettermanager.store.errors import StoreError
from lettermanager.store.exchange import export_data
from lettermanager.store.integrity import check
from lettermanager.store.write_errors import CannotWrite


def snapshot(database) -> str:
    data = export_data(database)
    data.pop("exported_at")
    return json.dumps(data, sort_keys=True)


def sheet(path, rows=2000):
    lines = ["prisoner;direction;title;body"]
    lines += [f"Азат Мифтахов;incoming;Письмо {n};{'Текст письма. ' * 40}" for n in range(rows)]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def cap_file_size(database) -> None:
    """Every new connection may not grow the file: the next new page is SQLITE_FULL."""
    with database.engine.connect() as connection:
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar()
    database.engine.dispose()
    event.listen(database.engine, "connect",
                 lambda dbapi, _record: dbapi.execute(f"PRAGMA max_page_count = {pages + 2}"))


def test_a_full_disk_during_an_import_writes_nothing_and_says_why(seeded_db, tmp_path):
    before = snapshot(seeded_db)
    cap_file_size(seeded_db)
    with pytest.raises(CannotWrite) as caught:
        import_csv(seeded_db, sheet(tmp_path / "big.csv"))
    assert str(caught.value).startswith(f"cannot write to {seeded_db.path.parent}: the disk is "
                                        "full; nothing was changed")
    assert isinstance(caught.value, StoreError)
    assert snapshot(seeded_db) == before
    assert check(seeded_db) == []


def test_a_failure_at_commit_rolls_everything_back(seeded_db, seeded_store, monkeypatch):
    before = snapshot(seeded_db)

    def full(_connection):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(seeded_db.engine.dialect, "do_commit", full)
    with pytest.raises(CannotWrite, match="the disk is full"):
        seeded_store.create(PrisonerIn(full_name="Не записан"))
    monkeypatch.undo()
    assert snapshot(seeded_db) == before
    seeded_store.create(PrisonerIn(full_name="Записан потом"))  # the database still works
    assert "Записан потом" in [p.full_name for p in seeded_store.prisoners()]


def test_a_read_only_database_says_so(seeded_db, seeded_store):
    before = snapshot(seeded_db)
    seeded_db.engine.dispose()
    event.listen(seeded_db.engine, "connect",
                 lambda dbapi, _record: dbapi.execute("PRAGMA query_only = ON"))
    with pytest.raises(CannotWrite, match="it is read-only"):
        seeded_store.create(PrisonerIn(full_name="Не записан"))
    assert snapshot(seeded_db) == before


# --- a real read-only folder, a real process ---------------------------------------------------

_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 1, 2


def _without_root_file_powers() -> None:  # runs in the child, before exec
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def run_cli(*args, data_dir):
    env = {**os.environ}
    env.pop("QT_QPA_PLATFORM", None)
    return subprocess.run(
        [sys.executable, "-m", "lettermanager", "--data-dir", str(data_dir), *args],
        capture_output=True, text=True, encoding="utf-8", env=env, timeout=120,
        preexec_fn=_without_root_file_powers)


@pytest.mark.skipif(sys.platform != "linux", reason="file permissions as Linux enforces them")
def test_an_import_into_a_read_only_data_folder_is_refused_in_one_line(tmp_path):
    data = tmp_path / "data"
    try:
        created = run_cli("export", data_dir=data)  # create it, writable
    except subprocess.SubprocessError:
        pytest.skip("this system does not let the test drop root's file permissions")
    assert created.returncode == 0, created.stderr
    csv_file = sheet(tmp_path / "letters.csv", rows=3)
    before = {p.name: p.read_bytes() for p in data.iterdir() if p.is_file()}
    data.chmod(0o555)
    data.joinpath("lettermanager.sqlite3").chmod(0o444)
    try:
        probe = run_cli("import", "--dry-run", str(csv_file), data_dir=data)
        result = run_cli("import", str(csv_file), data_dir=data)
    finally:
        data.chmod(0o755)
        data.joinpath("lettermanager.sqlite3").chmod(0o644)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"lettermanager: cannot write to {data}: it is read-only; nothing was changed (choose "
        "a folder you may write to, or make it writable)")
    assert {p.name: p.read_bytes() for p in data.iterdir() if p.is_file()} == before
    assert probe.returncode == 1 and "it is read-only" in probe.stderr
    assert "Traceback" not in result.stderr + probe.stderr

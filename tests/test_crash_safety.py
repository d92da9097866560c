"""A process killed during a large import leaves the database before or after it, never between.

Real processes: `lettermanager import` of a generated 20,000-letter file is killed with SIGKILL
at random moments; after each kill the database must pass integrity_check and the app's own
checks, and hold either none or all of the file's records. The random moments are spread over
the whole run (start-up, parsing, the write transaction, the commit) and printed, so a failure
can be reproduced with the same seed.
"""

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid

import pytest

from lettermanager.store.instance_lock import InstanceLock
from lettermanager.store.integrity import check

LETTERS = 20_000
PRISONERS = 20
TABLES = ("prisoner", "letter")

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def generate_export(path, seed=7):
    rng = random.Random(seed)

    def uid():
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    stamp = "2026-01-01T00:00:00Z"
    prisoners = [{"id": uid(), "full_name": f"Заключённый Номер {n}", "updated_at": stamp}
                 for n in range(PRISONERS)]
    letters = [{"id": uid(), "prisoner_id": prisoners[n % PRISONERS]["id"],
                "direction": "incoming" if n % 3 else "outgoing", "status": "received",
                "title": f"Письмо {n}", "body": "Здравствуйте! Пишу вам из колонии. " * 20,
                "written_on": f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}", "updated_at": stamp}
               for n in range(LETTERS)]
    path.write_text(json.dumps({"format": "lettermanager", "version": 1,
                                "exported_at": stamp, "prisoners": prisoners,
                                "letters": letters}, ensure_ascii=False), encoding="utf-8")
    return path


def generate_sheet(path):
    lines = ["prisoner;direction;written_on;title;body"]
    lines += [f"Заключённый Номер {n % PRISONERS};incoming;{1 + n % 28:02d}.{1 + n % 12:02d}.2024;"
              f"Письмо {n};{'Здравствуйте! Пишу вам из колонии. ' * 20}" for n in range(LETTERS)]
    path.write_text("\n".join(lines), encoding="cp1251")
    return path


def command(data_dir, import_file):
    return [sys.executable, "-m", "lettermanager", "--data-dir", str(data_dir), "import",
            str(import_file)]


def environment():
    env = {**os.environ}
    env.pop("QT_QPA_PLATFORM", None)
    return env


def counts(database_path):
    connection = sqlite3.connect(database_path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return tuple(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                     for table in TABLES)
    finally:
        connection.close()


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A seeded data folder, closed cleanly, copied afresh for every run."""
    folder = tmp_path_factory.mktemp("template") / "data"
    result = subprocess.run([sys.executable, "-m", "lettermanager", "--data-dir", str(folder),
                             "check"], capture_output=True, text=True, env=environment(),
                            timeout=120)
    assert result.returncode == 0, result.stderr
    return folder


def wait_for_wal(folder, size, timeout):
    """Until the write transaction has spilled `size` bytes of uncommitted pages to the WAL."""
    wal = folder / "lettermanager.sqlite3-wal"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if wal.exists() and wal.stat().st_size > size:
            return
        time.sleep(0.005)


@pytest.mark.parametrize("kind, kills", [("json", 3), ("csv", 2)])
def test_killing_an_import_leaves_all_or_nothing(tmp_path, template, kind, kills):
    source = generate_export(tmp_path / "big.json") if kind == "json" else \
        generate_sheet(tmp_path / "big.csv")
    before = counts(template / "lettermanager.sqlite3")

    complete = tmp_path / "complete"
    shutil.copytree(template, complete)
    started = time.monotonic()
    finished = subprocess.run(command(complete, source), capture_output=True, text=True,
                              env=environment(), timeout=300)
    duration = time.monotonic() - started
    assert finished.returncode == 0, finished.stderr
    after = counts(complete / "lettermanager.sqlite3")
    assert after == (before[0] + PRISONERS, before[1] + LETTERS)

    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    outcomes = []
    for run in range(kills + 1):
        folder = tmp_path / f"run{run}"
        shutil.copytree(template, folder)
        process = subprocess.Popen(command(folder, source), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, env=environment())
        started = time.monotonic()
        if run < kills:  # spread over the run: start-up, parsing, writing, the commit
            low, high = duration * run / kills, duration * (run + 1) / kills
            time.sleep(rng.uniform(max(0.2, low), high))
        else:  # and once for certain inside the write transaction, pages half-written
            wait_for_wal(folder, 256 * 1024, timeout=duration * 2)
        delay = time.monotonic() - started
        process.send_signal(signal.SIGKILL)
        code = process.wait(timeout=60)

        found = counts(folder / "lettermanager.sqlite3")  # integrity_check inside
        outcomes.append((round(delay, 2), code, "after" if found == after else "before"))
        assert found in (before, after), f"seed {seed}: run {run} left {found} " \
                                         f"(before {before}, after {after})"
        assert check(folder / "lettermanager.sqlite3") == [], f"seed {seed}"
        lock = InstanceLock(folder)
        assert lock.acquire(), "the killed process's lock was released by the system"
        lock.release()
    print(f"seed {seed}, full run {duration:.1f}s, kills (delay, exit code, state): {outcomes}")
    assert sum(code == -signal.SIGKILL for _delay, code, _state in outcomes) >= kills
    assert outcomes[-1][1:] == (-signal.SIGKILL, "before")  # killed mid-write: rolled back

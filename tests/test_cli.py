"""The command line as scripts use it: real processes, exit codes and one-line errors."""

import json
import os
import subprocess
import sys

import pytest


def run(*args, data_dir, stdin=None):
    env = {**os.environ, "LETTERMANAGER_DATA_DIR": str(data_dir)}
    env.pop("QT_QPA_PLATFORM", None)
    env.pop("DISPLAY", None)  # every subcommand works without a display
    return subprocess.run([sys.executable, "-m", "lettermanager", *args], capture_output=True,
                          text=True, encoding="utf-8", env=env, timeout=120)


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


def test_export_of_a_new_data_directory_prints_the_seed_records(tmp_path):
    result = run("--data-dir", str(tmp_path / "x"), "export", data_dir=tmp_path / "unused")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["format"], data["version"]) == ("lettermanager", 1)
    assert any(p["full_name"] == "Кагарлицкий Борис Юльевич" for p in data["prisoners"])
    assert len(data["letters"]) == 5
    assert (tmp_path / "x" / "lettermanager.sqlite3").exists()
    assert not (tmp_path / "unused").exists()


def test_environment_variable_chooses_the_data_directory(data_dir):
    assert run("export", data_dir=data_dir).returncode == 0
    assert (data_dir / "lettermanager.sqlite3").exists()


def test_no_seed_starts_empty(data_dir):
    result = run("--no-seed", "export", data_dir=data_dir)
    assert json.loads(result.stdout)["letters"] == []


def test_round_trip_through_files(tmp_path, data_dir):
    exported = tmp_path / "all.json"
    assert run("export", "-o", str(exported), data_dir=data_dir).returncode == 0
    other = tmp_path / "other"
    result = run("--no-seed", "import", str(exported), data_dir=other)
    assert result.returncode == 0, result.stderr
    assert "letters: 5 new" in result.stdout
    again = run("export", data_dir=other)
    first = json.loads(exported.read_text(encoding="utf-8"))
    second = json.loads(again.stdout)
    first.pop("exported_at"), second.pop("exported_at")
    assert first == second
    twice = run("import", str(exported), data_dir=other)
    assert "nothing changed" in twice.stdout


def test_import_dry_run(tmp_path, data_dir):
    exported = tmp_path / "all.json"
    run("export", "-o", str(exported), data_dir=data_dir)
    result = run("--no-seed", "import", "--dry-run", str(exported), data_dir=tmp_path / "d")
    assert result.returncode == 0
    assert "would be written" in result.stdout
    assert json.loads(run("export", data_dir=tmp_path / "d").stdout)["letters"] == []


def _bad_file(tmp_path, name, mutate):
    seed = json.loads(run("export", data_dir=tmp_path / "source").stdout)
    path = tmp_path / name
    text = mutate(seed)
    path.write_text(text if isinstance(text, str) else json.dumps(seed), encoding="utf-8")
    return path


@pytest.mark.parametrize("name, mutate, expected", [
    ("truncated.json", lambda d: json.dumps(d)[:300], "not valid JSON at line 1"),
    ("enum.json", lambda d: d["letters"][0].update(direction="sideways"),
     "direction: 'sideways' is not allowed"),
    ("prisoner.json", lambda d: d["letters"][0].update(
        prisoner_id="00000000-0000-4000-8000-000000000000"), "prisoner_id: no prisoner with id"),
    ("future.json", lambda d: d.update(version=7), "format version 7"),
])
def test_bad_files_give_one_clear_line_and_change_nothing(tmp_path, data_dir, name, mutate,
                                                          expected):
    path = _bad_file(tmp_path, name, mutate)
    before = json.loads(run("export", data_dir=data_dir).stdout)
    result = run("import", str(path), data_dir=data_dir)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert name in lines[0] and expected in lines[0]
    assert "Traceback" not in result.stderr
    after = json.loads(run("export", data_dir=data_dir).stdout)
    before.pop("exported_at"), after.pop("exported_at")
    assert before == after


def test_missing_import_file(tmp_path, data_dir):
    result = run("import", str(tmp_path / "nope.json"), data_dir=data_dir)
    assert result.returncode == 1
    assert "nope.json: no such file" in result.stderr


def test_usage_errors_exit_2(data_dir):
    assert run("frobnicate", data_dir=data_dir).returncode == 2
    assert run("export", "--format", "xml", data_dir=data_dir).returncode == 2


def test_a_database_from_a_newer_app_is_refused_in_one_line(data_dir):
    import sqlite3

    run("export", data_dir=data_dir)
    raw = sqlite3.connect(data_dir / "lettermanager.sqlite3")
    raw.execute("UPDATE alembic_version SET version_num = 'ffff'")
    raw.commit()
    raw.close()
    result = run("export", data_dir=data_dir)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "newer version of LetterManager" in result.stderr


def test_csv_export_opens_in_a_spreadsheet(tmp_path, data_dir):
    target = tmp_path / "letters.csv"
    assert run("export", "--format", "csv", "-o", str(target), data_dir=data_dir).returncode == 0
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: spreadsheets detect the encoding
    assert "Кагарлицкий".encode() in raw


def test_backup_and_check(tmp_path, data_dir):
    target = tmp_path / "copy.sqlite3"
    result = run("backup", "-o", str(target), data_dir=data_dir)
    assert result.returncode == 0 and target.exists()
    assert run("check", data_dir=data_dir).stdout.strip() == "ok"

import subprocess
import sys
from pathlib import Path

from lettermanager.paths import APP_NAME, data_paths, seed_file


def test_precedence_option_then_environment_then_platform(tmp_path, monkeypatch):
    monkeypatch.setenv("LETTERMANAGER_DATA_DIR", str(tmp_path / "env"))
    assert data_paths(tmp_path / "option").root == tmp_path / "option"
    assert data_paths().root == tmp_path / "env"
    monkeypatch.delenv("LETTERMANAGER_DATA_DIR")
    assert APP_NAME in str(data_paths().root)


def test_files_live_under_the_data_directory(tmp_path):
    paths = data_paths(tmp_path)
    for path in (paths.database, paths.backups, paths.logs, paths.settings, paths.window_state):
        assert path.parent == tmp_path or path.parent.parent == tmp_path


def test_importing_the_package_creates_nothing(tmp_path):
    target = tmp_path / "never-created"
    code = ("import lettermanager.cli, lettermanager.store.database, lettermanager.store.service,"
            " lettermanager.store.exchange, lettermanager.paths")
    env = {"LETTERMANAGER_DATA_DIR": str(target), "PATH": ""}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    assert not target.exists()


def test_seed_file_ships_with_the_package():
    assert seed_file().is_file()
    assert Path(seed_file()).read_text(encoding="utf-8").startswith("{")

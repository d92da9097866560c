"""Every file location of the app, decided in one place.

The data directory is, in order of precedence: the `--data-dir` option, the
`LETTERMANAGER_DATA_DIR` environment variable, the platform's user data directory for
"LetterManager". Nothing is created on import; `DataPaths.ensure()` creates the folders.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import platformdirs

APP_NAME = "LetterManager"
ENV_DATA_DIR = "LETTERMANAGER_DATA_DIR"
DATABASE_NAME = "lettermanager.sqlite3"


@dataclass(frozen=True)
class DataPaths:
    root: Path

    @property
    def database(self) -> Path:
        return self.root / DATABASE_NAME

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def settings(self) -> Path:
        """The app's preferences (JSON, written by the app)."""
        return self.root / "settings.json"

    @property
    def window_state(self) -> Path:
        """Window geometry, splitters and the last view (Qt's INI format)."""
        return self.root / "window.ini"

    def ensure(self) -> DataPaths:
        for folder in (self.root, self.backups, self.logs):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def data_paths(override: str | os.PathLike[str] | None = None) -> DataPaths:
    """Where the data lives: `override` (from --data-dir), else the environment, else the
    platform's user data directory."""
    if override:
        root = Path(override)
    elif os.environ.get(ENV_DATA_DIR):
        root = Path(os.environ[ENV_DATA_DIR])
    else:
        root = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return DataPaths(root.expanduser().absolute())


def resource_dir() -> Path:
    """The shipped resources/ folder (installed as the package lettermanager.resources)."""
    try:
        return Path(str(resources.files("lettermanager.resources")))
    except ModuleNotFoundError:  # running from a source tree that was not installed
        return Path(__file__).resolve().parent.parent / "resources"


def seed_file() -> Path:
    """The published letters every new database starts with."""
    return resource_dir() / "seed" / "seed.json"


def migrations_dir() -> Path:
    return Path(__file__).parent / "store" / "migrations"

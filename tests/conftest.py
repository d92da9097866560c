"""Shared fixtures. Qt runs offscreen: CI has no display."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from lettermanager.paths import DataPaths  # noqa: E402
from lettermanager.store.database import Database  # noqa: E402
from lettermanager.store.service import Store  # noqa: E402


@pytest.fixture(autouse=True)
def _no_user_data(tmp_path, monkeypatch):
    """No test may touch the real user data folder."""
    monkeypatch.setenv("LETTERMANAGER_DATA_DIR", str(tmp_path / "default-data"))


@pytest.fixture
def data_paths(tmp_path) -> DataPaths:
    return DataPaths(tmp_path / "data")


@pytest.fixture
def empty_db(data_paths):
    database = Database.open(data_paths, seed=False)
    yield database
    database.close()


@pytest.fixture
def seeded_db(data_paths):
    database = Database.open(data_paths, seed=True)
    yield database
    database.close()


@pytest.fixture
def store(empty_db) -> Store:
    return Store(empty_db)


@pytest.fixture
def seeded_store(seeded_db) -> Store:
    return Store(seeded_db)

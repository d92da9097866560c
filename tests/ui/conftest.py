"""Fixtures of the window tests."""

import pytest

from lettermanager.ui.worker import DatabaseWorker


@pytest.fixture
def worker(seeded_store):
    """The database worker over the seed data (a test module may define its own)."""
    worker = DatabaseWorker(seeded_store)
    yield worker
    worker.stop()

"""Fixtures for the i18n tests: a temporary catalog folder and the language put back after."""

from __future__ import annotations

from pathlib import Path

import pytest
from i18n_samples import RU_ENTRIES, RU_HEADER, write_po

from lettermanager import i18n


@pytest.fixture(autouse=True)
def _english_afterwards():
    yield
    i18n.set_language("en")


@pytest.fixture
def locale_dir(tmp_path, monkeypatch) -> Path:
    """A catalog folder with a small ru .po (and no .mo), used by set_language()."""
    folder = tmp_path / "locale"
    write_po(folder, "ru", RU_HEADER + RU_ENTRIES)
    monkeypatch.setattr(i18n, "LOCALE_DIR", folder)
    return folder

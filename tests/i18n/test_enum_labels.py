"""Enumeration values stay English in files; their display names are translated."""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
from enum import Enum

import pytest
from i18n_samples import RU_HEADER

import lettermanager.domain
from lettermanager import i18n
from lettermanager.domain.enums import CensorshipKind, LetterStatus, PrisonerStatus
from lettermanager.store.exchange import export_json
from lettermanager.ui.display import LABELS, enum_choices, enum_label

# Not values shown to the user: a partial date's precision shows in how the date is written.
NOT_SHOWN = {"Precision"}


def domain_enums() -> list[type[Enum]]:
    """Every enumeration defined in lettermanager.domain (found, not listed by hand)."""
    found = []
    for module_info in pkgutil.iter_modules(lettermanager.domain.__path__):
        module = importlib.import_module(f"lettermanager.domain.{module_info.name}")
        found += [cls for _name, cls in inspect.getmembers(module, inspect.isclass)
                  if issubclass(cls, Enum) and cls.__module__ == module.__name__
                  and cls.__name__ not in NOT_SHOWN]
    return found


def test_the_domain_enums_are_found():
    names = {cls.__name__ for cls in domain_enums()}
    assert {"PrisonerStatus", "LetterStatus", "CensorshipKind", "Place"} <= names


@pytest.mark.parametrize("enum", domain_enums(), ids=lambda cls: cls.__name__)
def test_every_domain_enum_has_a_display_name_for_each_value(enum):
    assert enum in LABELS, f"{enum.__name__} has no display names in ui/display.py LABELS"
    missing = {member.value for member in enum} - set(LABELS[enum])
    assert not missing, f"{enum.__name__}: no display name for {sorted(missing)}"
    assert not set(LABELS[enum]) - {member.value for member in enum}


RU_LABELS = RU_HEADER + '''msgid "Convicted"
msgstr "Осуждён"

msgid "Withheld (confiscated)"
msgstr "Изъято"

msgid "Withheld"
msgstr "Не отправлено администрацией"
'''


def test_display_names_are_translated_and_values_stay_english(
        tmp_path, monkeypatch, seeded_db):
    folder = tmp_path / "locale" / "ru" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "lettermanager.po").write_text(RU_LABELS, encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path / "locale")
    try:
        i18n.set_language("ru")
        assert enum_label(PrisonerStatus.CONVICTED) == "Осуждён"
        assert enum_label("withheld", CensorshipKind) == "Изъято"
        assert enum_label("withheld", LetterStatus) == "Не отправлено администрацией"
        assert ("Осуждён", "convicted") in enum_choices(PrisonerStatus)
        exported = json.loads(export_json(seeded_db))
    finally:
        i18n.set_language("en")
    statuses = {p["status"] for p in exported["prisoners"]}
    assert statuses and statuses <= {m.value for m in PrisonerStatus}

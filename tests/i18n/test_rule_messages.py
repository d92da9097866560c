"""The rules' messages (domain and store) reach the window in the interface language; the
command line, which never sets a language, keeps them in English."""

from __future__ import annotations

import pytest
from i18n_samples import RU_HEADER
from pydantic import ValidationError

from lettermanager import i18n
from lettermanager.domain.partial_date import PartialDate, PartialDateError
from lettermanager.domain.records import FacilityIn, LetterIn, describe_errors

RU_RULES = RU_HEADER + '''msgid "is required"
msgstr "обязательно"

msgid "{code} is not a 6-digit Russian postcode"
msgstr "{code} — не шестизначный российский индекс"

msgid "{date} is not a real date"
msgstr "{date} — такой даты нет"
'''


def problems(model, data):
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return dict(describe_errors(caught.value))


@pytest.fixture
def russian(tmp_path, monkeypatch):
    folder = tmp_path / "locale" / "ru" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "lettermanager.po").write_text(RU_RULES, encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path / "locale")
    i18n.set_language("ru")
    yield
    i18n.set_language("en")


def test_rule_messages_in_russian(russian):
    assert problems(LetterIn, {"direction": "incoming"}) == {"prisoner_id": "обязательно"}
    found = problems(FacilityIn, {"name": "СИЗО-1", "country": "Россия", "postal_code": "12345"})
    assert found == {"postal_code": "'12345' — не шестизначный российский индекс"}
    with pytest.raises(PartialDateError, match="2024-02-30 — такой даты нет"):
        PartialDate(2024, 2, 30)


def test_rule_messages_in_english_without_a_language():
    assert problems(LetterIn, {"direction": "incoming"}) == {"prisoner_id": "is required"}
    with pytest.raises(PartialDateError, match="2024-02-30 is not a real date"):
        PartialDate(2024, 2, 30)

import pytest
from pydantic import ValidationError

from lettermanager.domain.records import (
    CustodyIn,
    FacilityIn,
    LetterIn,
    PrisonerIn,
    TranslationIn,
    describe_errors,
)

PRISONER = "72c787ca-3846-55fc-bd24-3dcad7826a3d"


def problems(model, data):
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return dict(describe_errors(caught.value))


def test_unknown_enum_value_names_the_field_and_the_allowed_values():
    found = problems(LetterIn, {"prisoner_id": PRISONER, "direction": "sideways"})
    assert "'sideways' is not allowed" in found["direction"]
    assert "'outgoing'" in found["direction"] and "'incoming'" in found["direction"]


def test_letter_without_prisoner_is_rejected():
    assert problems(LetterIn, {"direction": "incoming"}) == {"prisoner_id": "is required"}


def test_impossible_date_names_the_field():
    found = problems(LetterIn, {"prisoner_id": PRISONER, "direction": "incoming",
                                "sent_on": "2024-02-30"})
    assert found == {"sent_on": "2024-02-30 is not a real date"}


def test_bad_language_code_and_postcode():
    assert "language code" in problems(PrisonerIn, {"full_name": "X", "languages": ["rus"]})[
        "languages.0"]
    found = problems(FacilityIn, {"name": "СИЗО-1", "country": "Russia", "postal_code": "12345"})
    assert found == {"postal_code": "'12345' is not a 6-digit Russian postcode"}
    # Outside Russia a postcode is free-form.
    assert FacilityIn(name="Prison", country="France", postal_code="75014").postal_code == "75014"


def test_custody_may_not_end_before_it_starts_but_partial_overlap_is_fine():
    found = problems(CustodyIn, {"prisoner_id": PRISONER, "start": "2024-03", "end": "2024-02"})
    assert list(found) == ["end"]
    stay = CustodyIn(prisoner_id=PRISONER, start="2024-02-13", end="2024")
    assert (stay.start, stay.end) == ("2024-02-13", "2024")


def test_translation_into_its_own_language_is_rejected():
    found = problems(TranslationIn, {"letter_id": PRISONER, "source_language": "ru",
                                     "target_language": "RU"})
    assert list(found) == ["target_language"]


def test_blank_text_becomes_none_and_languages_are_lowercased():
    prisoner = PrisonerIn(full_name="  Кагарлицкий Борис Юльевич ", notes="   ",
                          languages=["RU", "En"])
    assert prisoner.full_name == "Кагарлицкий Борис Юльевич"
    assert prisoner.notes is None
    assert prisoner.languages == ["ru", "en"]

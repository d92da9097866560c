from datetime import date

import pytest

from lettermanager.domain.partial_date import (
    PartialDate,
    PartialDateError,
    Precision,
    normalize_partial_date,
)


@pytest.mark.parametrize(
    "text, precision",
    [("2024", Precision.YEAR), ("2024-03", Precision.MONTH), ("2024-03-15", Precision.DAY)],
)
def test_reads_back_with_its_precision(text, precision):
    value = PartialDate.parse(text)
    assert value.precision is precision
    assert value.iso() == text


@pytest.mark.parametrize("text", ["2024-02-30", "2023-02-29", "2024-13", "2024-00", "24-03",
                                  "March 2024", "2024/03/01", "", "2024-3-1"])
def test_rejects_impossible_or_malformed_dates(text):
    with pytest.raises(PartialDateError):
        PartialDate.parse(text)


def test_leap_day_is_a_real_date():
    assert PartialDate.parse("2024-02-29").latest() == date(2024, 2, 29)


def test_iso_text_sorts_chronologically_with_less_precise_first():
    texts = ["2024-03-15", "2023", "2024", "2024-03", "2024-11-14", "2024-02-29"]
    assert sorted(texts) == ["2023", "2024", "2024-02-29", "2024-03", "2024-03-15", "2024-11-14"]


def test_period_bounds_and_middle():
    march = PartialDate.parse("2024-03")
    assert (march.earliest(), march.latest()) == (date(2024, 3, 1), date(2024, 3, 31))
    assert PartialDate.parse("2023-12").latest() == date(2023, 12, 31)
    assert PartialDate.parse("2024").midpoint() == date(2024, 7, 1)


def test_normalize_keeps_none_for_empty():
    assert normalize_partial_date("  ") is None
    assert normalize_partial_date(" 2024-03 ") == "2024-03"

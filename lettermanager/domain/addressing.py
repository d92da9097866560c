"""Addressing a letter to a Russian prison: the recipient line and the postal address.

Russian prison post wants the recipient's surname, first name and patronymic in the dative
case plus the birth year ("Кагарлицкому Борису Юльевичу, 1958 г.р."); the censor returns
letters addressed otherwise. Names are declined with pytrovich (a port of petrovich). The
address follows the Russian postal order: organisation, street, locality, region, country,
then the 6-digit postcode on a line of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from pytrovich.detector import PetrovichGenderDetector
from pytrovich.enums import Case, Gender, NamePart
from pytrovich.maker import PetrovichDeclinationMaker

Sex = Literal["male", "female"]

_CYRILLIC = re.compile(r"[А-Яа-яЁёІіЇїЄєҐґ]")
_POSTCODE = re.compile(r"^\d{6}$")
_RUSSIA = {"russia", "russian federation", "россия", "российская федерация", "рф", "ru"}


@dataclass(frozen=True)
class NameParts:
    surname: str
    first_name: str = ""
    patronymic: str = ""


def split_full_name(full_name: str) -> NameParts:
    """Surname, first name and patronymic of a name written in that order (the Russian way).
    A fourth word (a double first name, "оглы") stays with the patronymic."""
    words = full_name.split()
    if not words:
        return NameParts("")
    return NameParts(words[0], words[1] if len(words) > 1 else "", " ".join(words[2:]))


@lru_cache(maxsize=1)
def _maker() -> PetrovichDeclinationMaker:
    return PetrovichDeclinationMaker()


@lru_cache(maxsize=1)
def _detector() -> PetrovichGenderDetector:
    return PetrovichGenderDetector()


def detect_sex(parts: NameParts) -> Sex | None:
    """The sex the name says: the patronymic decides, else the first name, else the surname.
    None when the name does not tell (a surname like "Шевченко" alone)."""
    kwargs = {"middlename": parts.patronymic, "firstname": parts.first_name,
              "lastname": parts.surname}
    kwargs = {key: value for key, value in kwargs.items() if value and _CYRILLIC.search(value)}
    if not kwargs:
        return None
    gender = _detector().detect(**kwargs)
    return {Gender.MALE: "male", Gender.FEMALE: "female"}.get(gender)


def _decline(part: NamePart, gender: Gender, word: str) -> str:
    if not word or not _CYRILLIC.search(word):
        return word  # a Latin name or an empty part stays as written
    try:
        return _maker().make(part, gender, Case.DATIVE, word)
    except Exception:  # noqa: BLE001 - a name the rules cannot read stays as written
        return word


def dative_name(full_name: str, sex: Sex | None = None) -> str:
    """The name in the dative case: "Кагарлицкий Борис Юльевич" -> "Кагарлицкому Борису
    Юльевичу". `sex` overrides what the name itself says."""
    parts = split_full_name(full_name)
    if not parts.surname:
        return ""
    sex = sex or detect_sex(parts)
    gender = {"male": Gender.MALE, "female": Gender.FEMALE}.get(sex or "", Gender.ANDROGYNOUS)
    words = [_decline(NamePart.LASTNAME, gender, parts.surname),
             _decline(NamePart.FIRSTNAME, gender, parts.first_name)]
    words += [_decline(NamePart.MIDDLENAME, gender, word) if index == 0 else word
              for index, word in enumerate(parts.patronymic.split())]
    return " ".join(word for word in words if word)


def recipient_line(full_name: str, birth_year: int | None, sex: Sex | None = None) -> str:
    """The "Кому" line: the dative name and ", 1958 г.р." when the birth year is known."""
    name = dative_name(full_name, sex)
    return f"{name}, {birth_year} г.р." if birth_year and name else name


def is_russia(country: str | None) -> bool:
    return (country or "").strip().lower() in _RUSSIA


def valid_postcode(code: str | None) -> bool:
    return bool(code and _POSTCODE.match(code.strip()))


@dataclass(frozen=True)
class PostalAddress:
    lines: list[str]  # organisation, street, locality, region[, country]; no postcode
    postcode: str  # "" when unknown

    def text(self) -> str:
        """The whole address with the postcode on its own last line, as the post prints it."""
        return "\n".join([*self.lines, *([self.postcode] if self.postcode else [])])


def postal_address(
    name: str | None,
    address: str | None,
    city: str | None,
    region: str | None,
    country: str | None,
    postal_code: str | None,
    *,
    include_country: bool = False,
) -> PostalAddress:
    """A facility's postal address in the Russian order. The country is written (in capitals)
    only for mail from abroad or to a facility outside Russia."""
    lines = [value.strip() for value in (name, address) if value and value.strip()]
    if city and city.strip() and (not address or city.strip() not in address):
        lines.append(city.strip())
    if region and region.strip() and region.strip() != (city or "").strip():
        lines.append(region.strip())
    if country and country.strip() and (include_country or not is_russia(country)):
        lines.append(country.strip().upper())
    return PostalAddress(lines, (postal_code or "").strip())


NO_POSTCODE, BAD_POSTCODE, NO_STREET = "no_postcode", "bad_postcode", "no_street"


def address_problems(address: PostalAddress) -> list[str]:
    """What the post needs and the address lacks: NO_POSTCODE, BAD_POSTCODE, NO_STREET."""
    problems = []
    if not address.postcode:
        problems.append(NO_POSTCODE)
    elif not valid_postcode(address.postcode):
        problems.append(BAD_POSTCODE)
    if len(address.lines) < 2:
        problems.append(NO_STREET)
    return problems

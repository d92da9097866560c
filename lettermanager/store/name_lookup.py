"""Finding a prisoner, correspondent or facility by a name typed in a spreadsheet: in the native
script or in Latin, in any common romanisation, in any case.

Matching uses domain.transliteration (search_key, name_matches) when it is installed; until
then a small built-in romanisation stands in for it. A name is looked up in three tiers, and
the first tier that finds anything decides: the same text (ignoring case, ё/е and spaces), the
same search key, then name_matches (word order, a missing patronymic).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

_CYRILLIC = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяієїґў",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p",
     "r", "s", "t", "u", "f", "h", "c", "ch", "sh", "sh", "", "i", "", "e", "iu", "ia", "i",
     "ie", "i", "g", "u"],
    strict=True,
))
# Romanisations of one Cyrillic sound, folded to one spelling (applied in this order).
_LATIN_FOLDS = [
    ("shch", "sh"), ("sch", "sh"), ("tch", "ch"), ("kh", "h"), ("ts", "c"), ("tz", "c"),
    ("x", "ks"), ("w", "v"), ("ph", "f"), ("j", "i"), ("y", "i"), ("ii", "i"),
]


def _plain(text: str) -> str:
    """Case, accents, ё and spacing folded away; the script is kept."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    return " ".join(text.split())


def fallback_search_key(text: str) -> str:
    text = _plain(text)
    text = "".join(_CYRILLIC.get(char, char) for char in text)
    text = "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c))
    words = []
    for word in re.findall(r"[a-z0-9]+", text):
        for old, new in _LATIN_FOLDS:
            word = word.replace(old, new)
        word = re.sub(r"([a-z])\1+", r"\1", word)  # doubled letters
        words.append(word)
    return " ".join(words)


def fallback_name_matches(a: str, b: str) -> bool:
    """Same words in any order, or all the words of the shorter name (two at least) in the
    longer one: "Boris Kagarlitsky" matches "Кагарлицкий Борис Юльевич"."""
    first, second = fallback_search_key(a).split(), fallback_search_key(b).split()
    if not first or not second:
        return False
    if sorted(first) == sorted(second):
        return True
    short, long = sorted((first, second), key=len)
    return len(short) >= 2 and set(short) <= set(long)


def matchers() -> tuple[Callable[[str], str], Callable[[str, str], bool]]:
    """(search_key, name_matches): domain.transliteration's, or the built-in ones."""
    try:
        from ..domain.transliteration import name_matches, search_key
    except ImportError:
        return fallback_search_key, fallback_name_matches
    return search_key, name_matches


class NameIndex:
    """Records of one kind by their names; `find` returns the ids a typed name stands for."""

    def __init__(self) -> None:
        self.search_key, self.name_matches = matchers()
        self._names: list[tuple[str, str]] = []  # (record id, name)
        self._plain: dict[str, list[str]] = {}  # folded name -> ids
        self._keys: dict[str, list[tuple[str, str]]] = {}  # search key -> (id, name)
        self._cache: dict[str, list[str]] = {}

    def add(self, record_id: str, names: Iterable[str | None]) -> None:
        for name in names:
            if not name or not name.strip():
                continue
            self._names.append((record_id, name))
            self._plain.setdefault(_plain(name), []).append(record_id)
            self._keys.setdefault(self.search_key(name), []).append((record_id, name))
        self._cache.clear()

    def find(self, name: str) -> list[str]:
        """The ids of the records `name` matches at the best tier (several: ambiguous)."""
        if name not in self._cache:
            self._cache[name] = self._find(name)
        return self._cache[name]

    def _find(self, name: str) -> list[str]:
        found = self._plain.get(_plain(name))
        if found:
            return list(dict.fromkeys(found))
        # The looser tiers have two guards of their own: the numbers must be the same
        # ("ИК-11" is not "ИК-1"), and a one-word name ("Мария") only matches by its key.
        numbers = _numbers(name)
        key = self.search_key(name)
        found = [record_id for record_id, known in self._keys.get(key, [])
                 if _numbers(known) == numbers]
        if not found and len(key.split()) > 1:
            found = [record_id for record_id, known in self._names
                     if _numbers(known) == numbers and self.name_matches(name, known)]
        return list(dict.fromkeys(found))


def _numbers(text: str) -> list[str]:
    return re.findall(r"\d+", text)

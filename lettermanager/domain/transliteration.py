"""Script-independent keys for names and text: Кагарлицкий, Kagarlitsky, Kagarlitskiy,
Kagarlickij, Kagarlitskii and KAGARLITSKY all have the key "kagarlicki".

A word's key is built in two steps:

1. Cyrillic letters become Latin ones with the cyrtranslit library's letter tables (Russian,
   plus the Ukrainian і ї є ґ and the Belarusian ў). Case is folded and ё is read as е first.
2. The Latin spelling is folded to a skeleton in which the common romanisations of one Cyrillic
   letter coincide: BGN/PCGN and passport (ICAO) spellings, ISO 9 / GOST 7.79 and the scholarly
   system (č š ž ŝ â û), French (tch, ou) and, where it is cheap, German (tsch, sch, w, -zki).
   The skeleton merges a few sounds on purpose: ш and щ; и, й, ы, і, ї; е, э, є; and г with х,
   because h is х in ISO 9 but г in Ukrainian (Hryhorii = Григорій). It is a key for finding,
   never for display: two different words may share a key; one word never gets two keys.

Keys are deterministic: the same text always gives the same key, in every version that does not
change this module (the search index stores keys; changing the folding needs an index rebuild).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache, lru_cache

import cyrtranslit

_RUSSIAN = "абвгдежзийклмнопрстуфхцчшщъыьэюя"
_UKRAINIAN_ONLY = "ґєії"
_BELARUSIAN_ONLY = "ў"
# cyrtranslit writes х as "h", which would read back as a digraph after з, с, ц, ч or ш
# (зх as ж): the BGN/PCGN and passport "kh" is unambiguous.
_OVERRIDES = {"х": "kh"}

# Letters with diacritics of ISO 9 / GOST 7.79, the scholarly system and ALA-LC whose plain
# base letter would be wrong (the rest lose their marks).
_DIACRITICS = str.maketrans({
    "č": "ch", "ć": "ch", "š": "sh", "ś": "sh", "ž": "zh", "ź": "zh", "ż": "zh", "ŝ": "shch",
    "â": "ia", "û": "iu", "ê": "ie", "ë": "e", "ǵ": "g",
})
# Soft and hard signs as romanisations write them (and apostrophes, as in Ukrainian сім'я).
_SIGNS = str.maketrans("", "", "'’ʼʹʺ`\"”“‘ˮ")

# Romanisations of one Cyrillic letter folded to one spelling, applied in this order. Upper
# case marks a finished sound that later rules must not read again (the input is case-folded).
_FOLDS = (
    ("schtsch", "Щ"), ("shtch", "Щ"), ("chtch", "Щ"), ("shch", "Щ"), ("shh", "Щ"),
    ("tsch", "Ч"), ("tch", "Ч"), ("sch", "Ш"), ("sh", "Ш"), ("ch", "Ч"), ("zh", "Ж"),
    ("kh", "g"), ("h", "g"),
    ("ts", "c"), ("tz", "c"), ("cz", "c"), ("zk", "ck"),  # ц; German -zki (Kagarlizki)
    ("x", "ks"), ("w", "v"), ("ph", "f"), ("ou", "u"),
    ("yo", "e"), ("jo", "e"),  # ё written yo/jo, where the Cyrillic text has е
    ("j", "i"), ("y", "i"),
)
_FINISH = (("Щ", "sh"), ("Ш", "sh"), ("Ч", "ch"), ("Ж", "zh"))
_REPEATS = re.compile(r"(.)\1+")
# A word: letters, digits and combining marks, with apostrophes or sign marks inside it.
_WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+(?:['’ʼ`\"”](?:[^\W_]|[\u0300-\u036f])+)*")


@cache
def _cyrillic_table() -> dict[int, str]:
    """Cyrillic letter -> Latin, from the library's Russian, Ukrainian and Belarusian tables."""
    table = {letter: cyrtranslit.to_latin(letter, "ru") for letter in _RUSSIAN}
    table.update({letter: cyrtranslit.to_latin(letter, "ua") for letter in _UKRAINIAN_ONLY})
    table.update({letter: cyrtranslit.to_latin(letter, "by") for letter in _BELARUSIAN_ONLY})
    table.update(_OVERRIDES)
    return str.maketrans(table)


def fold_case(text: str) -> str:
    """Case folded, ё read as е, compatibility forms (ligatures, full-width letters) unified."""
    return unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")


def _latin(word: str) -> str:
    """A case-folded word in plain Latin letters (other scripts are kept)."""
    word = fold_case(word).translate(_cyrillic_table()).translate(_SIGNS)
    word = unicodedata.normalize("NFKD", word.translate(_DIACRITICS))
    return "".join(char for char in word if not unicodedata.combining(char))


@lru_cache(maxsize=50_000)  # words repeat: most keys come from here
def word_key(word: str) -> str:
    """The key of one word (see the module docstring); "" for a word of signs only."""
    word = _latin(word)
    for old, new in _FOLDS:
        if old in word:
            word = word.replace(old, new)
    word = _REPEATS.sub(r"\1", word)
    word = _REPEATS.sub(r"\1", word.replace("ie", "e"))  # е: ye, je, ie; ъе as ICAO's "iee"
    for old, new in _FINISH:
        word = word.replace(old, new)
    return word


def word_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, key) of each word of `text` that has a key, in order."""
    for match in _WORD.finditer(text):
        key = word_key(match.group())
        if key:
            yield match.start(), match.end(), key


def search_key(text: str) -> str:
    """The keys of the words of `text`, separated by spaces: a skeleton that is the same for
    the native spelling and the common romanisations ("Зеленоград" and "Zelenograd")."""
    return " ".join(key for key in map(word_key, _WORD.findall(text)) if key)


def _is_initial(word: str) -> bool:
    return len(fold_case(word)) == 1 and word.isalpha()


def name_matches(a: str, b: str) -> bool:
    """Whether two names are one person's (or place's), in any script and word order.

    Every word of the shorter name must be in the longer one, where a one-letter word is an
    initial that stands for any word starting with it: "Kagarlitsky Boris" and "B. Kagarlitsky"
    match "Кагарлицкий Борис Юльевич". At least one whole word must match.
    """
    first, second = _name_words(a), _name_words(b)
    if not first or not second:
        return False
    if len(first) > len(second):
        first, second = second, first
    return _covers(first, second) or (len(first) == len(second) and _covers(second, first))


def _covers(short: list[tuple[str, bool]], long: list[tuple[str, bool]]) -> bool:
    long_keys = {key for key, _ in long}
    whole = 0
    for key, initial in short:
        if initial:
            if not any(other.startswith(key) for other, _ in long):
                return False
        elif key in long_keys:
            whole += 1
        else:
            return False
    return whole > 0


def _name_words(name: str) -> list[tuple[str, bool]]:
    """(key, is an initial) of each word of a name."""
    words = []
    for match in _WORD.finditer(name):
        key = word_key(match.group())
        if key:
            words.append((key, _is_initial(match.group())))
    return words

"""What the user typed into a search box, read safely: terms, an FTS5 expression, a matcher.

Whatever the text, the FTS5 expression is valid: the user's words are cut out of it and each
is quoted, so FTS5 operators typed by the user (OR, NOT, NEAR, -, *, ^, :, brackets) are only
words or punctuation. "Quoted phrases" stay phrases. The last word is matched as a prefix
while the user is still typing it (no space after it yet).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from ..domain.transliteration import fold_case, word_key, word_spans

MAX_QUERY_CHARS = 10_000
MAX_TERMS = 16
MAX_PHRASE_WORDS = 16
MAX_WORD_CHARS = 64
MIN_PREFIX_CHARS = 2  # a one-letter prefix would match nearly everything
TEXT_COLUMNS = "{title body}"
KEY_COLUMNS = "{title_key body_key}"


@dataclass(frozen=True)
class QueryTerm:
    """A word, or the words of a quoted phrase, that a hit must contain."""

    words: tuple[str, ...]
    prefix: bool = False  # the last word may be the start of a longer one

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(word_key(word) for word in self.words)

    @property
    def folded(self) -> tuple[str, ...]:
        return tuple(fold_case(word) for word in self.words)

    def short_key(self) -> str | None:
        """The key of the last word less its last letter, for a prefix: while the user types
        "Kagarlit", the "t" may yet become "ts" (ц), whose key is "c"."""
        last = self.words[-1]
        if not self.prefix or len(last) < 4:
            return None
        key = word_key(last[:-1])
        return key if key and not self.keys[-1].startswith(key) else None


def _clean(text: str) -> str:
    """The text with control and format characters (NUL, RTL marks) turned into spaces."""
    return "".join(" " if unicodedata.category(char) in ("Cc", "Cf") else char
                   for char in text[:MAX_QUERY_CHARS])


def _words(text: str) -> list[str]:
    return [text[start:end][:MAX_WORD_CHARS] for start, end, _ in word_spans(text)]


def parse_query(text: str) -> list[QueryTerm]:
    """The terms of a query; none for an empty query or one without words."""
    text = _clean(text or "")
    typing = bool(text) and not text[-1].isspace()
    parts = text.split('"')
    terms: list[QueryTerm] = []
    for index, part in enumerate(parts):
        last_part = index == len(parts) - 1
        words = _words(part)
        if not words:
            continue
        if index % 2:  # inside quotes; the last part is a phrase still being typed
            terms.append(QueryTerm(tuple(words[:MAX_PHRASE_WORDS]), prefix=last_part and typing))
        else:
            terms.extend(QueryTerm((word,)) for word in words)
            if last_part and typing:
                terms[-1] = QueryTerm(terms[-1].words, prefix=True)
    terms = terms[:MAX_TERMS]
    return [term if _long_enough(term) else QueryTerm(term.words) for term in terms]


def _long_enough(term: QueryTerm) -> bool:
    return not term.prefix or len(term.folded[-1]) >= MIN_PREFIX_CHARS


def _quoted(words: tuple[str, ...], prefix: bool) -> str:
    text = " ".join(words).replace('"', '""')
    return f'"{text}"' + (" *" if prefix else "")


def fts_expression(terms: list[QueryTerm]) -> str:
    """The FTS5 MATCH expression: every term, in the text or in the transliteration keys."""
    groups = []
    for term in terms:
        options = [f"{TEXT_COLUMNS} : {_quoted(term.folded, term.prefix)}",
                   f"{KEY_COLUMNS} : {_quoted(term.keys, term.prefix)}"]
        short = term.short_key()
        if short:
            options.append(f"{KEY_COLUMNS} : {_quoted((*term.keys[:-1], short), True)}")
        groups.append("(" + " OR ".join(options) + ")")
    return " AND ".join(groups)


class WordMatcher:
    """Tells whether a word of a record's text is one the query asked for (to mark it).

    Keys decide: a word and its key (any spelling of it) have the same key.
    """

    def __init__(self, terms: list[QueryTerm]):
        exact: set[str] = set()
        prefixes: list[str] = []
        for term in terms:
            exact.update(term.keys)
            if term.prefix:
                prefixes.append(term.keys[-1])
            short = term.short_key()
            if short:
                prefixes.append(short)
        self._exact = frozenset(exact)
        self._prefixes = tuple(prefixes)

    def __call__(self, word: str, key: str) -> bool:
        return key in self._exact or (bool(self._prefixes) and key.startswith(self._prefixes))

"""Full-text search over letters, translations, censorship notes, prisoners, correspondents
and facilities, in any script (see store.search_index and store.search_query).

`search` never fails on what the user typed: an empty or meaningless query has no hits.
Filters (prisoner, direction, status, language, date range) narrow the hits; the letter
filters keep only letters and what belongs to them (translations, censorship events).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, select

from ..domain.partial_date import PartialDate, PartialDateError
from ..domain.transliteration import word_spans
from .database import Database
from .errors import InvalidInput
from .models import CensorshipEvent, Correspondent, Facility, Letter, Prisoner, Translation
from .search_query import WordMatcher, fts_expression, parse_query

log = logging.getLogger(__name__)

KINDS = ("letter", "translation", "censorship_event", "prisoner", "correspondent", "facility")
DATE_FIELDS = {
    "any": "coalesce(d.written_on, d.sent_on, d.received_on)",
    "written": "d.written_on",
    "sent": "d.sent_on",
    "received": "d.received_on",
}
# bm25 weights of the columns title, body, title_key, body_key, tags: a match in a name or
# title counts more than one in a body; one in the original script more than one in the keys
# only; the filter tags do not count.
WEIGHTS = (8.0, 1.0, 4.0, 0.5, 0.0)
MAX_LIMIT = 500
RANK_WINDOW = 2_000
SNIPPET_CHARS = 180
SNIPPET_LEAD = 60
TITLE_CHARS = 120


@dataclass(frozen=True)
class SearchFilters:
    prisoner_id: str | None = None
    direction: str | None = None
    status: str | None = None
    language: str | None = None
    date_from: str | None = None  # partial dates: a letter matches when its date's period
    date_to: str | None = None    # ("2024-03") overlaps the range
    date_field: str = "any"  # which date of a letter: written, sent, received or any
    kinds: tuple[str, ...] = ()  # only these kinds of hit; () for all


@dataclass(frozen=True)
class SearchHit:
    kind: str  # one of KINDS
    id: str
    title: str  # the record's name or title ("" for an untitled letter)
    snippet: str  # the matching passage, the matched words between the markers
    rank: float  # bm25: lower is better
    letter_id: str | None = None
    prisoner_id: str | None = None
    prisoner_name: str | None = None
    date: str | None = None  # a letter's date (partial ISO)
    detail: str | None = None  # direction, languages, censorship kind, role or place


@dataclass
class _Found:
    kind: str
    record_id: str
    letter_id: str | None
    rank: float
    title: str = ""
    fields: list[str | None] = field(default_factory=list)
    prisoner_id: str | None = None
    prisoner_name: str | None = None
    date: str | None = None
    detail: str | None = None


def search(db: Database, query: str, *, filters: SearchFilters | None = None, limit: int = 50,
           offset: int = 0, markers: tuple[str, str] = ("[", "]")) -> list[SearchHit]:
    """The hits for `query`, best first: a page of `limit` from `offset`.

    Ranking every match of a very common word costs a full pass over the index; a query
    with more than RANK_WINDOW matches ranks the RANK_WINDOW most recently indexed of them.
    """
    filters = filters or SearchFilters()
    terms = parse_query(query)
    if not terms:
        return []
    tags, conditions, params = _filter_sql(filters)
    params.update(match=" AND ".join([fts_expression(terms), *tags]),
                  limit=max(1, min(int(limit), MAX_LIMIT)),
                  offset=max(0, int(offset)), window=RANK_WINDOW - 1)
    # search_fts drives the join (CROSS JOIN keeps it the outer loop): the filters are read
    # for the matching rows only.
    join = "CROSS JOIN search_doc AS d ON d.doc_id = search_fts.rowid"
    where = "WHERE search_fts MATCH :match" + "".join(f" AND {c}" for c in conditions)
    source = f"FROM search_fts {join} {where}"
    weights = ", ".join(map(str, WEIGHTS))
    with db.session() as session:
        try:
            oldest = session.execute(text(
                f"SELECT search_fts.rowid FROM search_fts {join if conditions else ''} {where} "
                f"ORDER BY search_fts.rowid DESC LIMIT 1 OFFSET :window"), params).scalar()
            params["oldest"] = oldest or 0
            rows = session.execute(text(
                f"SELECT d.kind, d.record_id, d.letter_id, bm25(search_fts, {weights}) AS score "
                f"{source} AND search_fts.rowid >= :oldest "
                f"ORDER BY score, search_fts.rowid DESC LIMIT :limit OFFSET :offset"),
                params).all()
        except OperationalError as exc:  # a query the parser let through: a bug, not the user's
            if "fts5" not in str(exc):
                raise
            log.warning("search query %r gave an FTS error: %s", params["match"], exc)
            return []
        found = [_Found(kind, record_id, letter_id, rank)
                 for kind, record_id, letter_id, rank in rows]
        _load_records(session, found)
    matcher = WordMatcher(terms)
    return [_hit(item, matcher, markers) for item in found]


def _tag(prefix: str, value: str) -> str:
    """An FTS term for a tag (see migration 0005): the tokenizer reads it as it read the tag."""
    text = (prefix + value.lower().replace("-", "")).replace('"', '""')
    return f'{{tags}} : "{text}"'


def _filter_sql(filters: SearchFilters) -> tuple[list[str], list[str], dict]:
    """(FTS terms, SQL conditions on search_doc (alias d), parameters) for the filters.

    Kind, prisoner, direction, status and language are tags in the index: terms of the query,
    which the index answers at once. Date ranges read the dates search_doc copies.
    """
    terms: list[str] = []
    conditions: list[str] = []
    params: dict = {}
    if filters.kinds:
        unknown = set(filters.kinds) - set(KINDS)
        if unknown:
            raise InvalidInput([("kinds", f"unknown kind {sorted(unknown)[0]!r}")], "search")
        terms.append("(" + " OR ".join(_tag("k", kind) for kind in filters.kinds) + ")")
    for name, prefix in (("prisoner_id", "p"), ("direction", "d"), ("status", "s"),
                         ("language", "l")):
        value = getattr(filters, name)
        if value:
            terms.append(_tag(prefix, value))
    if filters.date_from or filters.date_to:
        if filters.date_field not in DATE_FIELDS:
            raise InvalidInput([("date_field", f"must be one of {', '.join(DATE_FIELDS)}")],
                               "search")
        day = DATE_FIELDS[filters.date_field]
        conditions.append(f"{day} IS NOT NULL")
        if filters.date_from:  # not wholly before the start
            params["date_from"] = _partial(filters.date_from, "date_from")
            conditions.append(f"NOT ({day} < :date_from "
                              f"AND substr(:date_from, 1, length({day})) != {day})")
        if filters.date_to:  # not wholly after the end
            params["date_to"] = _partial(filters.date_to, "date_to")
            conditions.append(f"NOT ({day} > :date_to "
                              f"AND substr({day}, 1, length(:date_to)) != :date_to)")
    return terms, conditions, params


def _partial(value: str, name: str) -> str:
    try:
        return PartialDate.parse(value).iso()
    except PartialDateError as exc:
        raise InvalidInput([(name, str(exc))], "search") from None


def _by_id(session: Session, model, ids: Iterable[str]) -> dict:
    ids = list(dict.fromkeys(ids))
    if not ids:
        return {}
    return {row.id: row for row in session.exec(select(model).where(model.id.in_(ids)))}


def _load_records(session: Session, found: list[_Found]) -> None:
    """Fill in each hit's record: its title, its searchable fields and where it belongs."""
    of_kind = {kind: [item.record_id for item in found if item.kind == kind] for kind in KINDS}
    translations = _by_id(session, Translation, of_kind["translation"])
    events = _by_id(session, CensorshipEvent, of_kind["censorship_event"])
    letters = _by_id(session, Letter, [item.letter_id for item in found if item.letter_id])
    prisoners = _by_id(session, Prisoner, [*of_kind["prisoner"],
                                           *(letter.prisoner_id for letter in letters.values())])
    correspondents = _by_id(session, Correspondent, of_kind["correspondent"])
    facilities = _by_id(session, Facility, of_kind["facility"])
    for item in found:
        letter = letters.get(item.letter_id or "")
        if letter is not None:
            prisoner = prisoners.get(letter.prisoner_id)
            item.title = letter.title or _first_line(letter.summary)
            item.prisoner_id = letter.prisoner_id
            item.prisoner_name = prisoner.full_name if prisoner else None
            item.date = letter.written_on or letter.sent_on or letter.received_on
        if item.kind == "letter" and letter is not None:
            item.detail = letter.direction
            item.fields = [letter.summary, letter.body, letter.notes, letter.published_in,
                           letter.title]
        elif item.kind == "translation" and item.record_id in translations:
            translation = translations[item.record_id]
            item.detail = f"{translation.source_language}→{translation.target_language}"
            item.fields = [translation.text, translation.notes, translation.translator]
        elif item.kind == "censorship_event" and item.record_id in events:
            event = events[item.record_id]
            item.detail = event.kind
            item.fields = [event.note]
        elif item.kind == "prisoner" and item.record_id in prisoners:
            prisoner = prisoners[item.record_id]
            item.title, item.detail = prisoner.full_name, prisoner.latin_name
            item.prisoner_id, item.prisoner_name = prisoner.id, prisoner.full_name
            item.fields = [prisoner.charges, prisoner.notes, prisoner.full_name,
                           prisoner.latin_name]
        elif item.kind == "correspondent" and item.record_id in correspondents:
            correspondent = correspondents[item.record_id]
            item.title, item.detail = correspondent.name, correspondent.role
            item.fields = [correspondent.notes, correspondent.name]
        elif item.kind == "facility" and item.record_id in facilities:
            facility = facilities[item.record_id]
            item.title = facility.name
            item.detail = ", ".join(part for part in (facility.city, facility.region) if part)
            item.fields = [facility.address, facility.city, facility.region, facility.name]


def _first_line(value: str | None) -> str:
    line = _plain(value or "").strip()
    return line if len(line) <= TITLE_CHARS else line[:TITLE_CHARS - 1].rstrip() + "…"


def _hit(item: _Found, matcher: WordMatcher, markers: tuple[str, str]) -> SearchHit:
    return SearchHit(
        kind=item.kind, id=item.record_id, title=_plain(item.title), rank=item.rank,
        snippet=_snippet(item.fields, matcher, markers), letter_id=item.letter_id,
        prisoner_id=item.prisoner_id, prisoner_name=item.prisoner_name, date=item.date,
        detail=item.detail,
    )


_SPACES = re.compile(r"\s+")
# Control and format characters (NUL, bidirectional overrides, zero-width spaces) but the
# zero-width joiner, which emoji sequences need.
_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b\u200c\u200e\u200f\u2028-\u202e"
                        r"\u2060-\u206f\ufeff\ufff9-\ufffb]")


def _plain(value: str) -> str:
    """One line of text: no control characters, runs of white space as one space."""
    return _SPACES.sub(" ", _INVISIBLE.sub(" ", value)).strip()


def _snippet(fields: list[str | None], matcher: WordMatcher, markers: tuple[str, str]) -> str:
    """The passage around the first matched word of the first field that has one, with the
    matched words marked; the start of the first field when no word can be pointed at."""
    texts = [value for value in fields if value and value.strip()]
    for value in texts:
        for start, stop, key in word_spans(value):
            if matcher(value[start:stop], key):
                return _window(value, start, matcher, markers)
    return _window(texts[0], 0, matcher, markers) if texts else ""


def _window(value: str, first: int, matcher: WordMatcher, markers: tuple[str, str]) -> str:
    """About SNIPPET_CHARS of `value` from a little before `first`, cut at spaces."""
    begin = max(0, first - SNIPPET_LEAD)
    if begin:  # from the first word that starts in the lead
        space = _SPACES.search(value, begin, first)
        begin = space.end() if space else begin
    end = min(len(value), begin + SNIPPET_CHARS)
    if end < len(value):  # to the end of the last whole word
        spaces = [match.start() for match in _SPACES.finditer(value, first, end)]
        end = spaces[-1] if spaces else end
    part = _plain(value[begin:end])
    pieces, done = [], 0
    for start, stop, key in word_spans(part):
        if matcher(part[start:stop], key):
            pieces += [part[done:start], markers[0], part[start:stop], markers[1]]
            done = stop
    pieces.append(part[done:])
    return ("…" if begin else "") + "".join(pieces) + ("…" if end < len(value) else "")

"""The release archive: for a prisoner, one folder with every letter to and from them, so the
letters that never arrived can be handed over on release.

    <name> - release archive <date>/
        correspondence.pdf      the whole correspondence, in date order
        index.txt, index.json   one line / entry per letter, with its status
        letters/001 2024-03-15 outgoing withheld.txt / .json   each letter, its censorship
                                events and translations (JSON: the export format's fields)

An existing folder is never overwritten: a number is added to the name.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

from ..domain.enums import CensorshipKind, Direction, LetterStatus
from ..domain.timestamps import utc_now
from ..i18n import _
from ..store.correspondence import Correspondence, LetterRecord
from ..store.exchange import record_to_dict
from .display import enum_label, format_partial_date, language_pair
from .letter_documents import correspondence_html, did_not_arrive, direction_line, save_html_pdf

Progress = Callable[[int, int], bool]  # (done, total) -> go on?


def safe_name(text: str, limit: int = 60) -> str:
    kept = "".join(c if c.isalnum() or c in " -_.,()" else "_" for c in text).strip(" .")
    return kept[:limit].strip() or "letter"


def _unused(path: Path) -> Path:
    if not path.exists():
        return path
    number = 2
    while path.with_name(f"{path.name} ({number})").exists():
        number += 1
    return path.with_name(f"{path.name} ({number})")


def letter_file_stem(number: int, record: LetterRecord) -> str:
    letter = record.letter
    when = letter.written_on or letter.sent_on or letter.received_on or "undated"
    return safe_name(f"{number:03d} {when} {letter.direction} {letter.status}")


def letter_text(record: LetterRecord, prisoner_name: str) -> str:
    """A letter as plain text: facts, censorship, text, translations."""
    letter = record.letter
    lines = [letter.title or _("Untitled letter"), "",
             direction_line(record, prisoner_name),
             _("Status: {status}").format(status=enum_label(letter.status, LetterStatus))]
    missing = did_not_arrive(record)
    if missing:
        lines.append(_("Did not arrive: {reason}").format(reason=missing))
    for label, value in ((_("Written"), letter.written_on), (_("Sent"), letter.sent_on),
                         (_("Received"), letter.received_on)):
        if value:
            lines.append(f"{label}: {format_partial_date(value)}")
    if record.facility_name:
        lines.append(_("Facility: {name}").format(name=record.facility_name))
    if record.censorship_events:
        lines += ["", _("Censorship") + ":"]
        for event in record.censorship_events:
            when = format_partial_date(event.noted_on)
            line = "- " + enum_label(event.kind, CensorshipKind) + (f" ({when})" if when else "")
            lines.append(line + (f": {event.note}" if event.note else ""))
    lines += ["", letter.body or _("The text of this letter is not recorded.")]
    if letter.notes:
        lines += ["", _("Notes") + ": " + letter.notes]
    for translation in record.translations:
        lines += ["", "— " + _("Translation {languages}").format(
            languages=language_pair(translation.source_language, translation.target_language))
            + (f", {translation.translator}" if translation.translator else "") + " —",
                  translation.text or _("No translated text yet.")]
    return "\n".join(lines) + "\n"


def letter_json(record: LetterRecord) -> dict:
    return {
        "letter": record_to_dict("letters", record.letter),
        "facility": record.facility_name,
        "correspondent": record.correspondent_name,
        "did_not_arrive": did_not_arrive(record) is not None,
        "censorship_events": [record_to_dict("censorship_events", e)
                              for e in record.censorship_events],
        "translations": [record_to_dict("translations", t) for t in record.translations],
    }


def _write(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def write_release_archive(data: Correspondence, parent: Path,
                          progress: Progress | None = None) -> Path | None:
    """Write the archive folder under `parent`; its path, or None when cancelled (the
    partial folder is then left, named as it is, for the user to remove or keep)."""
    prisoner = data.prisoner
    made = utc_now()[:10]
    folder = _unused(parent / safe_name(
        _("{name} - release archive {date}").format(name=prisoner.full_name, date=made), 120))
    letters_dir = folder / "letters"
    letters_dir.mkdir(parents=True)
    total = len(data.letters) + 1
    index = []
    for number, record in enumerate(data.letters, 1):
        if progress is not None and not progress(number - 1, total):
            return None
        stem = letter_file_stem(number, record)
        _write(letters_dir / f"{stem}.txt", letter_text(record, prisoner.full_name))
        _write(letters_dir / f"{stem}.json",
               json.dumps(letter_json(record), ensure_ascii=False, indent=2) + "\n")
        letter = record.letter
        index.append({
            "number": number, "file": f"letters/{stem}.txt", "id": letter.id,
            "date": letter.written_on or letter.sent_on or letter.received_on,
            "direction": letter.direction, "status": letter.status,
            "did_not_arrive": did_not_arrive(record), "title": letter.title,
            "censorship": [e.kind for e in record.censorship_events],
            "translations": [t.target_language for t in record.translations],
        })
    if progress is not None and not progress(total - 1, total):
        return None
    save_html_pdf(correspondence_html(data, made_on=made), str(folder / "correspondence.pdf"),
                  prisoner.full_name)
    _write(folder / "index.json", json.dumps({
        "prisoner": record_to_dict("prisoners", prisoner), "made_on": made,
        "letters": index}, ensure_ascii=False, indent=2) + "\n")
    lines = [_("Correspondence with {name}").format(name=prisoner.full_name),
             _("Made on {date}").format(date=format_partial_date(made)), ""]
    for entry in index:
        status = enum_label(entry["status"], LetterStatus)
        if entry["did_not_arrive"] and entry["did_not_arrive"] != status:
            status += f" ({entry['did_not_arrive']})"
        flag = "!" if entry["did_not_arrive"] else " "
        lines.append(f"{flag} {entry['number']:3d}  {format_partial_date(entry['date']):<18} "
                     f"{enum_label(entry['direction'], Direction):<10} {status:<24} "
                     f"{entry['title'] or ''}")
    lines += ["", _("! marks a letter that did not arrive.")]
    _write(folder / "index.txt", "\n".join(lines) + "\n")
    if progress is not None:
        progress(total, total)
    return folder

"""Letters as printable documents: one letter with its translations, or a prisoner's whole
correspondence in date order, as HTML for a QTextDocument, printed or saved as PDF.

Dates keep the precision the record has ("March 2024" stays a month); letters that never
arrived (withheld, returned, lost) are marked as such, with the censor's notes.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter

from ..domain.enums import CensorshipKind, Channel, Direction, LetterStatus, TranslationStatus
from ..domain.timestamps import utc_now
from ..i18n import _, ngettext
from ..store.correspondence import Correspondence, LetterRecord
from .display import enum_label, format_partial_date, language_name, language_pair

NOT_ARRIVED = {LetterStatus.WITHHELD.value, LetterStatus.RETURNED.value,
               LetterStatus.LOST.value}
NOT_ARRIVED_KINDS = {CensorshipKind.WITHHELD.value, CensorshipKind.RETURNED.value,
                     CensorshipKind.LOST.value}

STYLE = """
body { font-family: 'DejaVu Serif', serif; font-size: 10.5pt; }
h1 { font-size: 17pt; margin-bottom: 2px; }
h2 { font-size: 13pt; margin-top: 18px; margin-bottom: 2px; }
h3 { font-size: 11pt; margin-top: 10px; margin-bottom: 2px; }
.meta { color: #444444; font-size: 9pt; }
.warning { color: #a00000; font-weight: bold; }
.body { white-space: pre-wrap; }
td { padding: 1px 6px 1px 0; vertical-align: top; }
th { text-align: left; padding: 2px 6px 2px 0; border-bottom: 1px solid #888888; }
"""


def _text(value: str | None) -> str:
    """Escaped text that keeps its line breaks."""
    return escape(value or "").replace("\n", "<br/>")


def letter_date(record: LetterRecord) -> str:
    letter = record.letter
    return format_partial_date(letter.written_on or letter.sent_on or letter.received_on)


def did_not_arrive(record: LetterRecord) -> str | None:
    """Why the letter never reached its reader, in words, or None."""
    status = record.letter.status
    if status in NOT_ARRIVED:
        return enum_label(status, LetterStatus)
    for event in record.censorship_events:
        if event.kind in NOT_ARRIVED_KINDS:
            return enum_label(event.kind, CensorshipKind)
    return None


def direction_line(record: LetterRecord, prisoner_name: str) -> str:
    correspondent = record.correspondent_name
    if record.letter.direction == Direction.OUTGOING.value:
        if correspondent:
            return _("From {correspondent} to {prisoner}").format(
                correspondent=correspondent, prisoner=prisoner_name)
        return _("To {prisoner}").format(prisoner=prisoner_name)
    if correspondent:
        return _("From {prisoner} to {correspondent}").format(
            prisoner=prisoner_name, correspondent=correspondent)
    return _("From {prisoner}").format(prisoner=prisoner_name)


def _dates(record: LetterRecord) -> list[tuple[str, str]]:
    letter = record.letter
    rows = [(_("Written"), letter.written_on), (_("Sent"), letter.sent_on),
            (_("Received"), letter.received_on)]
    return [(label, format_partial_date(value)) for label, value in rows if value]


def letter_html(record: LetterRecord, prisoner_name: str, heading: str = "h2") -> str:
    """One letter: heading, facts, censorship, text, then each translation after it."""
    letter = record.letter
    title = letter.title or _("Untitled letter")
    parts = [f"<{heading}>{escape(letter_date(record) or _('Undated'))} — {escape(title)}"
             f"</{heading}>"]
    facts = [(_("Direction"), direction_line(record, prisoner_name)),
             (_("Status"), enum_label(letter.status, LetterStatus)),
             (_("Channel"), enum_label(letter.channel, Channel)),
             *_dates(record)]
    if record.facility_name:
        facts.append((_("Facility"), record.facility_name))
    if letter.language:
        facts.append((_("Language"), language_name(letter.language)))
    if letter.tracking_number:
        facts.append((_("Tracking number"), letter.tracking_number))
    if letter.published_in:
        facts.append((_("Published in"), letter.published_in))
    rows = "".join(f"<tr><td>{escape(label)}</td><td>{escape(value)}</td></tr>"
                   for label, value in facts if value)
    parts.append(f'<table class="meta">{rows}</table>')
    missing = did_not_arrive(record)
    if missing:
        warning = _("Did not arrive: {reason}").format(reason=missing)
        parts.append(f'<p class="warning">{escape(warning)}</p>')
    if record.censorship_events:
        items = []
        for event in record.censorship_events:
            when = format_partial_date(event.noted_on)
            line = enum_label(event.kind, CensorshipKind) + (f" ({when})" if when else "")
            if event.note:
                line += ": " + event.note
            items.append(f"<li>{_text(line)}</li>")
        parts.append(f"<h3>{escape(_('Censorship'))}</h3><ul>{''.join(items)}</ul>")
    if letter.summary:
        parts.append(f"<p><i>{_text(letter.summary)}</i></p>")
    if letter.body:
        parts.append(f'<h3>{escape(_("Text"))}</h3><p class="body">{_text(letter.body)}</p>')
    else:
        missing_text = _("The text of this letter is not recorded.")
        parts.append(f'<p class="meta">{escape(missing_text)}</p>')
    if letter.notes:
        parts.append(f'<p class="meta">{escape(_("Notes"))}: {_text(letter.notes)}</p>')
    for translation in record.translations:
        status = enum_label(translation.status, TranslationStatus)
        heading_text = _("Translation {languages} ({status})").format(
            languages=language_pair(translation.source_language, translation.target_language),
            status=status)
        by = (" — " + escape(translation.translator)) if translation.translator else ""
        parts.append(f"<h3>{escape(heading_text)}{by}</h3>")
        if translation.text:
            parts.append(f'<p class="body">{_text(translation.text)}</p>')
        else:
            parts.append(f'<p class="meta">{escape(_("No translated text yet."))}</p>')
    return "\n".join(parts)


def _head(title: str) -> str:
    return (f"<html><head><meta charset='utf-8'><title>{escape(title)}</title>"
            f"<style>{STYLE}</style></head><body>")


def single_letter_html(data: Correspondence) -> str:
    prisoner = data.prisoner
    body = "".join(letter_html(record, prisoner.full_name, "h1") for record in data.letters)
    return _head(prisoner.full_name) + body + "</body></html>"


def correspondence_html(data: Correspondence, *, made_on: str | None = None) -> str:
    """The whole correspondence: a title page with an index, then every letter in order."""
    prisoner = data.prisoner
    count = len(data.letters)
    missing = sum(1 for record in data.letters if did_not_arrive(record))
    heading = _("Correspondence with {name}").format(name=prisoner.full_name)
    lines = [f"<h1>{escape(heading)}</h1>"]
    details = [prisoner.latin_name or "",
               _("born {year}").format(year=prisoner.birth_year) if prisoner.birth_year else ""]
    if any(details):
        lines.append(f'<p class="meta">{escape(", ".join(d for d in details if d))}</p>')
    summary = ngettext("{count} letter", "{count} letters", count).format(count=count)
    if missing:
        summary += "; " + ngettext("{count} did not arrive", "{count} did not arrive",
                                   missing).format(count=missing)
    made = made_on or utc_now()[:10]
    lines.append(f'<p class="meta">{escape(summary)}. '
                 f'{escape(_("Made on {date}").format(date=format_partial_date(made)))}</p>')
    if data.letters:
        rows = [f"<tr><th>#</th><th>{escape(_('Date'))}</th><th>{escape(_('Direction'))}</th>"
                f"<th>{escape(_('Status'))}</th><th>{escape(_('Title'))}</th></tr>"]
        for number, record in enumerate(data.letters, 1):
            letter = record.letter
            status = enum_label(letter.status, LetterStatus)
            reason = did_not_arrive(record)
            if reason and reason != status:
                status += f" ({reason})"
            cell = f'<span class="warning">{escape(status)}</span>' if reason else escape(status)
            rows.append(f"<tr><td>{number}</td><td>{escape(letter_date(record))}</td>"
                        f"<td>{escape(enum_label(letter.direction, Direction))}</td>"
                        f"<td>{cell}</td><td>{escape(letter.title or '')}</td></tr>")
        lines.append(f"<table>{''.join(rows)}</table>")
    else:
        lines.append(f"<p>{escape(_('No letters are recorded.'))}</p>")
    for number, record in enumerate(data.letters, 1):
        lines.append("<hr/>")
        lines.append(letter_html(record, prisoner.full_name, "h2").replace(
            "<h2>", f"<h2>{number}. ", 1))
    return _head(heading) + "\n".join(lines) + "</body></html>"


def a4_printer(path: str | None = None) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                      QPageLayout.Orientation.Portrait,
                                      QMarginsF(20, 18, 18, 18), QPageLayout.Unit.Millimeter))
    if path is not None:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(path)
    return printer


def print_html(html: str, printer: QPrinter, title: str = "") -> None:
    document = QTextDocument()
    document.setHtml(html)
    if title:
        document.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, title)
        printer.setDocName(title)
    document.print_(printer)


def save_html_pdf(html: str, path: str, title: str = "") -> None:
    """Write the document as an A4 PDF. Raises OSError when the file cannot be written."""
    try:
        with open(path, "ab"):
            pass
    except OSError as error:
        raise OSError(_("Could not write {path}: {error}").format(path=path,
                                                                 error=error.strerror)) from None
    print_html(html, a4_printer(path), title)

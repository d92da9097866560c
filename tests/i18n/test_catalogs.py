"""The committed catalogs: complete, with intact placeholders, and the .pot current."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from lettermanager.i18n import LOCALE_DIR, SUPPORTED
from lettermanager.i18n.catalogs import TEMPLATE, extract, msgids, read_catalog

LANGUAGES = [code for code in SUPPORTED if code != "en"]
PLURALS = {"ru": 3, "uk": 3, "fr": 2}
SHOWN = 40  # missing messages named in a failure


def _po(code: str) -> Catalog:
    return read_catalog(LOCALE_DIR / code / "LC_MESSAGES" / "lettermanager.po")


def _template() -> Catalog:
    with open(TEMPLATE, "rb") as handle:
        return read_po(handle)


def _forms(message: Message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple | list) else [message.string]


def _ids(message: Message) -> list[str]:
    return list(message.id) if isinstance(message.id, tuple | list) else [message.id]


def _fields(text: str) -> set[str]:
    """The {names} of a format string; ValueError for a broken brace."""
    return {field for _text, field, _spec, _conv in string.Formatter().parse(text)
            if field is not None}


def _listing(items: list[str]) -> str:
    lines = [f"  {item!r}" for item in items[:SHOWN]]
    if len(items) > SHOWN:
        lines.append(f"  ... and {len(items) - SHOWN} more")
    return "\n".join(lines)


def untranslated(template: Catalog, catalog: Catalog, code: str) -> list[str]:
    """What is missing, empty or fuzzy in `catalog`, listed for a failure message."""
    missing, empty, fuzzy = [], [], []
    for message in template:
        if not message.id:
            continue
        entry = catalog.get(message.id, context=message.context)
        key = _ids(message)[0]
        if entry is None:
            missing.append(key)
        elif entry.fuzzy:
            fuzzy.append(key)
        elif not all(form.strip() for form in _forms(entry)):
            empty.append(key)
    return [f"{code}: {len(found)} {what}:\n{_listing(found)}"
            for what, found in (("missing from the .po (run `python -m "
                                 "lettermanager.i18n.catalogs update`)", missing),
                                ("not translated (or a plural form empty)", empty),
                                ("fuzzy (check them and remove the flag)", fuzzy))
            if found]


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_template_message_is_translated(code):
    problems = untranslated(_template(), _po(code), code)
    assert not problems, "\n".join(problems)


def test_a_missing_empty_or_fuzzy_message_is_reported():
    template = Catalog()
    for message in ("Letters", "Prisoners", "Facilities", "Done"):
        template.add(message)
    template.add(("{n} letter", "{n} letters"))
    catalog = Catalog(locale="ru")
    catalog.add("Letters", "Письма")
    catalog.add("Prisoners", "Узники", flags=["fuzzy"])
    catalog.add("Facilities", "")
    catalog.add(("{n} letter", "{n} letters"), ("{n} письмо", "", "{n} писем"))
    report = "\n".join(untranslated(template, catalog, "ru"))
    assert "ru: 1 missing" in report and "'Done'" in report
    assert "2 not translated" in report and "'Facilities'" in report and "'{n} letter'" in report
    assert "1 fuzzy" in report and "'Prisoners'" in report
    assert "'Letters'" not in report
    complete = Catalog(locale="ru")
    for message, translation in (("Letters", "Письма"), ("Prisoners", "Узники"),
                                 ("Facilities", "Учреждения"), ("Done", "Готово")):
        complete.add(message, translation)
    complete.add(("{n} letter", "{n} letters"), ("{n} письмо", "{n} письма", "{n} писем"))
    assert untranslated(template, complete, "ru") == []


@pytest.mark.parametrize("code", LANGUAGES)
def test_placeholders_are_kept_in_every_form(code):
    broken = []
    for entry in _po(code):
        if not entry.id:
            continue
        try:
            expected = set().union(*(_fields(text) for text in _ids(entry)))
        except ValueError:  # the English text is not a format string: nothing to keep
            expected = None
        for index, form in enumerate(_forms(entry)):
            if not form:
                continue
            where = f"{_ids(entry)[0]!r} [form {index}]: {form!r}"
            try:
                found = _fields(form)
            except ValueError as exc:
                if expected is not None:
                    broken.append(f"{where}: {exc}")
                continue
            if expected is not None and found != expected:
                broken.append(f"{where}: has {sorted(found)}, needs {sorted(expected)}")
    assert not broken, f"{code}: broken placeholders:\n" + "\n".join(broken)


@pytest.mark.parametrize("code", LANGUAGES)
def test_plural_forms_header(code):
    catalog = _po(code)
    assert catalog.num_plurals == PLURALS[code]
    if code == "fr":  # zero is singular in French: "0 lettre"
        assert catalog.plural_expr.replace(" ", "") in {"(n>1)", "n>1"}
    for entry in catalog:
        if entry.id and isinstance(entry.id, tuple | list) and any(_forms(entry)):
            assert len(_forms(entry)) == PLURALS[code], entry.id


def test_the_template_is_current():
    committed, current = msgids(_template()), msgids(extract())
    new = sorted(str(m) for m in current - committed)
    gone = sorted(str(m) for m in committed - current)
    assert not new and not gone, (
        f"{TEMPLATE.name} is out of date; run `python -m lettermanager.i18n.catalogs extract`"
        f"\nnot in the .pot ({len(new)}):\n{_listing(new)}"
        f"\nno longer in the source ({len(gone)}):\n{_listing(gone)}")


def test_placeholder_checker_catches_mistakes(tmp_path):
    """The checks above would see a dropped, renamed or broken placeholder."""
    assert _fields("{count} писем") == {"count"}
    assert _fields("{coutn} писем") != {"count"}
    with pytest.raises(ValueError):
        _fields("{count писем")
    with pytest.raises(ValueError):
        _fields("count} писем")
    path = Path(tmp_path / "x.po")
    path.write_text('msgid "Sent {date}"\nmsgstr "Отправлено"\n', encoding="utf-8")
    with open(path, "rb") as handle:
        entry = read_po(handle).get("Sent {date}")
    assert _fields(entry.id) != _fields(entry.string)

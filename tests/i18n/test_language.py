"""Choosing the language and loading its catalog (.mo when current, else the .po in memory)."""

from __future__ import annotations

import logging
import os

import pytest
from i18n_samples import RU_ENTRIES, RU_HEADER, write_po

from lettermanager import i18n
from lettermanager.cli import build_parser, main
from lettermanager.i18n import _, ngettext
from lettermanager.i18n.catalogs import compile_catalog


def test_a_po_without_mo_is_compiled_in_memory(locale_dir):
    assert i18n.set_language("ru") == "ru"
    assert _("Letters") == "Письма"
    assert _("Not in the catalog") == "Not in the catalog"
    assert _("Prisoners") == "Prisoners"  # fuzzy entries are not used
    assert not list(locale_dir.rglob("*.mo"))  # nothing written into the package


@pytest.mark.parametrize(("n", "expected"), [
    (1, "1 письмо"), (3, "3 письма"), (5, "5 писем"), (11, "11 писем"), (21, "21 письмо"),
    (22, "22 письма"), (0, "0 писем"),
])
def test_russian_plural_forms(locale_dir, n, expected):
    i18n.set_language("ru")
    assert ngettext("{count} letter", "{count} letters", n).format(count=n) == expected


def test_a_current_mo_is_used_and_an_older_one_is_not(locale_dir):
    po = locale_dir / "ru" / "LC_MESSAGES" / "lettermanager.po"
    mo = po.with_suffix(".mo")
    compiled = compile_catalog(po)
    # A .mo built from an older .po that translated "Letters" differently.
    write_po(locale_dir, "ru", RU_HEADER + RU_ENTRIES.replace("Письма", "Старые письма"))
    mo.write_bytes(compile_catalog(po))
    po.write_text(RU_HEADER + RU_ENTRIES, encoding="utf-8")

    os.utime(mo, (1_000_000, 1_000_000))  # the .mo is older than the .po: the .po wins
    i18n.set_language("ru")
    assert _("Letters") == "Письма"

    os.utime(po, (1_000_000, 1_000_000))
    os.utime(mo, (2_000_000, 2_000_000))  # the .mo is newer: it is used as it is
    i18n.set_language("ru")
    assert _("Letters") == "Старые письма"
    assert compiled != mo.read_bytes()


def test_a_damaged_or_missing_catalog_gives_english(locale_dir, caplog):
    po = write_po(locale_dir, "fr", 'msgid "Letters"\nmsgstr "Lettres"\n', mtime=1_000_000)
    po.with_suffix(".mo").write_bytes(b"not a catalog")  # newer than the .po, and damaged
    with caplog.at_level(logging.WARNING):
        assert i18n.set_language("fr") == "fr"
    assert _("Letters") == "Letters"
    assert "fr catalog" in caplog.text
    assert i18n.set_language("uk") == "uk"  # no catalog at all
    assert _("Letters") == "Letters"


def test_english_is_the_source(locale_dir):
    i18n.set_language("ru")
    i18n.set_language("en")
    assert _("Letters") == "Letters"
    assert ngettext("{count} letter", "{count} letters", 1) == "{count} letter"


@pytest.mark.parametrize(("given", "code"), [
    ("ru", "ru"), ("RU", "ru"), ("ru_RU.UTF-8", "ru"), ("fr-CA", "fr"), ("uk_UA", "uk"),
])
def test_language_codes_are_normalized(given, code):
    assert i18n.normalize_language(given) == code


def test_lang_wins_then_settings_then_system(monkeypatch, caplog):
    monkeypatch.setenv("LANGUAGE", "uk_UA")
    assert i18n.choose_language("fr", "ru") == "fr"
    assert i18n.choose_language(None, "ru") == "ru"
    assert i18n.choose_language(None, None) == "uk"
    with caplog.at_level(logging.WARNING):  # a hand-edited settings file never stops the app
        assert i18n.choose_language(None, "klingon") == "uk"
    assert "klingon" in caplog.text
    with pytest.raises(ValueError, match="choose one of en, ru, uk, fr"):
        i18n.choose_language("xx", "ru")


def test_system_language_falls_back_to_english(monkeypatch):
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert i18n.system_language() == "en"
    monkeypatch.setenv("LC_ALL", "ru_RU.UTF-8")
    assert i18n.system_language() == "ru"


def test_lang_xx_is_a_clear_usage_error(capsys, tmp_path):
    with pytest.raises(SystemExit) as exit_info:
        main(["--data-dir", str(tmp_path), "--lang", "xx", "check"])
    assert exit_info.value.code == 2
    error = capsys.readouterr().err
    assert "--lang" in error and "'xx'" in error and "en, ru, uk, fr" in error
    assert not (tmp_path / "lettermanager.sqlite3").exists()
    assert build_parser().parse_args(["--lang", "RU"]).lang == "ru"


def test_a_half_translated_plural_falls_back_to_english_for_the_empty_form(locale_dir):
    write_po(locale_dir, "ru", RU_HEADER + '''msgid "{n} facility"
msgid_plural "{n} facilities"
msgstr[0] "{n} учреждение"
msgstr[1] ""
msgstr[2] "{n} учреждений"
''')
    i18n.set_language("ru")
    # babel's .mo writer puts the English text in an empty form: never a blank label.
    assert ngettext("{n} facility", "{n} facilities", 3) == "{n} facilities"
    assert ngettext("{n} facility", "{n} facilities", 1) == "{n} учреждение"
    assert ngettext("{n} facility", "{n} facilities", 5) == "{n} учреждений"

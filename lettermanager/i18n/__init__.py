"""Translation of the interface: `from lettermanager.i18n import _, ngettext`.

`set_language()` picks the catalog; until then strings pass through in English (the source
language). Catalogs live in i18n/locale/<code>/LC_MESSAGES/lettermanager.po; the build compiles
them to .mo, and a source checkout (no .mo, or an older one) compiles the .po in memory.
"""

from __future__ import annotations

import gettext as _gettext
import locale
import logging
import os
from io import BytesIO
from pathlib import Path

from ..domain import messages as _domain_messages

DOMAIN = "lettermanager"
LOCALE_DIR = Path(__file__).parent / "locale"
SUPPORTED = ("en", "ru", "uk", "fr")

log = logging.getLogger(__name__)

_translations: _gettext.NullTranslations = _gettext.NullTranslations()
_language = "en"


def system_language() -> str:
    """The system's language if the app speaks it, else English."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:
            code = value.split(":")[0].split("_")[0].split(".")[0].lower()
            return code if code in SUPPORTED else "en"
    code = (locale.getlocale()[0] or "en").split("_")[0].lower()
    return code if code in SUPPORTED else "en"


def normalize_language(code: str) -> str:
    """"ru_RU.UTF-8", "RU" or "ru-RU" as "ru". Raises ValueError naming the languages spoken."""
    cleaned = code.strip().replace("-", "_").split(".")[0].split("_")[0].lower()
    if cleaned not in SUPPORTED:
        raise ValueError(f"unsupported language {code!r}; choose one of {', '.join(SUPPORTED)}")
    return cleaned


def load_translations(code: str, locale_dir: Path | None = None) -> _gettext.NullTranslations:
    """The catalog for `code`: its .mo when it is current, else its .po compiled in memory.

    A missing or unreadable catalog gives English (logged), never an exception.
    """
    folder = (locale_dir or LOCALE_DIR) / code / "LC_MESSAGES"
    mo, po = folder / f"{DOMAIN}.mo", folder / f"{DOMAIN}.po"
    try:
        if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
            with open(mo, "rb") as handle:
                return _gettext.GNUTranslations(handle)
        if po.is_file():
            return _gettext.GNUTranslations(BytesIO(_compile_po(po, code)))
    except Exception as exc:  # a damaged catalog must not stop the app: show English
        log.warning("cannot read the %s catalog: %s", code, exc)
    return _gettext.NullTranslations()


def _compile_po(po: Path, code: str) -> bytes:
    from babel.messages.mofile import write_mo  # babel is loaded only when a .po is compiled
    from babel.messages.pofile import read_po

    with open(po, "rb") as handle:
        catalog = read_po(handle, locale=code, domain=DOMAIN)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def set_language(code: str | None) -> str:
    """Use the catalog for `code` (None: the system language). Returns the code in use."""
    global _translations, _language
    code = normalize_language(code or system_language())
    _translations = (_gettext.NullTranslations() if code == "en"
                     else load_translations(code, LOCALE_DIR))
    _language = code
    _domain_messages.set_translations(None if code == "en" else _translations)
    return code


def choose_language(requested: str | None, saved: str | None) -> str:
    """The language to start in: `--lang` (ValueError when unsupported), else the one saved in
    Settings (ignored, with a log line, when the file holds something unsupported), else the
    system's."""
    if requested:
        return normalize_language(requested)
    if saved:
        try:
            return normalize_language(saved)
        except ValueError:
            log.warning("the saved interface language %r is not supported", saved)
    return system_language()


def current_language() -> str:
    return _language


def _(message: str) -> str:
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """A word that reads differently by what it names ("Name" of a facility / of a person)."""
    return _translations.pgettext(context, message)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet."""
    return message

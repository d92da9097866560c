"""Translation of the interface: `from lettermanager.i18n import _, ngettext`.

`set_language()` picks the catalog; until then strings pass through in English (the source
language). Catalogs live in i18n/locale/<code>/LC_MESSAGES/lettermanager.mo.
"""

from __future__ import annotations

import gettext as _gettext
import locale
import os
from pathlib import Path

DOMAIN = "lettermanager"
LOCALE_DIR = Path(__file__).parent / "locale"
SUPPORTED = ("en", "ru", "uk", "fr")

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


def set_language(code: str | None) -> str:
    """Use the catalog for `code` (None: the system language). Returns the code in use."""
    global _translations, _language
    code = (code or system_language()).lower()
    if code not in SUPPORTED:
        raise ValueError(f"unsupported language {code!r}; choose one of {', '.join(SUPPORTED)}")
    _translations = _gettext.translation(DOMAIN, LOCALE_DIR, languages=[code], fallback=True)
    _language = code
    return code


def current_language() -> str:
    return _language


def _(message: str) -> str:
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet."""
    return message
